package io.twisted.web.client;

import io.twisted.internet.ClientFactory;
import io.twisted.internet.Connector;
import io.twisted.internet.Protocol;
import io.twisted.internet.Reactor;
import io.twisted.internet.defer.Deferred;
import io.twisted.internet.defer.Failure;
import io.twisted.internet.tls.TlsOptions;
import io.twisted.web.http.HttpHeaders;
import io.twisted.web.http.HttpLimits;
import java.net.SocketAddress;
import java.net.URI;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * Twisted's {@code Agent}: issues HTTP/1.1 requests over TCP or TLS, through an
 * {@link HttpConnectionPool}.
 *
 * <pre>{@code
 * Agent agent = Agent.builder(reactor).pool(new HttpConnectionPool(reactor)).build();
 * agent.request("GET", "https://example.com/", new HttpHeaders(), null)
 *      .addCallbackDeferred(Bodies::readBody)
 *      .addCallback(bytes -> ...);
 * }</pre>
 *
 * <p>Defaults: a non-persistent pool (one connection per request, as Twisted's), a connect
 * timeout of {@value #DEFAULT_CONNECT_TIMEOUT} seconds, no response timeout, TLS with
 * {@link TlsOptions#forClient(String)} (the JDK's trust roots and hostname verification, RFC 6125),
 * responses read with {@link HttpLimits#DEFAULTS} except for the body, which is unlimited here
 * (bound it with {@link Bodies#readBody(Response, long)} or by streaming).
 *
 * <p>A TLS handshake failure (untrusted certificate, a name that does not match) fails the request
 * with {@link ResponseNeverReceived} whose cause is the {@link io.twisted.internet.tls.TlsError}.
 * Cancelling the returned Deferred stops a connection attempt, or aborts the connection while
 * the response head is awaited.
 */
public final class Agent implements HttpAgent {

    /** Default seconds to wait for a connection. */
    public static final double DEFAULT_CONNECT_TIMEOUT = 30;

    private static final Set<String> IDEMPOTENT = Set.of("GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE");

    private final Reactor reactor;
    private final HttpConnectionPool pool;
    private final double connectTimeout;
    private final double responseTimeout;
    private final Function<String, TlsOptions> tls;
    private final HttpLimits limits;
    private final String proxyHost;
    private final int proxyPort;

    private Agent(Builder b) {
        this.reactor = b.reactor;
        this.pool = b.pool != null ? b.pool : new HttpConnectionPool(b.reactor, false);
        this.connectTimeout = b.connectTimeout;
        this.responseTimeout = b.responseTimeout;
        this.tls = b.tls;
        this.limits = b.limits;
        this.proxyHost = b.proxyHost;
        this.proxyPort = b.proxyPort;
    }

    /** An agent with the defaults (see the class comment). */
    public Agent(Reactor reactor) {
        this(builder(reactor));
    }

    /** A builder for an agent on {@code reactor}. */
    public static Builder builder(Reactor reactor) {
        return new Builder(reactor);
    }

    /** The pool this agent uses. */
    public HttpConnectionPool pool() {
        return pool;
    }

    @Override
    public Deferred<Response> request(String method, String uri, HttpHeaders headers, BodyProducer body) {
        Target t;
        try {
            t = Target.parse(uri);
        } catch (IllegalArgumentException e) {
            return Deferred.fail(e);
        }
        boolean proxied = proxyHost != null;
        if (proxied && t.tls()) {
            return Deferred.fail(new IllegalArgumentException("ProxyAgent supports http URIs only (no CONNECT tunnels)"));
        }
        HttpHeaders h = new HttpHeaders();
        if (headers != null) {
            for (int i = 0; i < headers.size(); i++) {
                h.add(headers.name(i), headers.value(i));
            }
        }
        if (!h.contains("Host")) {
            h.add("Host", t.hostField());
        }
        String target = proxied ? t.absoluteForm() : t.originForm();
        ClientRequest req = new ClientRequest(method,
                target, h, body, t.uri(), pool.isPersistent());
        String key = proxied ? "proxy://" + proxyHost + ":" + proxyPort : t.key();
        String host = proxied ? proxyHost : t.host();
        int port = proxied ? proxyPort : t.port();
        boolean useTls = !proxied && t.tls();
        return pool.getConnection(key, () -> connect(host, port, useTls))
                .addCallbackDeferred(c -> send(c, req, key, host, port, useTls));
    }

    private Deferred<Response> send(HttpConnectionPool.Connection c, ClientRequest req, String key, String host, int port,
            boolean useTls) {
        Deferred<Response> d = c.protocol().request(req);
        if (!c.reused() || !pool.retryAutomatically() || req.body() != null || !IDEMPOTENT.contains(req.method())) {
            return d;
        }
        return d.addBoth(r -> {
            if (r instanceof Failure f && f.check(ResponseNeverReceived.class) != null) {
                return pool.newConnection(key, () -> connect(host, port, useTls))
                        .addCallbackDeferred(c2 -> c2.protocol().request(req));
            }
            return r;
        });
    }

    private Deferred<HttpClientProtocol> connect(String host, int port, boolean useTls) {
        HttpClientProtocol protocol = new HttpClientProtocol(reactor, limits, responseTimeout);
        ClientFactory factory = new OneConnectionFactory(protocol);
        Connector connector;
        if (useTls) {
            connector = reactor.connectSSL(host, port, factory, tls.apply(host), connectTimeout, null);
        } else {
            connector = reactor.connectTCP(host, port, factory, connectTimeout, null);
        }
        protocol.setConnector(connector);
        return protocol.whenConnected();
    }

    /** Builds the one protocol of a connection attempt and reports a failed attempt to it. */
    private static final class OneConnectionFactory extends ClientFactory {
        private final HttpClientProtocol protocol;

        OneConnectionFactory(HttpClientProtocol protocol) {
            this.protocol = protocol;
        }

        @Override
        public Protocol buildProtocol(SocketAddress address) {
            return protocol;
        }

        @Override
        public void clientConnectionFailed(Connector connector, Failure reason) {
            if (!protocol.whenConnected().isCalled() && !protocol.isConnectCancelled()) {
                protocol.whenConnected().errback(reason);
            }
        }
    }

    /** Options for an {@link Agent}. */
    public static final class Builder {
        private final Reactor reactor;
        private HttpConnectionPool pool;
        private double connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private double responseTimeout;
        private Function<String, TlsOptions> tls = TlsOptions::forClient;
        private HttpLimits limits = HttpLimits.DEFAULTS.withMaxBody(Long.MAX_VALUE);
        private String proxyHost;
        private int proxyPort;

        private Builder(Reactor reactor) {
            this.reactor = Objects.requireNonNull(reactor, "reactor");
        }

        /** The connection pool (default: a new non-persistent one). */
        public Builder pool(HttpConnectionPool pool) {
            this.pool = Objects.requireNonNull(pool, "pool");
            return this;
        }

        /** Seconds to wait for a connection (default {@value #DEFAULT_CONNECT_TIMEOUT}). */
        public Builder connectTimeout(double seconds) {
            this.connectTimeout = seconds;
            return this;
        }

        /**
         * Seconds from sending a request to its response head before the request fails with a
         * {@link io.twisted.internet.error.TimeoutError} and the connection is closed (default 0: none).
         */
        public Builder responseTimeout(double seconds) {
            this.responseTimeout = seconds;
            return this;
        }

        /**
         * The TLS options for a host (default {@link TlsOptions#forClient(String)}); e.g.
         * {@code host -> TlsOptions.forClient(host).withTrustRoots(roots)} to trust a test authority.
         */
        public Builder tls(Function<String, TlsOptions> optionsForHost) {
            this.tls = Objects.requireNonNull(optionsForHost, "optionsForHost");
            return this;
        }

        /** Limits for response heads and bodies (default: {@link HttpLimits#DEFAULTS}, body unlimited). */
        public Builder limits(HttpLimits limits) {
            this.limits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        /** Sends every request to the HTTP proxy at {@code host:port} in absolute form. */
        public Builder proxy(String host, int port) {
            this.proxyHost = Objects.requireNonNull(host, "host");
            this.proxyPort = port;
            return this;
        }

        /** The agent. */
        public Agent build() {
            return new Agent(this);
        }
    }

    /** A parsed absolute http(s) URI. */
    record Target(URI uri, boolean tls, String host, int port) {
        static Target parse(String s) {
            URI u = URI.create(s);
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                throw new IllegalArgumentException("unsupported scheme in " + s + " (http and https only)");
            }
            if (u.getHost() == null) {
                throw new IllegalArgumentException("no host in " + s);
            }
            boolean tls = scheme.equals("https");
            int port = u.getPort() == -1 ? (tls ? 443 : 80) : u.getPort();
            String host = u.getHost();
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            return new Target(u, tls, host, port);
        }

        String key() {
            return (tls ? "https" : "http") + "://" + host + ":" + port;
        }

        String hostField() {
            String h = host.contains(":") ? "[" + host + "]" : host;
            return port == (tls ? 443 : 80) ? h : h + ":" + port;
        }

        String originForm() {
            String path = uri.getRawPath();
            if (path == null || path.isEmpty()) {
                path = "/";
            }
            return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
        }

        String absoluteForm() {
            return (tls ? "https" : "http") + "://" + hostField() + originForm();
        }
    }
}
