package io.twisted.testing;

import io.twisted.internet.Producer;
import io.twisted.internet.PushProducer;
import io.twisted.internet.Transport;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * An in-memory {@link Transport} that records what is written, as Twisted's
 * {@code StringTransport}: for testing a protocol without sockets.
 *
 * <pre>{@code
 * var transport = new StringTransport();
 * proto.makeConnection(transport);
 * proto.dataReceived(Bytes.ascii("HELO x\r\n"));
 * assertEquals("250 ok\r\n", transport.valueAsString());
 * }</pre>
 *
 * It never calls the protocol back: {@link #loseConnection()} only sets {@link #isDisconnecting()}.
 * Use {@link StringTransportWithDisconnection} for a transport that delivers {@code connectionLost}.
 */
public class StringTransport implements Transport {

    /** What {@link #pauseProducing}/{@link #resumeProducing}/{@link #stopProducing} did to reading. */
    public enum ProducerState { PRODUCING, PAUSED, STOPPED }

    private final ByteArrayOutputStream written = new ByteArrayOutputStream();
    private final ByteArrayOutputStream unread = new ByteArrayOutputStream();
    private SocketAddress peer;
    private SocketAddress host;
    private boolean disconnecting;
    private boolean aborted;
    private boolean writeClosed;
    private Producer producer;
    private boolean streaming;
    private ProducerState producerState = ProducerState.PRODUCING;

    /** A transport between 10.0.0.1:12345 (host) and 192.168.1.1:54321 (peer), as Twisted's. */
    public StringTransport() {
        this(InetSocketAddress.createUnresolved("10.0.0.1", 12345), InetSocketAddress.createUnresolved("192.168.1.1", 54321));
    }

    /** A transport with the given addresses. */
    public StringTransport(SocketAddress host, SocketAddress peer) {
        this.host = host;
        this.peer = peer;
    }

    // ------------------------------------------------------------------ inspection

    /** Everything written so far. */
    public byte[] value() {
        return written.toByteArray();
    }

    /** Everything written so far, decoded as UTF-8. */
    public String valueAsString() {
        return written.toString(StandardCharsets.UTF_8);
    }

    /** Forgets what was written. */
    public void clear() {
        written.reset();
    }

    /** Returns what was written and forgets it. */
    public byte[] take() {
        byte[] b = value();
        clear();
        return b;
    }

    /** The bytes handed back with {@link #unreadData}, in order. */
    public byte[] unreadValue() {
        return unread.toByteArray();
    }

    /** Whether {@link #abortConnection()} was called. */
    public boolean isAborted() {
        return aborted;
    }

    /** Whether {@link #loseWriteConnection()} was called. */
    public boolean isWriteConnectionLost() {
        return writeClosed;
    }

    /** The registered producer, or {@code null}. */
    public Producer producer() {
        return producer;
    }

    /** Whether the registered producer is a push (streaming) producer. */
    public boolean isStreaming() {
        return streaming;
    }

    /** What the protocol asked of this transport as a producer (reading paused or not). */
    public ProducerState producerState() {
        return producerState;
    }

    public void setPeer(SocketAddress peer) {
        this.peer = peer;
    }

    public void setHost(SocketAddress host) {
        this.host = host;
    }

    // ------------------------------------------------------------------ Transport

    @Override
    public void write(ByteBuffer data) {
        if (data.hasArray()) {
            written.write(data.array(), data.arrayOffset() + data.position(), data.remaining());
            data.position(data.limit());
        } else {
            byte[] b = new byte[data.remaining()];
            data.get(b);
            written.write(b, 0, b.length);
        }
    }

    /** Records the bytes (see {@link #unreadValue()}); a test feeds them where they belong. */
    @Override
    public void unreadData(ByteBuffer data) {
        byte[] b = new byte[data.remaining()];
        data.get(b);
        unread.write(b, 0, b.length);
    }

    @Override
    public void loseConnection() {
        disconnecting = true;
    }

    @Override
    public void abortConnection() {
        disconnecting = true;
        aborted = true;
    }

    @Override
    public void loseWriteConnection() {
        writeClosed = true;
    }

    @Override
    public SocketAddress getPeer() {
        return peer;
    }

    @Override
    public SocketAddress getHost() {
        return host;
    }

    @Override
    public boolean isDisconnecting() {
        return disconnecting;
    }

    @Override
    public void registerProducer(Producer producer, boolean streaming) {
        if (this.producer != null) {
            throw new IllegalStateException("Cannot register producer " + producer + " because producer "
                    + this.producer + " was never unregistered.");
        }
        if (streaming && !(producer instanceof PushProducer)) {
            throw new IllegalArgumentException("a streaming producer must be a PushProducer");
        }
        this.producer = producer;
        this.streaming = streaming;
    }

    @Override
    public void unregisterProducer() {
        if (producer == null) {
            throw new IllegalStateException("Cannot unregister a producer unless one is registered");
        }
        producer = null;
    }

    @Override
    public void pauseProducing() {
        checkNotStopped();
        producerState = ProducerState.PAUSED;
    }

    @Override
    public void resumeProducing() {
        checkNotStopped();
        producerState = ProducerState.PRODUCING;
    }

    @Override
    public void stopProducing() {
        producerState = ProducerState.STOPPED;
    }

    private void checkNotStopped() {
        if (producerState == ProducerState.STOPPED) {
            throw new IllegalStateException("Cannot resume or pause a stopped producer");
        }
    }
}
