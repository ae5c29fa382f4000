package io.twisted.internet;

import java.net.SocketAddress;

/** An outgoing connection attempt and its connection (Twisted's {@code IConnector}). */
public interface Connector {

    /** Starts (or restarts, after a failure or loss) connecting. */
    void connect();

    /** Stops an attempt in progress; the factory hears {@code clientConnectionFailed} with UserError. */
    void stopConnecting();

    /** Drops the connection if connected, or stops connecting if still trying. */
    void disconnect();

    /** Where this connector connects to. */
    SocketAddress getDestination();
}
