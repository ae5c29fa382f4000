package io.twisted.internet;

import io.twisted.internet.defer.Failure;
import java.nio.ByteBuffer;

/**
 * The handler of one stream connection, as Twisted's {@code Protocol}.
 *
 * <p>Event flow, all on the reactor thread that owns the connection:
 * <pre>
 *   factory.buildProtocol(addr) -> makeConnection(transport) -> connectionMade()
 *   dataReceived(bytes)*        (each buffer valid only during the call)
 *   connectionLost(reason)      (ConnectionDone when clean, ConnectionLost otherwise)
 * </pre>
 * A protocol that wants half-close also implements {@link HalfCloseableProtocol}.
 */
public class Protocol {

    /** The transport this protocol writes to; set by {@link #makeConnection}. */
    protected Transport transport;

    /** The factory that built this protocol, if any. */
    protected ProtocolFactory factory;

    /** Whether {@link #makeConnection} has run and {@link #connectionLost} has not. */
    protected boolean connected;

    /** Attaches the transport and calls {@link #connectionMade()}. */
    public void makeConnection(Transport transport) {
        this.connected = true;
        this.transport = transport;
        connectionMade();
    }

    /** Called once the connection is established and {@link #transport} is set. */
    public void connectionMade() {
    }

    /**
     * Called with bytes read from the connection. The buffer (and its backing memory) is valid only
     * for the duration of the call: a protocol that keeps bytes copies them.
     */
    public void dataReceived(ByteBuffer data) {
    }

    /**
     * Called once when the connection is gone.
     *
     * @param reason {@link io.twisted.internet.error.ConnectionDone} for a clean close, another
     *     failure (usually {@link io.twisted.internet.error.ConnectionLost}) otherwise
     */
    public void connectionLost(Failure reason) {
    }

    /** The transport, or {@code null} before {@link #makeConnection}. */
    public Transport transport() {
        return transport;
    }

    /**
     * Replaces the transport without calling {@link #connectionMade()} again: used when a layer
     * slides in under a running protocol (STARTTLS puts a TLS layer between the protocol and its
     * connection, see {@code io.twisted.internet.tls.TlsLayer#startTls}).
     */
    public void setTransport(Transport transport) {
        this.transport = transport;
    }

    /** The factory that built this protocol, or {@code null}. */
    public ProtocolFactory factory() {
        return factory;
    }

    /** Sets the factory; called by {@link Factory#buildProtocol}. */
    public void setFactory(ProtocolFactory factory) {
        this.factory = factory;
    }

    /** Whether the connection is up. */
    public boolean isConnected() {
        return connected;
    }

    /**
     * Marks the protocol disconnected and calls {@link #connectionLost}; transports call this, once.
     */
    public final void disconnect(Failure reason) {
        connected = false;
        connectionLost(reason);
    }
}
