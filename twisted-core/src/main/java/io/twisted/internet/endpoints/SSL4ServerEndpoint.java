package io.twisted.internet.endpoints;

import io.twisted.internet.ListeningPort;
import io.twisted.internet.ProtocolFactory;
import io.twisted.internet.ReactorSsl;
import io.twisted.internet.ReactorTcp;
import io.twisted.internet.defer.Deferred;
import io.twisted.internet.tls.TlsOptions;
import java.util.Objects;

/**
 * A TLS-over-TCP server endpoint (Twisted's {@code SSL4ServerEndpoint}); string form
 * {@code ssl:PORT:privateKey=KEY.pem[:certKey=CERT.pem][:interface=ADDR][:backlog=N][:extraCertChain=CHAIN.pem]}
 * (see {@link SslEndpointParsers}). Listens with {@link ReactorSsl#listenSSL}.
 */
public class SSL4ServerEndpoint implements ServerEndpoint {

    private final ReactorSsl reactor;
    private final int port;
    private final TlsOptions options;
    private final int backlog;
    private final String iface;

    /** Listens on {@code port} of every interface with the default backlog. */
    public SSL4ServerEndpoint(ReactorSsl reactor, int port, TlsOptions options) {
        this(reactor, port, options, ReactorTcp.DEFAULT_BACKLOG, "");
    }

    /**
     * @param port the port, 0 to let the system pick one
     * @param options server-side TLS options (for example {@link io.twisted.internet.tls.ServerTlsOptions})
     * @param backlog the listen backlog
     * @param iface the local address to bind, {@code ""} for every interface
     */
    public SSL4ServerEndpoint(ReactorSsl reactor, int port, TlsOptions options, int backlog, String iface) {
        this.reactor = Objects.requireNonNull(reactor, "reactor");
        this.options = Objects.requireNonNull(options, "options");
        if (options.isClient()) {
            throw new IllegalArgumentException("SSL4ServerEndpoint needs server TLS options, got client options");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is out of range 0-65535");
        }
        if (backlog < 1) {
            throw new IllegalArgumentException("backlog must be positive, not " + backlog);
        }
        this.port = port;
        this.backlog = backlog;
        this.iface = iface == null ? "" : iface;
    }

    @Override
    public Deferred<ListeningPort> listen(ProtocolFactory factory) {
        return Deferred.maybeDeferred(() -> reactor.listenSSL(port, factory, options, backlog, iface));
    }

    /** The port given (0 when the system picks one). */
    public int port() {
        return port;
    }

    /** The TLS options every connection uses. */
    public TlsOptions options() {
        return options;
    }

    /** The listen backlog. */
    public int backlog() {
        return backlog;
    }

    /** The interface to bind, {@code ""} for all. */
    public String iface() {
        return iface;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(port=" + port + ", interface='" + iface + "', backlog=" + backlog + ", " + options + ")";
    }
}
