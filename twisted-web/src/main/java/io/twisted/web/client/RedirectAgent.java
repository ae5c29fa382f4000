package io.twisted.web.client;

import io.twisted.internet.defer.Deferred;
import io.twisted.web.http.HttpHeaders;
import java.net.URI;
import java.util.Objects;

/**
 * Follows redirects (Twisted's {@code RedirectAgent} with {@code BrowserLikeRedirectAgent}'s
 * method rules), RFC 9110 section 15.4:
 * <ul>
 *   <li>303 See Other: the next request is a {@code GET} without body ({@code HEAD} stays {@code HEAD});</li>
 *   <li>301 and 302: a {@code POST} becomes a {@code GET} without body, as browsers do (the RFC's
 *       note in sections 15.4.2 and 15.4.3 allows it); other methods are kept;</li>
 *   <li>307 and 308: method and body are kept. A request body cannot be sent twice (a
 *       {@link BodyProducer} produces once), so such a redirect of a request with a body is
 *       returned to the caller instead of followed.</li>
 * </ul>
 * The {@code Location} is resolved against the request URI. Each redirect's body is read and
 * dropped before the next request, so a pooled connection can carry it. {@code Authorization} and
 * {@code Cookie} fields are not sent to another origin. More than {@link #limit()} redirects
 * (default {@value #DEFAULT_REDIRECT_LIMIT}) fail with {@link InfiniteRedirection}. Each response
 * links to the one that redirected to it ({@link Response#previousResponse()}).
 */
public final class RedirectAgent implements HttpAgent {

    /** Default most redirects followed for one request. */
    public static final int DEFAULT_REDIRECT_LIMIT = 20;

    private final HttpAgent agent;
    private final int limit;

    /** Follows up to {@value #DEFAULT_REDIRECT_LIMIT} redirects through {@code agent}. */
    public RedirectAgent(HttpAgent agent) {
        this(agent, DEFAULT_REDIRECT_LIMIT);
    }

    /** Follows up to {@code limit} redirects through {@code agent}. */
    public RedirectAgent(HttpAgent agent, int limit) {
        this.agent = Objects.requireNonNull(agent, "agent");
        if (limit < 0) {
            throw new IllegalArgumentException("negative redirect limit: " + limit);
        }
        this.limit = limit;
    }

    /** The most redirects followed. */
    public int limit() {
        return limit;
    }

    @Override
    public Deferred<Response> request(String method, String uri, HttpHeaders headers, BodyProducer body) {
        HttpHeaders h = headers == null ? new HttpHeaders() : headers;
        return agent.request(method, uri, h, body).addCallbackDeferred(r -> follow(r, method, uri, h, body, 0));
    }

    private static boolean isRedirect(int code) {
        return code == 301 || code == 302 || code == 303 || code == 307 || code == 308;
    }

    private Deferred<Response> follow(Response r, String method, String uri, HttpHeaders headers, BodyProducer body,
            int count) {
        String location = r.headers().get("Location");
        if (!isRedirect(r.code()) || location == null) {
            return Deferred.succeed(r);
        }
        String nextMethod = method;
        BodyProducer nextBody = body;
        if (r.code() == 303 && !method.equals("HEAD")) {
            nextMethod = "GET";
            nextBody = null;
        } else if ((r.code() == 301 || r.code() == 302) && method.equals("POST")) {
            nextMethod = "GET";
            nextBody = null;
        } else if (body != null && (r.code() == 307 || r.code() == 308 || nextMethod.equals(method))) {
            return Deferred.succeed(r); // the body cannot be sent again
        }
        if (count >= limit) {
            return Bodies.discard(r).addBoth(x -> Deferred.fail(new InfiniteRedirection(limit, r)));
        }
        URI next;
        try {
            next = URI.create(uri).resolve(location.trim());
        } catch (IllegalArgumentException e) {
            return Deferred.succeed(r); // an unusable Location: the caller gets the redirect itself
        }
        HttpHeaders nextHeaders = new HttpHeaders();
        boolean sameOrigin = sameOrigin(URI.create(uri), next);
        for (int i = 0; i < headers.size(); i++) {
            String name = headers.name(i);
            if (name.equalsIgnoreCase("Host")
                    || (!sameOrigin && (name.equalsIgnoreCase("Authorization") || name.equalsIgnoreCase("Cookie")))
                    || (nextBody == null && (name.equalsIgnoreCase("Content-Type") || name.equalsIgnoreCase("Content-Length")))) {
                continue;
            }
            nextHeaders.add(name, headers.value(i));
        }
        String m = nextMethod;
        BodyProducer b = nextBody;
        String target = next.toString();
        return Bodies.discard(r).addBoth(x -> agent.request(m, target, nextHeaders, b))
                .addCallbackDeferred(nr -> follow(((Response) nr).withPrevious(r), m, target, nextHeaders, b, count + 1));
    }

    private static boolean sameOrigin(URI a, URI b) {
        return Objects.equals(a.getScheme(), b.getScheme()) && Objects.equals(a.getHost(), b.getHost())
                && a.getPort() == b.getPort();
    }
}
