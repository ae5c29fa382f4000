package io.twisted.web.client;

import io.twisted.internet.Reactor;
import io.twisted.internet.defer.Deferred;
import io.twisted.web.http.HttpHeaders;
import java.net.URLEncoder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;

/**
 * The common cases in one line, as {@code treq} gives Twisted users:
 *
 * <pre>{@code
 * HttpClient.get(reactor, "https://example.com/")
 *     .addCallbackDeferred(HttpClient::text)
 *     .addCallback(body -> { System.out.println(body); return null; });
 *
 * HttpClient client = HttpClient.create(reactor);          // pooled connections
 * client.post("http://localhost/form", Map.of("the-field", "x")).addCallbackDeferred(HttpClient::content);
 * }</pre>
 *
 * Requests follow redirects ({@link RedirectAgent}) and decode gzip ({@link ContentDecoderAgent}).
 */
public final class HttpClient {

    private final HttpAgent agent;

    /** A client issuing requests through {@code agent}. */
    public HttpClient(HttpAgent agent) {
        this.agent = Objects.requireNonNull(agent, "agent");
    }

    /** A client with a persistent {@link HttpConnectionPool}, following redirects and decoding gzip. */
    public static HttpClient create(Reactor reactor) {
        Agent agent = Agent.builder(reactor).pool(new HttpConnectionPool(reactor)).build();
        return new HttpClient(new RedirectAgent(new ContentDecoderAgent(agent)));
    }

    /** One GET on a fresh connection, following redirects and decoding gzip. */
    public static Deferred<Response> get(Reactor reactor, String url) {
        return new HttpClient(new RedirectAgent(new ContentDecoderAgent(new Agent(reactor)))).get(url);
    }

    /** GET {@code url}. */
    public Deferred<Response> get(String url) {
        return request("GET", url, new HttpHeaders(), null);
    }

    /** GET {@code url} with extra header fields. */
    public Deferred<Response> get(String url, HttpHeaders headers) {
        return request("GET", url, headers, null);
    }

    /** HEAD {@code url}. */
    public Deferred<Response> head(String url) {
        return request("HEAD", url, new HttpHeaders(), null);
    }

    /** POST {@code form} as {@code application/x-www-form-urlencoded} (UTF-8). */
    public Deferred<Response> post(String url, Map<String, String> form) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, String> e : form.entrySet()) {
            sb.append(sb.length() == 0 ? "" : "&").append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8))
                    .append('=').append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
        }
        HttpHeaders h = new HttpHeaders().add("Content-Type", "application/x-www-form-urlencoded");
        return request("POST", url, h, sb.toString().getBytes(StandardCharsets.US_ASCII));
    }

    /** POST {@code body} as it is. */
    public Deferred<Response> post(String url, byte[] body) {
        return request("POST", url, new HttpHeaders(), body);
    }

    /** PUT {@code body}. */
    public Deferred<Response> put(String url, byte[] body) {
        return request("PUT", url, new HttpHeaders(), body);
    }

    /** DELETE {@code url}. */
    public Deferred<Response> delete(String url) {
        return request("DELETE", url, new HttpHeaders(), null);
    }

    /** Any request; {@code body} may be {@code null}. */
    public Deferred<Response> request(String method, String url, HttpHeaders headers, byte[] body) {
        return agent.request(method, url, headers, body == null ? null : FileBodyProducer.of(body));
    }

    /** The whole body, at most {@link Bodies#DEFAULT_MAX_BODY} bytes. */
    public static Deferred<byte[]> content(Response response) {
        return Bodies.readBody(response);
    }

    /** The body as text in the {@code charset} of its {@code Content-Type}, UTF-8 when none is named. */
    public static Deferred<String> text(Response response) {
        return text(response, charsetOf(response, StandardCharsets.UTF_8));
    }

    /** The body as text in {@code charset}. */
    public static Deferred<String> text(Response response, Charset charset) {
        return Bodies.readBody(response).addCallback(b -> new String(b, charset));
    }

    static Charset charsetOf(Response response, Charset fallback) {
        String type = response.headers().get("Content-Type");
        if (type == null) {
            return fallback;
        }
        for (String param : type.split(";")) {
            String p = param.trim();
            if (p.regionMatches(true, 0, "charset=", 0, 8)) {
                String name = p.substring(8).replace("\"", "").trim();
                try {
                    return Charset.forName(name);
                } catch (RuntimeException e) {
                    return fallback;
                }
            }
        }
        return fallback;
    }
}
