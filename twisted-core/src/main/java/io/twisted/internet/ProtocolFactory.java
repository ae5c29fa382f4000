package io.twisted.internet;

import java.net.SocketAddress;

/**
 * Builds a {@link Protocol} for each new connection (Twisted's {@code IProtocolFactory}).
 * A listening port calls {@link #doStart()} when it starts and {@link #doStop()} when it stops.
 */
public interface ProtocolFactory {

    /**
     * Builds the protocol for a connection with {@code address} (the peer for servers, the
     * destination for clients). Returning {@code null} refuses the connection: it is closed at once.
     */
    Protocol buildProtocol(SocketAddress address);

    /** Called when a port or connector starts using this factory. */
    void doStart();

    /** Called when a port or connector stops using this factory. */
    void doStop();
}
