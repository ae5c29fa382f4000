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

    /** {@code HTTP/major.minor}; the two versions in use are constants (this runs for every response head). */
    @Override
    public String toString() {
        if (major == 1 && minor == 1) {
            return "HTTP/1.1";
        }
        if (major == 1 && minor == 0) {
            return "HTTP/1.0";
        }
        return "HTTP/" + major + "." + minor;
    }
}
