package io.twisted.testing;

import io.twisted.internet.HalfCloseableProtocol;
import io.twisted.internet.Protocol;
import io.twisted.internet.defer.Deferred;
import io.twisted.internet.defer.Failure;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A protocol that records what happens to it, as Twisted's {@code AccumulatingProtocol}: how often
 * {@code connectionMade} ran, every byte received, and the reason for {@code connectionLost}.
 *
 * <pre>{@code
 * var client = new AccumulatingProtocol();
 * var pump = LoopbackPump.connect(new EchoProtocol(), client);
 * client.transport().write(ascii("hi"));
 * pump.pump();
 * assertEquals("hi", client.valueAsString());
 * client.transport().loseConnection();
 * pump.pump();
 * assertTrue(client.lostReason().check(ConnectionDone.class) != null);
 * }</pre>
 *
 * Received bytes are kept without limit: this is a test double. {@link HalfCloseable} also
 * records half-close events.
 */
public class AccumulatingProtocol extends Protocol {

    private final ByteArrayOutputStream data = new ByteArrayOutputStream();
    private int madeCount;
    private int dataReceivedCount;
    private int lostCount;
    private Failure lostReason;
    private final Deferred<Void> made = new Deferred<>();
    private final Deferred<Void> lost = new Deferred<>();

    @Override
    public void connectionMade() {
        madeCount++;
        if (!made.isCalled()) {
            made.callback(null);
        }
    }

    @Override
    public void dataReceived(ByteBuffer buffer) {
        dataReceivedCount++;
        byte[] b = new byte[buffer.remaining()];
        buffer.get(b);
        data.write(b, 0, b.length);
    }

    @Override
    public void connectionLost(Failure reason) {
        lostCount++;
        lostReason = reason;
        if (!lost.isCalled()) {
            lost.callback(null);
        }
    }

    /** How many times {@code connectionMade} ran (1 for a well-behaved transport). */
    public int madeCount() {
        return madeCount;
    }

    /** How many times {@code dataReceived} ran: the number of reads, which chunking changes. */
    public int dataReceivedCount() {
        return dataReceivedCount;
    }

    /** How many times {@code connectionLost} ran (at most 1 for a well-behaved transport). */
    public int lostCount() {
        return lostCount;
    }

    /** Whether {@code connectionMade} ran. */
    public boolean isMade() {
        return madeCount > 0;
    }

    /** Whether {@code connectionLost} ran. */
    public boolean isLost() {
        return lostCount > 0;
    }

    /** The reason given to the last {@code connectionLost}, or {@code null}. */
    public Failure lostReason() {
        return lostReason;
    }

    /** Fires when {@code connectionMade} first runs. Shared: add callbacks, do not fire it. */
    public Deferred<Void> whenMade() {
        return made;
    }

    /**
     * Fires (with {@code null}; the reason is {@link #lostReason()}) when {@code connectionLost}
     * first runs. The returned Deferred is shared: add callbacks, do not fire it.
     */
    public Deferred<Void> whenLost() {
        return lost;
    }

    /** Every byte received so far. */
    public byte[] value() {
        return data.toByteArray();
    }

    /** Every byte received so far, decoded as UTF-8. */
    public String valueAsString() {
        return data.toString(StandardCharsets.UTF_8);
    }

    /** Forgets the bytes received so far. */
    public void clear() {
        data.reset();
    }

    /** Returns the bytes received so far and forgets them. */
    public byte[] take() {
        byte[] b = data.toByteArray();
        data.reset();
        return b;
    }

    /** An {@link AccumulatingProtocol} that accepts half-close and counts its events. */
    public static class HalfCloseable extends AccumulatingProtocol implements HalfCloseableProtocol {
        private int readLostCount;
        private int writeLostCount;

        @Override
        public void readConnectionLost() {
            readLostCount++;
        }

        @Override
        public void writeConnectionLost() {
            writeLostCount++;
        }

        /** How many times {@code readConnectionLost} ran. */
        public int readLostCount() {
            return readLostCount;
        }

        /** How many times {@code writeConnectionLost} ran. */
        public int writeLostCount() {
            return writeLostCount;
        }
    }
}
