package io.twisted.internet.endpoints;

import io.twisted.internet.Connector;
import io.twisted.internet.Protocol;
import io.twisted.internet.ProtocolFactory;
import io.twisted.internet.ReactorTcp;
import io.twisted.internet.defer.Deferred;
import java.net.SocketAddress;
import java.util.Objects;

/**
 * A TCP client endpoint (Twisted's {@code TCP4ClientEndpoint}); string form
 * {@code tcp:HOST:PORT[:timeout=SECONDS][:bindAddress=ADDR]} or
 * {@code tcp:host=HOST:port=PORT...}. The host name is resolved by the reactor.
 */
public class TCP4ClientEndpoint implements ClientEndpoint {

    private final ReactorTcp reactor;
    private final String host;
    private final int port;
    private final double timeout;
    private final SocketAddress bindAddress;

    /** Connects to {@code host:port} with the default timeout (30 s). */
    public TCP4ClientEndpoint(ReactorTcp reactor, String host, int port) {
        this(reactor, host, port, ReactorTcp.DEFAULT_CONNECT_TIMEOUT, null);
    }

    /**
     * @param timeout seconds to wait for the connection to be made
     * @param bindAddress local address to bind before connecting, or {@code null}
     */
    public TCP4ClientEndpoint(ReactorTcp reactor, String host, int port, double timeout, SocketAddress bindAddress) {
        this.reactor = Objects.requireNonNull(reactor, "reactor");
        this.host = Objects.requireNonNull(host, "host");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is out of range 1-65535");
        }
        if (!(timeout > 0)) {
            throw new IllegalArgumentException("timeout must be positive, not " + timeout);
        }
        this.port = port;
        this.timeout = timeout;
        this.bindAddress = bindAddress;
    }

    @Override
    public Deferred<Protocol> connect(ProtocolFactory factory) {
        WrappingClientFactory wrapping = new WrappingClientFactory(factory);
        try {
            Connector connector = reactor.connectTCP(host, port, wrapping, timeout, bindAddress);
            wrapping.setConnector(connector);
        } catch (RuntimeException e) {
            return Deferred.fail(e);
        }
        return wrapping.whenConnected();
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    /** The connect timeout in seconds. */
    public double timeout() {
        return timeout;
    }

    /** The local address bound before connecting, or {@code null}. */
    public SocketAddress bindAddress() {
        return bindAddress;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(host='" + host + "', port=" + port + ", timeout=" + timeout
                + (bindAddress == null ? "" : ", bindAddress=" + bindAddress) + ")";
    }
}
