package io.twisted.web.server;

import io.twisted.web.http.HttpDates;
import io.twisted.web.http.HttpParser;
import java.time.Instant;
import java.util.Objects;

/**
 * A cookie to set with {@link Request#addCookie(Cookie)} (RFC 6265 section 4.1): name, value and
 * attributes, rendered as one {@code Set-Cookie} value. Names must be tokens and values
 * cookie-octets (no whitespace, DQUOTE, comma, semicolon or backslash), or the constructor throws.
 */
public final class Cookie {

    /** The SameSite attribute (RFC 6265bis). */
    public enum SameSite {
        /** Sent on same-site requests only. */
        STRICT,
        /** Also sent on top-level navigations from other sites. */
        LAX,
        /** Sent on every request (needs {@code Secure}). */
        NONE
    }

    private final String name;
    private final String value;
    private String path;
    private String domain;
    private Instant expires;
    private Long maxAge;
    private boolean secure;
    private boolean httpOnly;
    private SameSite sameSite;

    /** A cookie {@code name=value} without attributes. */
    public Cookie(String name, String value) {
        if (!HttpParser.isToken(Objects.requireNonNull(name, "name"))) {
            throw new IllegalArgumentException("cookie name is not a token: " + name);
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x21 || c > 0x7e || c == '"' || c == ',' || c == ';' || c == '\\') {
                throw new IllegalArgumentException("invalid character in cookie value");
            }
        }
        this.name = name;
        this.value = value;
    }

    /** Sets {@code Path}. */
    public Cookie path(String path) {
        this.path = checkAttribute(path);
        return this;
    }

    /** Sets {@code Domain}. */
    public Cookie domain(String domain) {
        this.domain = checkAttribute(domain);
        return this;
    }

    /** Sets {@code Expires}. */
    public Cookie expires(Instant expires) {
        this.expires = expires;
        return this;
    }

    /** Sets {@code Max-Age} in seconds. */
    public Cookie maxAge(long seconds) {
        this.maxAge = seconds;
        return this;
    }

    /** Sets {@code Secure}: sent over TLS only. */
    public Cookie secure(boolean secure) {
        this.secure = secure;
        return this;
    }

    /** Sets {@code HttpOnly}: no access from scripts. */
    public Cookie httpOnly(boolean httpOnly) {
        this.httpOnly = httpOnly;
        return this;
    }

    /** Sets {@code SameSite}. */
    public Cookie sameSite(SameSite sameSite) {
        this.sameSite = sameSite;
        return this;
    }

    /** The cookie's name. */
    public String name() {
        return name;
    }

    /** The cookie's value. */
    public String value() {
        return value;
    }

    private static String checkAttribute(String v) {
        if (v != null) {
            for (int i = 0; i < v.length(); i++) {
                char c = v.charAt(i);
                if (c < 0x20 || c == 0x7f || c == ';') {
                    throw new IllegalArgumentException("invalid character in cookie attribute");
                }
            }
        }
        return v;
    }

    /** The {@code Set-Cookie} field value. */
    public String toSetCookie() {
        StringBuilder sb = new StringBuilder(name).append('=').append(value);
        if (expires != null) {
            sb.append("; Expires=").append(HttpDates.format(expires));
        }
        if (maxAge != null) {
            sb.append("; Max-Age=").append(maxAge);
        }
        if (domain != null) {
            sb.append("; Domain=").append(domain);
        }
        if (path != null) {
            sb.append("; Path=").append(path);
        }
        if (secure) {
            sb.append("; Secure");
        }
        if (httpOnly) {
            sb.append("; HttpOnly");
        }
        if (sameSite != null) {
            sb.append("; SameSite=").append(sameSite == SameSite.STRICT ? "Strict" : sameSite == SameSite.LAX ? "Lax" : "None");
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return toSetCookie();
    }
}
