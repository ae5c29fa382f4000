package io.twisted.web.http;

/**
 * An HTTP version, {@code HTTP/major.minor} (RFC 9112 section 2.3).
 *
 * @param major the major version (only 1 is accepted by {@link HttpParser})
 * @param minor the minor version
 */
public record HttpVersion(int major, int minor) {

    /** HTTP/1.0. */
    public static final HttpVersion HTTP_1_0 = new HttpVersion(1, 0);
    /** HTTP/1.1. */
    public static final HttpVersion HTTP_1_1 = new HttpVersion(1, 1);

    /** Whether this is HTTP/1.1 or a later 1.x. */
    public boolean atLeast11() {
        return major > 1 || (major == 1 && minor >= 1);
    }

    @Override
    public String toString() {
        return "HTTP/" + major + "." + minor;
    }
}
