package io.twisted.twist.portforward;

import io.twisted.internet.Factory;
import io.twisted.internet.Protocol;
import io.twisted.internet.ReactorTcp;
import java.net.SocketAddress;
import java.util.Objects;

/**
 * Forwards every accepted connection to {@code host:port} (Twisted's {@code ProxyFactory}):
 * <pre>{@code
 * reactor.listenTCP(6666, new ProxyFactory(reactor, "localhost", 6665));
 * }</pre>
 */
public class ProxyFactory extends Factory {

    private final ReactorTcp reactor;
    private final String host;
    private final int port;
    private final double connectTimeout;

    /** Forwards to {@code host:port}, waiting at most 30 s for it to accept. */
    public ProxyFactory(ReactorTcp reactor, String host, int port) {
        this(reactor, host, port, ReactorTcp.DEFAULT_CONNECT_TIMEOUT);
    }

    public ProxyFactory(ReactorTcp reactor, String host, int port, double connectTimeout) {
        this.reactor = Objects.requireNonNull(reactor, "reactor");
        this.host = Objects.requireNonNull(host, "host");
        this.port = port;
        this.connectTimeout = connectTimeout;
    }

    @Override
    public Protocol buildProtocol(SocketAddress address) {
        ProxyServer p = new ProxyServer(reactor, host, port, connectTimeout);
        p.setFactory(this);
        return p;
    }

    /** The destination host. */
    public String host() {
        return host;
    }

    /** The destination port. */
    public int port() {
        return port;
    }

    @Override
    public String toString() {
        return "ProxyFactory(" + host + ":" + port + ")";
    }
}
