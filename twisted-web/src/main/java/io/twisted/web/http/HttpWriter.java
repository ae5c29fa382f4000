package io.twisted.web.http;

import java.nio.charset.StandardCharsets;

/**
 * Serializes HTTP/1.1 message heads and chunked framing (RFC 9112 sections 3, 4, 5 and 7.1).
 *
 * <p>Header names must be tokens and values must not hold CR, LF or NUL, so that nothing a
 * resource puts in a header can split a response: violations throw {@link IllegalArgumentException}.
 */
public final class HttpWriter {

    /** CRLF. */
    public static final byte[] CRLF = {'\r', '\n'};
    /** The last chunk and the empty trailer section: {@code 0 CRLF CRLF}. */
    public static final byte[] LAST_CHUNK = {'0', '\r', '\n', '\r', '\n'};

    private HttpWriter() {
    }

    /** {@code version SP status SP reason CRLF} then the fields and the empty line. */
    public static byte[] responseHead(HttpVersion version, int status, String reason, HttpHeaders headers) {
        if (status < 100 || status > 999) {
            throw new IllegalArgumentException("status code out of range: " + status);
        }
        StringBuilder sb = new StringBuilder(256);
        sb.append(version).append(' ').append(status).append(' ').append(checkValue(reason, "reason phrase")).append("\r\n");
        return finishHead(sb, headers);
    }

    /** {@code method SP target SP version CRLF} then the fields and the empty line. */
    public static byte[] requestHead(String method, String target, HttpVersion version, HttpHeaders headers) {
        if (!HttpParser.isToken(method)) {
            throw new IllegalArgumentException("method is not a token: " + method);
        }
        for (int i = 0; i < target.length(); i++) {
            char c = target.charAt(i);
            if (c <= 0x20 || c >= 0x7f) {
                throw new IllegalArgumentException("invalid character in request target");
            }
        }
        StringBuilder sb = new StringBuilder(256);
        sb.append(method).append(' ').append(target).append(' ').append(version).append("\r\n");
        return finishHead(sb, headers);
    }

    private static byte[] finishHead(StringBuilder sb, HttpHeaders headers) {
        for (int i = 0; i < headers.size(); i++) {
            String name = headers.name(i);
            if (!HttpParser.isToken(name)) {
                throw new IllegalArgumentException("header name is not a token: " + name);
            }
            sb.append(name).append(": ").append(checkValue(headers.value(i), name)).append("\r\n");
        }
        sb.append("\r\n");
        return encode(sb);
    }

    private static byte[] encode(CharSequence s) {
        byte[] out = new byte[s.length()];
        for (int i = 0; i < out.length; i++) {
            char c = s.charAt(i);
            // Field values are ISO-8859-1 on the wire (RFC 9110 section 5.5); other characters become '?'.
            out[i] = c < 256 ? (byte) c : (byte) '?';
        }
        return out;
    }

    private static String checkValue(String value, String what) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\r' || c == '\n' || c == 0) {
                throw new IllegalArgumentException("CR, LF or NUL in " + what);
            }
        }
        return value;
    }

    /** The chunk-size line for a chunk of {@code length} bytes ({@code length} must be positive). */
    public static byte[] chunkHeader(int length) {
        if (length <= 0) {
            throw new IllegalArgumentException("chunk length must be positive: " + length);
        }
        return (Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }
}
