package io.twisted.internet;

import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * A connection as a protocol sees it (Twisted's {@code ITransport} and {@code ITCPTransport}).
 *
 * <p>A transport is a {@link Consumer} (writes, with a producer paused above a high watermark of
 * queued bytes) and a {@link PushProducer} (pausing it stops reading from the peer). All methods
 * are called on the reactor thread.
 *
 * <p>Writes consume the bytes during the call: the transport writes at once when nothing is
 * queued and copies only what the socket did not take, so the caller may reuse its buffer.
 */
public interface Transport extends Consumer, PushProducer {

    /** Writes all remaining bytes of {@code data} (copied if they cannot be sent at once). */
    @Override
    void write(ByteBuffer data);

    /** Writes {@code data}. */
    default void write(byte[] data) {
        write(ByteBuffer.wrap(data));
    }

    /** Writes each buffer in order, as one gathering write where the transport can. */
    default void writeSequence(List<ByteBuffer> data) {
        for (ByteBuffer b : data) {
            write(b);
        }
    }

    /** Closes the connection once everything written so far (and any producer's data) is sent. */
    void loseConnection();

    /** Closes the connection at once, dropping unsent data. */
    void abortConnection();

    /**
     * Closes the write side once pending data is sent (TCP half-close). The read side stays open;
     * a {@link HalfCloseableProtocol} hears {@code writeConnectionLost}.
     */
    void loseWriteConnection();

    /** The address of the other side. */
    SocketAddress getPeer();

    /** The address of this side. */
    SocketAddress getHost();

    /**
     * Switches this connection to TLS from here on (STARTTLS). The protocol keeps running; its
     * {@link Protocol#transport()} becomes the TLS layer, and what it writes from now on is
     * encrypted. Bytes the protocol had already read but not processed when it switched must be
     * handed back with {@link #unreadData} on the new transport.
     *
     * @throws UnsupportedOperationException if this transport cannot carry TLS
     */
    default void startTLS(io.twisted.internet.tls.TlsOptions options) {
        throw new UnsupportedOperationException(getClass().getName() + " does not support startTLS");
    }

    /**
     * Gives back bytes that the protocol read from the connection but did not process, because it
     * switched what handles the connection in the middle of a buffer (STARTTLS, a protocol switch).
     * They are handled as if just received from the peer by whatever now reads this connection:
     * the TLS layer decrypts them; a plain transport hands them to its (possibly new) protocol.
     * Framing receivers ({@code LineReceiver} and friends) call this when their transport changes
     * while they deliver a message.
     */
    void unreadData(ByteBuffer data);

    /** Whether {@link #loseConnection()} or {@link #abortConnection()} was called or the peer went away. */
    boolean isDisconnecting();
}
