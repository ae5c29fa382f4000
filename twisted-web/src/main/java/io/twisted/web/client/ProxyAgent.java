package io.twisted.web.client;

import io.twisted.internet.Reactor;
import io.twisted.internet.defer.Deferred;
import io.twisted.web.http.HttpHeaders;

/**
 * Sends every request through an HTTP proxy (Twisted's {@code ProxyAgent}): it connects to the
 * proxy and sends the request target in absolute form (RFC 9112 section 3.2.2). Only {@code http}
 * URIs are supported; {@code https} through a proxy needs a {@code CONNECT} tunnel, which this
 * agent does not open (such a request fails with {@link IllegalArgumentException}).
 */
public final class ProxyAgent implements HttpAgent {

    private final Agent agent;

    /** Uses the proxy at {@code host:port}, one connection per request. */
    public ProxyAgent(Reactor reactor, String host, int port) {
        this.agent = Agent.builder(reactor).proxy(host, port).build();
    }

    /** Uses the proxy at {@code host:port}, keeping connections to it in {@code pool}. */
    public ProxyAgent(Reactor reactor, String host, int port, HttpConnectionPool pool) {
        this.agent = Agent.builder(reactor).proxy(host, port).pool(pool).build();
    }

    /** Uses {@code agentWithProxy}, built with {@link Agent.Builder#proxy}. */
    public ProxyAgent(Agent agentWithProxy) {
        this.agent = agentWithProxy;
    }

    @Override
    public Deferred<Response> request(String method, String uri, HttpHeaders headers, BodyProducer body) {
        return agent.request(method, uri, headers, body);
    }
}
