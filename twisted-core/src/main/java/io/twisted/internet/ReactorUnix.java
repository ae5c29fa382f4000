package io.twisted.internet;

/** UNIX domain stream sockets (Twisted's {@code IReactorUNIX}). */
public interface ReactorUnix {

    /** Default file mode of a listening socket, as Twisted's. */
    int DEFAULT_MODE = 0666;

    /**
     * Listens on the UNIX socket at {@code path}. A socket file left behind by a dead server is
     * removed first (nothing answers on it); a live one, or a path that is not a socket, makes
     * the call fail. With {@code wantPID}, a lock file {@code path.lock} holding our process id
     * guards the path, and a lock left by a dead process is taken over.
     *
     * @param mode the socket file's permission bits, e.g. {@code 0660}
     * @throws io.twisted.internet.error.CannotListenError if the path is in use or cannot be bound
     */
    ListeningPort listenUNIX(String path, ProtocolFactory factory, int backlog, int mode, boolean wantPID);

    default ListeningPort listenUNIX(String path, ProtocolFactory factory) {
        return listenUNIX(path, factory, ReactorTcp.DEFAULT_BACKLOG, DEFAULT_MODE, false);
    }

    /**
     * Connects to the UNIX socket at {@code path}. With {@code checkPID}, fails at once when the
     * server's {@code path.lock} names a process that is not running.
     */
    Connector connectUNIX(String path, ClientFactory factory, double timeoutSeconds, boolean checkPID);

    default Connector connectUNIX(String path, ClientFactory factory) {
        return connectUNIX(path, factory, ReactorTcp.DEFAULT_CONNECT_TIMEOUT, false);
    }
}
