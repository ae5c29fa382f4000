package io.twisted.internet;

import java.net.SocketAddress;

/** TCP servers and clients (Twisted's {@code IReactorTCP}). */
public interface ReactorTcp {

    /** Default listen backlog, as Twisted's. */
    int DEFAULT_BACKLOG = 50;

    /** Default connect timeout in seconds, as Twisted's. */
    double DEFAULT_CONNECT_TIMEOUT = 30;

    /**
     * Listens on {@code port} (0 picks a free one) of {@code iface} ({@code ""} or {@code null}
     * for every interface).
     *
     * @throws io.twisted.internet.error.CannotListenError if the port cannot be bound
     */
    ListeningPort listenTCP(int port, ProtocolFactory factory, int backlog, String iface);

    default ListeningPort listenTCP(int port, ProtocolFactory factory) {
        return listenTCP(port, factory, DEFAULT_BACKLOG, "");
    }

    default ListeningPort listenTCP(int port, ProtocolFactory factory, String iface) {
        return listenTCP(port, factory, DEFAULT_BACKLOG, iface);
    }

    /**
     * Connects to {@code host:port}; the factory hears {@code clientConnectionFailed} if the
     * connection is not made within {@code timeoutSeconds}.
     *
     * @param bindAddress local address to bind before connecting, or {@code null}
     */
    Connector connectTCP(String host, int port, ClientFactory factory, double timeoutSeconds, SocketAddress bindAddress);

    default Connector connectTCP(String host, int port, ClientFactory factory) {
        return connectTCP(host, port, factory, DEFAULT_CONNECT_TIMEOUT, null);
    }
}
