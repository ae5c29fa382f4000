package io.twisted.web.http;

/**
 * The limits an {@link HttpParser} enforces, each with the status a server answers when a client
 * passes it. The defaults ({@link #DEFAULTS}) suit a public server.
 *
 * @param maxStartLine longest request line or status line in bytes, CRLF included (default
 *     {@value #DEFAULT_MAX_START_LINE}); longer request lines get 414 URI Too Long (RFC 9112 section 3)
 * @param maxHeaderSection most bytes in the header section, every field line and its CRLF, the
 *     same again for trailers (default {@value #DEFAULT_MAX_HEADER_SECTION}); more gets 431 (RFC 6585 section 5)
 * @param maxHeaderFields most header fields (default {@value #DEFAULT_MAX_HEADER_FIELDS}); more gets 431
 * @param maxBody most bytes of content, after chunked decoding (default {@value #DEFAULT_MAX_BODY});
 *     more gets 413 Content Too Large (RFC 9110 section 15.5.14)
 */
public record HttpLimits(int maxStartLine, int maxHeaderSection, int maxHeaderFields, long maxBody) {

    /** Default longest start line: 8 KiB, as most servers. */
    public static final int DEFAULT_MAX_START_LINE = 8 * 1024;
    /** Default largest header section: 64 KiB. */
    public static final int DEFAULT_MAX_HEADER_SECTION = 64 * 1024;
    /** Default most header fields: 100. */
    public static final int DEFAULT_MAX_HEADER_FIELDS = 100;
    /** Default largest body: 10 MiB. */
    public static final long DEFAULT_MAX_BODY = 10L * 1024 * 1024;

    /** The defaults. */
    public static final HttpLimits DEFAULTS = new HttpLimits(DEFAULT_MAX_START_LINE, DEFAULT_MAX_HEADER_SECTION,
            DEFAULT_MAX_HEADER_FIELDS, DEFAULT_MAX_BODY);

    /** Checks that the limits are usable. */
    public HttpLimits {
        if (maxStartLine < 16 || maxHeaderSection < 16 || maxHeaderFields < 1 || maxBody < 0) {
            throw new IllegalArgumentException("unusable HTTP limits: " + maxStartLine + ", " + maxHeaderSection
                    + ", " + maxHeaderFields + ", " + maxBody);
        }
    }

    /** These limits with another longest start line. */
    public HttpLimits withMaxStartLine(int bytes) {
        return new HttpLimits(bytes, maxHeaderSection, maxHeaderFields, maxBody);
    }

    /** These limits with another largest header section. */
    public HttpLimits withMaxHeaderSection(int bytes) {
        return new HttpLimits(maxStartLine, bytes, maxHeaderFields, maxBody);
    }

    /** These limits with another most header fields. */
    public HttpLimits withMaxHeaderFields(int fields) {
        return new HttpLimits(maxStartLine, maxHeaderSection, fields, maxBody);
    }

    /** These limits with another largest body. */
    public HttpLimits withMaxBody(long bytes) {
        return new HttpLimits(maxStartLine, maxHeaderSection, maxHeaderFields, bytes);
    }
}
