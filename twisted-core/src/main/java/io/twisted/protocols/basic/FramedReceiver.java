package io.twisted.protocols.basic;

import io.twisted.internet.Protocol;
import io.twisted.internet.PushProducer;
import io.twisted.internet.Transport;
import java.nio.ByteBuffer;

/**
 * What every framing receiver in this package shares: buffering of partial messages and the
 * delivery loop around the subclass's parser.
 *
 * <p>{@link #dataReceived} delivers every complete message in the bytes received (lines,
 * netstrings, length-prefixed strings), one callback each, then keeps the incomplete rest, copied,
 * for the next read. Between two messages the loop stops:
 * <ul>
 *   <li>while {@linkplain #pauseProducing() paused}: the rest waits until {@link #resumeProducing()};
 *   <li>when the transport {@linkplain Transport#isDisconnecting() is disconnecting}: nothing more is
 *       delivered on a connection that is going away, and bytes still arriving are dropped rather
 *       buffered;
 *   <li>when the protocol's {@link #transport()} is no longer the transport it was when the loop
 *       began — the protocol called {@link Transport#startTLS} and now writes to a TLS layer. The
 *       bytes not yet processed were sent by the peer <em>after</em> the switch (they are TLS
 *       records, not plaintext), so they are handed to the new transport's
 *       {@link Transport#unreadData} and the buffer is cleared. This closes the STARTTLS
 *       command-injection hole (CVE-2011-0411 class) by construction.
 * </ul>
 * A {@code dataReceived} call made while a message is being delivered (from a callback, e.g. a
 * re-entrant {@link #resumeProducing()}) appends the bytes after the unprocessed rest; the running
 * loop delivers them.
 *
 * <p>An exception thrown by a callback propagates to the caller of {@code dataReceived} (the
 * transport, which logs it and drops the connection); the bytes after the message that failed are
 * kept, so the receiver stays consistent.
 *
 * <p>Every partial message kept between reads is bounded by the subclass's length limit. While
 * paused, complete messages wait in the buffer too; reading from the transport is paused with the
 * receiver, so that is at most what was already read.
 *
 * <p>The class cannot be extended outside this package: extend {@link LineReceiver},
 * {@link LineOnlyReceiver}, {@link NetstringReceiver} or an {@link IntNStringReceiver}.
 */
public abstract class FramedReceiver extends Protocol implements PushProducer {

    private static final ByteBuffer NOTHING = ByteBuffer.allocate(0).asReadOnlyBuffer();

    /** The unprocessed input. */
    final InputBuffer buffer = new InputBuffer();

    private boolean busy;
    private boolean paused;

    FramedReceiver() {
    }

    /**
     * Parses and delivers the next message from {@link #buffer}.
     *
     * @return {@code true} if it delivered something or consumed input (the loop checks the
     *     transport and goes on), {@code false} if it needs more input, having stashed the rest
     */
    abstract boolean deliverNext();

    /**
     * Delivers every complete message in {@code data}, keeping the rest. Implement the receiver's
     * callback ({@code lineReceived}, {@code stringReceived}, ...) rather than overriding this; an
     * override that watches reads (e.g. to reset an idle timeout) must call {@code super}. Bytes the
     * receiver feeds itself ({@code setLineMode(extra)}, resuming) do not go through an override.
     */
    @Override
    public void dataReceived(ByteBuffer data) {
        receive(data);
    }

    /** {@link #dataReceived} without the subclass's override. */
    final void receive(ByteBuffer data) {
        if (busy) {
            buffer.append(data);
            return;
        }
        Transport started = transport;
        boolean switched = false;
        busy = true;
        buffer.setCurrent(data);
        try {
            while (!paused) {
                if (transportDisconnecting()) {
                    // The connection is going away: read no further, keep nothing more.
                    data.position(data.limit());
                    break;
                }
                if (!deliverNext()) {
                    break;
                }
                if (transport != started) {
                    switched = true;
                    break;
                }
            }
        } finally {
            buffer.stash();
            buffer.setCurrent(null);
            busy = false;
        }
        if (switched && buffer.available() > 0 && transport != null) {
            transport.unreadData(buffer.drain());
        }
    }

    private boolean transportDisconnecting() {
        return transport != null && transport.isDisconnecting();
    }

    /**
     * Stops delivering messages (after the current one) and pauses reading from the transport,
     * as Twisted's {@code _PauseableMixin}.
     */
    @Override
    public void pauseProducing() {
        paused = true;
        if (transport != null) {
            transport.pauseProducing();
        }
    }

    /** Resumes reading and delivers the messages buffered while paused. */
    @Override
    public void resumeProducing() {
        paused = false;
        if (transport != null) {
            transport.resumeProducing();
        }
        if (!busy) {
            receive(NOTHING.duplicate());
        }
    }

    /** Stops delivering for good and stops the transport producing. */
    @Override
    public void stopProducing() {
        paused = true;
        if (transport != null) {
            transport.stopProducing();
        }
    }

    /** The default reaction to bad input: close the connection, if there is one. */
    final void closeConnection() {
        if (transport != null) {
            transport.loseConnection();
        }
    }

    /** Checks a length limit given to a receiver. */
    static int checkMaxLength(int maxLength) {
        if (maxLength < 0 || maxLength > Integer.MAX_VALUE - 64) {
            throw new IllegalArgumentException("maxLength out of range: " + maxLength);
        }
        return maxLength;
    }

    /** Whether {@link #pauseProducing()} is in effect. */
    public boolean isPaused() {
        return paused;
    }

    /** How many received bytes wait unprocessed (a partial message, or messages held while paused). */
    public int bufferedLength() {
        return buffer.available();
    }
}
