package io.twisted.testing;

import io.twisted.internet.Producer;
import io.twisted.internet.PushProducer;
import io.twisted.internet.Transport;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
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
 * It never calls the protocol back: {@link #loseConnection()} only sets {@link #isDisconnecting()},
 * {@link #registerProducer} only records the producer, {@link #unreadData} only records the bytes
 * ({@link #unreadValue()}). Use {@link StringTransportWithDisconnection} for a transport that
 * delivers {@code connectionLost}, and {@link LoopbackPump} to connect two protocols.
 *
 * <p>What is written is kept without limit: this is a test double.
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

    /**
     * A transport between 10.0.0.1:12345 (host) and 192.168.1.1:54321 (peer), as Twisted's. Both
     * are resolved {@link InetSocketAddress}es (no lookup is made), so
     * {@code ((InetSocketAddress) getPeer()).getAddress()} works.
     */
    public StringTransport() {
        this(address(10, 0, 0, 1, 12345), address(192, 168, 1, 1, 54321));
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

    /** Everything written so far, decoded with {@code charset}. */
    public String valueAsString(Charset charset) {
        return written.toString(charset);
    }

    /** How many bytes were written (and not {@link #clear() cleared}). */
    public int size() {
        return written.size();
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

    /** Returns what was written, decoded as UTF-8, and forgets it. */
    public String takeString() {
        return new String(take(), StandardCharsets.UTF_8);
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

    /** Sets what {@link #getPeer()} returns. */
    public void setPeer(SocketAddress peer) {
        this.peer = peer;
    }

    /** Sets what {@link #getHost()} returns. */
    public void setHost(SocketAddress host) {
        this.host = host;
    }

    /** A resolved IPv4 socket address, made without a name lookup. */
    static InetSocketAddress address(int a, int b, int c, int d, int port) {
        try {
            return new InetSocketAddress(InetAddress.getByAddress(new byte[] {(byte) a, (byte) b, (byte) c, (byte) d}), port);
        } catch (UnknownHostException e) {
            throw new AssertionError(e); // only thrown for a bad array length
        }
    }

    // ------------------------------------------------------------------ Transport

    /** Records the remaining bytes of {@code data} and consumes them (even after loseConnection). */
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

    /**
     * Records the producer; nothing calls it.
     *
     * @throws IllegalStateException if one is registered already
     * @throws IllegalArgumentException if {@code streaming} but it is not a {@link PushProducer}
     */
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

    /** @throws IllegalStateException if no producer is registered */
    @Override
    public void unregisterProducer() {
        if (producer == null) {
            throw new IllegalStateException("Cannot unregister a producer unless one is registered");
        }
        producer = null;
        streaming = false;
    }

    /**
     * Records that the protocol paused reading ({@link #producerState()}).
     *
     * @throws IllegalStateException if {@link #stopProducing()} was called
     */
    @Override
    public void pauseProducing() {
        checkNotStopped();
        producerState = ProducerState.PAUSED;
    }

    /**
     * Records that the protocol resumed reading ({@link #producerState()}).
     *
     * @throws IllegalStateException if {@link #stopProducing()} was called
     */
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

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + host + " -> " + peer + ", " + written.size() + " bytes written"
                + (disconnecting ? ", disconnecting" : "") + "]";
    }
}
