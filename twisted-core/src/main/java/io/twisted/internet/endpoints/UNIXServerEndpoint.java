package io.twisted.internet.endpoints;

import io.twisted.internet.ListeningPort;
import io.twisted.internet.ProtocolFactory;
import io.twisted.internet.ReactorTcp;
import io.twisted.internet.ReactorUnix;
import io.twisted.internet.defer.Deferred;
import java.util.Objects;

/**
 * A UNIX domain stream socket server endpoint (Twisted's {@code UNIXServerEndpoint}); string form
 * {@code unix:PATH[:mode=666][:backlog=50][:lockfile=1]} (see {@link UnixEndpointParsers}).
 * Listens with {@link ReactorUnix#listenUNIX}.
 */
public class UNIXServerEndpoint implements ServerEndpoint {

    private final ReactorUnix reactor;
    private final String path;
    private final int backlog;
    private final int mode;
    private final boolean wantPID;

    /** Listens on {@code path} with Twisted's defaults: backlog 50, mode 0666, no lock file. */
    public UNIXServerEndpoint(ReactorUnix reactor, String path) {
        this(reactor, path, ReactorTcp.DEFAULT_BACKLOG, ReactorUnix.DEFAULT_MODE, false);
    }

    /**
     * @param mode the socket file's permission bits, e.g. {@code 0660}
     * @param wantPID whether to guard the path with a {@code PATH.lock} file holding our process id
     */
    public UNIXServerEndpoint(ReactorUnix reactor, String path, int backlog, int mode, boolean wantPID) {
        this.reactor = Objects.requireNonNull(reactor, "reactor");
        this.path = Objects.requireNonNull(path, "path");
        if (path.isEmpty()) {
            throw new IllegalArgumentException("path is empty");
        }
        if (backlog < 1) {
            throw new IllegalArgumentException("backlog must be positive, not " + backlog);
        }
        if (mode < 0 || mode > 07777) {
            throw new IllegalArgumentException("mode " + Integer.toOctalString(mode) + " is out of range 0-7777 (octal)");
        }
        this.backlog = backlog;
        this.mode = mode;
        this.wantPID = wantPID;
    }

    @Override
    public Deferred<ListeningPort> listen(ProtocolFactory factory) {
        return Deferred.maybeDeferred(() -> reactor.listenUNIX(path, factory, backlog, mode, wantPID));
    }

    /** The socket's path. */
    public String path() {
        return path;
    }

    public int backlog() {
        return backlog;
    }

    /** The socket file's permission bits. */
    public int mode() {
        return mode;
    }

    /** Whether a lock file guards the path. */
    public boolean wantPID() {
        return wantPID;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(path='" + path + "', mode=0" + Integer.toOctalString(mode) + ", backlog=" + backlog
                + ", lockfile=" + wantPID + ")";
    }
}
