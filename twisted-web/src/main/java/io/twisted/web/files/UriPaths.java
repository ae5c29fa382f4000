package io.twisted.web.files;

import java.nio.charset.StandardCharsets;

/** Percent-encoding of path segments (RFC 3986 section 2.1), for links in listings and proxied paths. */
public final class UriPaths {

    private UriPaths() {
    }

    /** Encodes every byte of the UTF-8 form except unreserved characters. */
    public static String encodeSegment(String segment) {
        StringBuilder sb = new StringBuilder(segment.length() + 8);
        for (byte b : segment.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.'
                    || c == '_' || c == '~') {
                sb.append((char) c);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return sb.toString();
    }
}
