package io.twisted.internet;

import io.twisted.internet.defer.Deferred;
import java.net.SocketAddress;

/** A listening server socket (Twisted's {@code IListeningPort}). */
public interface ListeningPort {

    /** The bound address; for port 0 it carries the real port chosen by the system. */
    SocketAddress getHost();

    /**
     * Stops accepting new connections (existing ones stay up).
     *
     * @return fires once the socket is closed and the factory's {@code doStop} has run
     */
    Deferred<Void> stopListening();
}
