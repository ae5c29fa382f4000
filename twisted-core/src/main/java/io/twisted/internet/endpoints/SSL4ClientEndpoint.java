package io.twisted.internet.endpoints;

import io.twisted.internet.Connector;
import io.twisted.internet.Protocol;
import io.twisted.internet.ProtocolFactory;
import io.twisted.internet.ReactorSsl;
import io.twisted.internet.ReactorTcp;
import io.twisted.internet.defer.Deferred;
import io.twisted.internet.tls.TlsOptions;
import java.net.SocketAddress;
import java.util.Objects;

/**
 * A TLS-over-TCP client endpoint (Twisted's {@code SSL4ClientEndpoint}); string form
 * {@code ssl:host=HOST:port=PORT[:hostname=NAME][:caCertsDir=DIR][:certKey=..][:privateKey=..][:timeout=..][:bindAddress=..]}
 * (see {@link SslEndpointParsers}). Connects with {@link ReactorSsl#connectSSL}; the returned
 * Deferred fires once the TCP connection is made and the protocol's {@code connectionMade} ran
 * (the TLS handshake then proceeds under it, as in Twisted).
 */
public class SSL4ClientEndpoint implements ClientEndpoint {

    private final ReactorSsl reactor;
    private final String host;
    private final int port;
    private final TlsOptions options;
    private final double timeout;
    private final SocketAddress bindAddress;

    /** Connects to {@code host:port} with the default timeout (30 s). */
    public SSL4ClientEndpoint(ReactorSsl reactor, String host, int port, TlsOptions options) {
        this(reactor, host, port, options, ReactorTcp.DEFAULT_CONNECT_TIMEOUT, null);
    }

    /**
     * @param options client-side TLS options, usually {@link TlsOptions#forClient(String)}
     * @param timeout seconds to wait for the TCP connection
     * @param bindAddress local address to bind before connecting, or {@code null}
     */
    public SSL4ClientEndpoint(ReactorSsl reactor, String host, int port, TlsOptions options, double timeout, SocketAddress bindAddress) {
        this.reactor = Objects.requireNonNull(reactor, "reactor");
        this.host = Objects.requireNonNull(host, "host");
        this.options = Objects.requireNonNull(options, "options");
        if (!options.isClient()) {
            throw new IllegalArgumentException("SSL4ClientEndpoint needs client TLS options (TlsOptions.forClient), got server options");
        }
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
            Connector connector = reactor.connectSSL(host, port, wrapping, options, timeout, bindAddress);
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

    /** The client TLS options. */
    public TlsOptions options() {
        return options;
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
                + (bindAddress == null ? "" : ", bindAddress=" + bindAddress) + ", " + options + ")";
    }
}
