package io.twisted.web.http;

/** Status codes this project names, and their reason phrases (RFC 9110 section 15). */
public final class HttpStatus {

    /** 100 Continue. */
    public static final int CONTINUE = 100;
    /** 200 OK. */
    public static final int OK = 200;
    /** 204 No Content. */
    public static final int NO_CONTENT = 204;
    /** 206 Partial Content. */
    public static final int PARTIAL_CONTENT = 206;
    /** 301 Moved Permanently. */
    public static final int MOVED_PERMANENTLY = 301;
    /** 302 Found. */
    public static final int FOUND = 302;
    /** 304 Not Modified. */
    public static final int NOT_MODIFIED = 304;
    /** 400 Bad Request. */
    public static final int BAD_REQUEST = 400;
    /** 403 Forbidden. */
    public static final int FORBIDDEN = 403;
    /** 404 Not Found. */
    public static final int NOT_FOUND = 404;
    /** 405 Method Not Allowed. */
    public static final int METHOD_NOT_ALLOWED = 405;
    /** 408 Request Timeout. */
    public static final int REQUEST_TIMEOUT = 408;
    /** 411 Length Required. */
    public static final int LENGTH_REQUIRED = 411;
    /** 412 Precondition Failed. */
    public static final int PRECONDITION_FAILED = 412;
    /** 413 Content Too Large. */
    public static final int CONTENT_TOO_LARGE = 413;
    /** 414 Uri Too Long. */
    public static final int URI_TOO_LONG = 414;
    /** 416 Range Not Satisfiable. */
    public static final int RANGE_NOT_SATISFIABLE = 416;
    /** 417 Expectation Failed. */
    public static final int EXPECTATION_FAILED = 417;
    /** 431 Request Header Fields Too Large. */
    public static final int REQUEST_HEADER_FIELDS_TOO_LARGE = 431;
    /** 500 Internal Server Error. */
    public static final int INTERNAL_SERVER_ERROR = 500;
    /** 501 Not Implemented. */
    public static final int NOT_IMPLEMENTED = 501;
    /** 502 Bad Gateway. */
    public static final int BAD_GATEWAY = 502;
    /** 505 HTTP Version Not Supported. */
    public static final int HTTP_VERSION_NOT_SUPPORTED = 505;

    private HttpStatus() {
    }

    /** The reason phrase for {@code code}, or a generic one for codes without a name here. */
    public static String reasonPhrase(int code) {
        switch (code) {
            case 100: return "Continue";
            case 101: return "Switching Protocols";
            case 200: return "OK";
            case 201: return "Created";
            case 202: return "Accepted";
            case 204: return "No Content";
            case 206: return "Partial Content";
            case 301: return "Moved Permanently";
            case 302: return "Found";
            case 303: return "See Other";
            case 304: return "Not Modified";
            case 307: return "Temporary Redirect";
            case 308: return "Permanent Redirect";
            case 400: return "Bad Request";
            case 401: return "Unauthorized";
            case 403: return "Forbidden";
            case 404: return "Not Found";
            case 405: return "Method Not Allowed";
            case 406: return "Not Acceptable";
            case 408: return "Request Timeout";
            case 409: return "Conflict";
            case 410: return "Gone";
            case 411: return "Length Required";
            case 412: return "Precondition Failed";
            case 413: return "Content Too Large";
            case 414: return "URI Too Long";
            case 415: return "Unsupported Media Type";
            case 416: return "Range Not Satisfiable";
            case 417: return "Expectation Failed";
            case 431: return "Request Header Fields Too Large";
            case 500: return "Internal Server Error";
            case 501: return "Not Implemented";
            case 502: return "Bad Gateway";
            case 503: return "Service Unavailable";
            case 504: return "Gateway Timeout";
            case 505: return "HTTP Version Not Supported";
            default:
                if (code >= 200 && code < 300) {
                    return "Success";
                } else if (code >= 300 && code < 400) {
                    return "Redirection";
                } else if (code >= 400 && code < 500) {
                    return "Client Error";
                } else if (code >= 500 && code < 600) {
                    return "Server Error";
                }
                return "Informational";
        }
    }

    /** Whether a response with {@code code} never has content (1xx, 204, 304: RFC 9112 section 6.3). */
    public static boolean hasNoContent(int code) {
        return (code >= 100 && code < 200) || code == NO_CONTENT || code == NOT_MODIFIED;
    }
}
