package io.twisted.internet.endpoints;

import io.twisted.internet.ListeningPort;
import io.twisted.internet.ProtocolFactory;
import io.twisted.internet.ReactorTcp;
import io.twisted.internet.defer.Deferred;
import java.util.Objects;

/**
 * A TCP server endpoint on IPv4 (Twisted's {@code TCP4ServerEndpoint}); string form
 * {@code tcp:PORT[:interface=ADDR][:backlog=N]}.
 */
public class TCP4ServerEndpoint implements ServerEndpoint {

    private final ReactorTcp reactor;
    private final int port;
    private final int backlog;
    private final String iface;

    /** Listens on {@code port} of every interface, with the default backlog. */
    public TCP4ServerEndpoint(ReactorTcp reactor, int port) {
        this(reactor, port, ReactorTcp.DEFAULT_BACKLOG, "");
    }

    /**
     * @param port the port, 0 to let the system pick one
     * @param backlog the listen backlog
     * @param iface the local address to bind, {@code ""} for every interface
     */
    public TCP4ServerEndpoint(ReactorTcp reactor, int port, int backlog, String iface) {
        this.reactor = Objects.requireNonNull(reactor, "reactor");
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
        return Deferred.maybeDeferred(() -> reactor.listenTCP(port, factory, backlog, iface));
    }

    /** The port given (0 when the system picks one). */
    public int port() {
        return port;
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
        return getClass().getSimpleName() + "(port=" + port + ", interface='" + iface + "', backlog=" + backlog + ")";
    }
}
