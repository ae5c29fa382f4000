package io.twisted.web.client;

import io.twisted.web.http.HttpDates;
import io.twisted.web.http.HttpHeaders;
import java.net.URI;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A simple cookie store for {@link CookieAgent}, following the main rules of RFC 6265 section 5:
 * {@code Domain} (a cookie without it is host-only; one whose domain does not match the request
 * host is refused; IP-address hosts get host-only cookies), {@code Path} (default: the request
 * path's directory, section 5.1.4), {@code Secure} (sent over https only), {@code Expires} and
 * {@code Max-Age} (which wins), read against an injected {@link InstantSource}. Not implemented:
 * the public suffix list (a server may set a cookie for a whole top-level domain it is under),
 * {@code HttpOnly} and {@code SameSite} (meaningless without scripts and browsing contexts).
 *
 * <p>Limits (RFC 6265 section 6.1 minimums): at most {@value #MAX_COOKIES} cookies (the oldest is
 * dropped), each {@code name=value} at most {@value #MAX_COOKIE_SIZE} bytes (larger ones are ignored).
 */
public final class CookieJar {

    /** Most cookies kept. */
    public static final int MAX_COOKIES = 3000;
    /** Longest {@code name=value} kept. */
    public static final int MAX_COOKIE_SIZE = 4096;

    /**
     * A stored cookie.
     *
     * @param name the name
     * @param value the value
     * @param domain the domain (lower case)
     * @param hostOnly whether only {@code domain} itself gets it
     * @param path the path
     * @param secure whether it goes over https only
     * @param expires when it expires, or {@code null} for a session cookie
     */
    public record Cookie(String name, String value, String domain, boolean hostOnly, String path, boolean secure,
            Instant expires) {
    }

    private final InstantSource now;
    private final List<Cookie> cookies = new ArrayList<>();

    /** A jar reading the time from {@code now} (e.g. {@link InstantSource#system()}). */
    public CookieJar(InstantSource now) {
        this.now = Objects.requireNonNull(now, "now");
    }

    /** The cookies kept that have not expired. */
    public List<Cookie> cookies() {
        purge();
        return List.copyOf(cookies);
    }

    /** Drops every cookie. */
    public void clear() {
        cookies.clear();
    }

    /** Stores the cookies that a response to {@code uri} sets with {@code Set-Cookie}. */
    public void extractCookies(URI uri, HttpHeaders responseHeaders) {
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        for (String line : responseHeaders.getAll("Set-Cookie")) {
            Cookie c = parse(line, host, uri.getRawPath());
            if (c != null) {
                store(c);
            }
        }
    }

    /** The {@code Cookie} field value for a request to {@code uri}, or {@code null} when none applies. */
    public String cookieHeader(URI uri) {
        purge();
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        boolean secure = "https".equalsIgnoreCase(uri.getScheme());
        List<Cookie> match = new ArrayList<>();
        for (Cookie c : cookies) {
            boolean domainOk = c.hostOnly() ? host.equals(c.domain()) : domainMatches(host, c.domain());
            if (domainOk && pathMatches(path, c.path()) && (!c.secure() || secure)) {
                match.add(c);
            }
        }
        if (match.isEmpty()) {
            return null;
        }
        match.sort(Comparator.comparingInt((Cookie c) -> c.path().length()).reversed());
        StringBuilder sb = new StringBuilder();
        for (Cookie c : match) {
            sb.append(sb.length() == 0 ? "" : "; ").append(c.name()).append('=').append(c.value());
        }
        return sb.toString();
    }

    private void store(Cookie c) {
        cookies.removeIf(o -> o.name().equals(c.name()) && o.domain().equals(c.domain()) && o.path().equals(c.path()));
        if (c.expires() != null && !c.expires().isAfter(now.instant())) {
            return; // an expiry in the past deletes (section 5.3 step 11)
        }
        cookies.add(c);
        while (cookies.size() > MAX_COOKIES) {
            cookies.remove(0);
        }
    }

    private void purge() {
        Instant t = now.instant();
        for (Iterator<Cookie> it = cookies.iterator(); it.hasNext();) {
            Cookie c = it.next();
            if (c.expires() != null && !c.expires().isAfter(t)) {
                it.remove();
            }
        }
    }

    private Cookie parse(String line, String host, String requestPath) {
        String[] parts = line.split(";");
        String pair = parts[0].trim();
        int eq = pair.indexOf('=');
        if (eq <= 0 || pair.length() > MAX_COOKIE_SIZE) {
            return null;
        }
        String name = pair.substring(0, eq).trim();
        String value = pair.substring(eq + 1).trim();
        if (name.isEmpty()) {
            return null;
        }
        String domain = null;
        String path = null;
        boolean secure = false;
        Instant expires = null;
        Instant maxAge = null;
        for (int i = 1; i < parts.length; i++) {
            String attr = parts[i].trim();
            int e = attr.indexOf('=');
            String key = (e < 0 ? attr : attr.substring(0, e)).trim().toLowerCase(Locale.ROOT);
            String val = e < 0 ? "" : attr.substring(e + 1).trim();
            switch (key) {
                case "domain" -> {
                    String d = val.startsWith(".") ? val.substring(1) : val;
                    if (!d.isEmpty()) {
                        domain = d.toLowerCase(Locale.ROOT);
                    }
                }
                case "path" -> path = val.startsWith("/") ? val : null;
                case "secure" -> secure = true;
                case "expires" -> {
                    try {
                        expires = HttpDates.parse(val);
                    } catch (RuntimeException ignored) {
                        // an unparsable date is ignored (section 5.2.1)
                    }
                }
                case "max-age" -> {
                    try {
                        long s = Long.parseLong(val);
                        maxAge = s <= 0 ? Instant.EPOCH : now.instant().plusSeconds(s);
                    } catch (NumberFormatException ignored) {
                        // ignored (section 5.2.2)
                    }
                }
                default -> {
                }
            }
        }
        boolean hostOnly = domain == null || isIpAddress(host);
        if (domain != null && !hostOnly && !domainMatches(host, domain)) {
            return null; // a cookie for another domain (section 5.3 step 6)
        }
        if (hostOnly) {
            domain = host;
        }
        if (path == null) {
            path = defaultPath(requestPath);
        }
        return new Cookie(name, value, domain, hostOnly, path, secure, maxAge != null ? maxAge : expires);
    }

    private static boolean isIpAddress(String host) {
        return host.contains(":") || host.matches("[0-9.]+");
    }

    static boolean domainMatches(String host, String domain) {
        return host.equals(domain) || (host.endsWith("." + domain) && !isIpAddress(host));
    }

    static boolean pathMatches(String requestPath, String cookiePath) {
        if (requestPath.equals(cookiePath)) {
            return true;
        }
        return requestPath.startsWith(cookiePath)
                && (cookiePath.endsWith("/") || requestPath.charAt(cookiePath.length()) == '/');
    }

    static String defaultPath(String requestPath) {
        if (requestPath == null || !requestPath.startsWith("/")) {
            return "/";
        }
        int last = requestPath.lastIndexOf('/');
        return last == 0 ? "/" : requestPath.substring(0, last);
    }
}
