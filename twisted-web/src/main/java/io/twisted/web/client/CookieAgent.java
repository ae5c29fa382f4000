package io.twisted.web.client;

import io.twisted.internet.defer.Deferred;
import io.twisted.web.http.HttpHeaders;
import java.net.URI;
import java.util.Objects;

/**
 * Sends the cookies of a {@link CookieJar} with each request and stores those each response sets
 * (Twisted's {@code CookieAgent}). Put it inside a {@link RedirectAgent}
 * ({@code new RedirectAgent(new CookieAgent(agent, jar))}) so every hop of a redirect sees the jar.
 */
public final class CookieAgent implements HttpAgent {

    private final HttpAgent agent;
    private final CookieJar jar;

    /** Uses {@code jar} around {@code agent}. */
    public CookieAgent(HttpAgent agent, CookieJar jar) {
        this.agent = Objects.requireNonNull(agent, "agent");
        this.jar = Objects.requireNonNull(jar, "jar");
    }

    /** The jar. */
    public CookieJar jar() {
        return jar;
    }

    @Override
    public Deferred<Response> request(String method, String uri, HttpHeaders headers, BodyProducer body) {
        URI u;
        try {
            u = URI.create(uri);
        } catch (IllegalArgumentException e) {
            return Deferred.fail(e);
        }
        HttpHeaders h = new HttpHeaders();
        if (headers != null) {
            for (int i = 0; i < headers.size(); i++) {
                h.add(headers.name(i), headers.value(i));
            }
        }
        String cookies = jar.cookieHeader(u);
        if (cookies != null && !h.contains("Cookie")) {
            h.add("Cookie", cookies);
        }
        return agent.request(method, uri, h, body).addCallback(r -> {
            jar.extractCookies(r.requestUri(), r.headers());
            return r;
        });
    }
}
