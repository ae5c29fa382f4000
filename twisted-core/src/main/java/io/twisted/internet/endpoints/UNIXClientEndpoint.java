package io.twisted.internet.endpoints;

import io.twisted.internet.Connector;
import io.twisted.internet.Protocol;
import io.twisted.internet.ProtocolFactory;
import io.twisted.internet.ReactorTcp;
import io.twisted.internet.ReactorUnix;
import io.twisted.internet.defer.Deferred;
import java.util.Objects;

/**
 * A UNIX domain stream socket client endpoint (Twisted's {@code UNIXClientEndpoint}); string form
 * {@code unix:path=PATH[:timeout=30][:checkPID=0]} or {@code unix:PATH...} (see
 * {@link UnixEndpointParsers}). Connects with {@link ReactorUnix#connectUNIX}.
 */
public class UNIXClientEndpoint implements ClientEndpoint {

    private final ReactorUnix reactor;
    private final String path;
    private final double timeout;
    private final boolean checkPID;

    /** Connects to {@code path} with the default timeout (30 s) and no lock-file check. */
    public UNIXClientEndpoint(ReactorUnix reactor, String path) {
        this(reactor, path, ReactorTcp.DEFAULT_CONNECT_TIMEOUT, false);
    }

    /**
     * @param timeout seconds to wait for the connection
     * @param checkPID fail at once when the server's {@code PATH.lock} names a dead process
     */
    public UNIXClientEndpoint(ReactorUnix reactor, String path, double timeout, boolean checkPID) {
        this.reactor = Objects.requireNonNull(reactor, "reactor");
        this.path = Objects.requireNonNull(path, "path");
        if (path.isEmpty()) {
            throw new IllegalArgumentException("path is empty");
        }
        if (!(timeout > 0)) {
            throw new IllegalArgumentException("timeout must be positive, not " + timeout);
        }
        this.timeout = timeout;
        this.checkPID = checkPID;
    }

    @Override
    public Deferred<Protocol> connect(ProtocolFactory factory) {
        WrappingClientFactory wrapping = new WrappingClientFactory(factory);
        try {
            Connector connector = reactor.connectUNIX(path, wrapping, timeout, checkPID);
            wrapping.setConnector(connector);
        } catch (RuntimeException e) {
            return Deferred.fail(e);
        }
        return wrapping.whenConnected();
    }

    /** The socket's path. */
    public String path() {
        return path;
    }

    /** The connect timeout in seconds. */
    public double timeout() {
        return timeout;
    }

    /** Whether the server's lock file is checked. */
    public boolean checkPID() {
        return checkPID;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(path='" + path + "', timeout=" + timeout + ", checkPID=" + checkPID + ")";
    }
}
