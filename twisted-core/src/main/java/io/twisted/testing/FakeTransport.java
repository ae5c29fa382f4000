package io.twisted.testing;

import io.twisted.internet.HalfCloseableProtocol;
import io.twisted.internet.Producer;
import io.twisted.internet.Protocol;
import io.twisted.internet.PushProducer;
import io.twisted.internet.Transport;
import io.twisted.internet.defer.Failure;
import io.twisted.internet.error.ConnectionAborted;
import io.twisted.internet.error.ConnectionDone;
import io.twisted.internet.error.ConnectionLost;
import io.twisted.internet.tls.TlsOptions;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * One end of an in-memory connection made by {@link LoopbackPump} (Twisted's
 * {@code iosim.FakeTransport}). It implements the whole {@link Transport} contract as the real TCP
 * transport does, except that bytes move only when the pump runs: what the protocol writes waits in
 * this end's queue ({@link #queuedBytes()}) until a pump step delivers it to the other end.
 *
 * <h2>Behaviour, step by step</h2>
 * Every event reaches a protocol from inside a pump step, never from inside the call that caused
 * it (no re-entrancy), in this order within a step: pending aborts, data (each end in turn),
 * closes of write sides, end-of-stream, resets, pull producers.
 * <ul>
 *   <li>{@link #write} copies the bytes into the queue and consumes the buffer. Writes after the
 *       write side closed, or after the connection is gone, are consumed and dropped.</li>
 *   <li>{@link #loseConnection()} stops reading at once (as Twisted's transport does: what the
 *       peer sends afterwards is never delivered here), and once the queue has been delivered
 *       and no producer is registered (as the NIO transport, it waits for the producer to
 *       unregister) closes: this end hears {@code connectionLost(ConnectionDone)}; the peer then
 *       sees end-of-stream.</li>
 *   <li>End-of-stream at the peer: a {@link HalfCloseableProtocol} whose write side is still
 *       open hears {@code readConnectionLost()} and stays connected (it closes when it is done);
 *       any other protocol hears {@code connectionLost(ConnectionDone)}.</li>
 *   <li>{@link #loseWriteConnection()}: once the queue has been delivered and no producer is
 *       registered, this end's write side closes ({@code writeConnectionLost()} for a
 *       half-closeable protocol) and the peer sees end-of-stream; this end keeps reading. If it
 *       had already seen the peer's end-of-stream, the connection is lost with
 *       {@code ConnectionDone}.</li>
 *   <li>{@link #abortConnection()} drops everything queued both ways; at the next step this end
 *       hears {@code connectionLost(ConnectionAborted)} and the peer
 *       {@code connectionLost(ConnectionLost)}.</li>
 *   <li>Bytes still queued towards an end that is gone are dropped and their writer hears
 *       {@code connectionLost(ConnectionLost)} (a TCP reset).</li>
 *   <li>{@code connectionLost} is delivered exactly once; a registered producer is told
 *       {@code stopProducing()} just before it.</li>
 *   <li>As a producer: {@link #pauseProducing()} stops delivery to this end (data and
 *       end-of-stream wait) until {@link #resumeProducing()}; {@link #stopProducing()} is
 *       {@link #loseConnection()}.</li>
 *   <li>As a consumer: a registered {@link PushProducer} is paused when the queue grows above the
 *       high watermark and resumed when delivery takes it down to the low watermark
 *       ({@link #setWatermarks}); a pull producer is resumed when it is registered and whenever the
 *       queue is empty at the end of a step.</li>
 *   <li>{@link #unreadData} puts bytes back in front of this end's input: the next step delivers
 *       them to whatever protocol then reads this transport.</li>
 *   <li>Each {@code dataReceived} gets a buffer over a scratch array with a non-zero position,
 *       overwritten after the call: a protocol that keeps the buffer, or reads its backing array
 *       without {@code arrayOffset()+position()}, sees garbage (see
 *       {@link LoopbackPump.Builder#poisonDeliveredBuffers}).</li>
 *   <li>An exception thrown by a protocol propagates out of the pump step (a test should see it),
 *       where a real reactor would log it and drop the connection.</li>
 * </ul>
 *
 * <h2>Layers (TLS)</h2>
 * {@link #insertLayer} puts a protocol-and-transport layer under the current protocol: the layer
 * receives the bytes, and the upper protocol's transport becomes the layer.
 * {@link #protocol()}/{@link #setProtocol} swap the receiving protocol (the
 * {@code ProtocolLayering} contract of the TLS package). {@link #startTLS} inserts a TLS layer:
 * the one given to {@link LoopbackPump.Builder#tls}, or by default
 * {@code io.twisted.internet.tls.TlsLayer} when it is on the class path.
 */
public final class FakeTransport implements Transport, io.twisted.internet.tls.ProtocolLayering {

    /** Default high watermark of queued bytes above which a push producer is paused: 64 KiB. */
    public static final int DEFAULT_HIGH_WATERMARK = 64 * 1024;
    /** Default low watermark at or below which a paused push producer is resumed: 16 KiB. */
    public static final int DEFAULT_LOW_WATERMARK = 16 * 1024;

    /** Offset of delivered bytes inside the scratch array, so that a delivered buffer's position is not 0. */
    private static final int SCRATCH_OFFSET = 7;
    private static final byte POISON = (byte) 0xEE;

    /** Inserts a TLS layer under a fake transport's protocol; see {@link LoopbackPump.Builder#tls}. */
    @FunctionalInterface
    public interface TlsStarter {
        /** Starts TLS on {@code transport}, typically with {@link FakeTransport#insertLayer}. */
        void startTls(FakeTransport transport, TlsOptions options);
    }

    private final String name;
    private final SocketAddress host;
    private final SocketAddress peerAddress;
    private final LoopbackPump pump;
    private FakeTransport peer;
    private Protocol protocol;

    private final ByteQueue queue = new ByteQueue();
    private final ByteQueue unread = new ByteQueue();
    private byte[] scratch = new byte[0];

    private boolean readPaused;
    private boolean disconnecting;
    private boolean writeDisconnecting;
    private boolean writeClosed;
    private boolean eofSeen;
    private boolean aborted;
    private Failure pendingLoss;
    private boolean disconnected;
    private Failure lostReason;

    private Producer producer;
    private boolean streaming;
    private boolean producerPaused;
    private int highWatermark = DEFAULT_HIGH_WATERMARK;
    private int lowWatermark = DEFAULT_LOW_WATERMARK;

    private long bytesWritten;
    private long bytesDelivered;
    private final List<Consumer<Failure>> lossListeners = new ArrayList<>(1);

    FakeTransport(String name, SocketAddress host, SocketAddress peerAddress, LoopbackPump pump) {
        this.name = name;
        this.host = host;
        this.peerAddress = peerAddress;
        this.pump = pump;
    }

    void link(FakeTransport peer, Protocol protocol) {
        this.peer = peer;
        this.protocol = protocol;
    }

    // ------------------------------------------------------------------ inspection

    /** {@code "server"} or {@code "client"}. */
    public String name() {
        return name;
    }

    /** The other end. */
    public FakeTransport peer() {
        return peer;
    }

    /** The protocol this transport delivers to: the connected protocol, or the lowest inserted layer. */
    public Protocol protocol() {
        return protocol;
    }

    /** Bytes written here and not yet delivered to the peer. */
    public long queuedBytes() {
        return queue.size();
    }

    /** Total bytes accepted by {@link #write} (dropped writes not counted). */
    public long bytesWritten() {
        return bytesWritten;
    }

    /** Total bytes delivered to this end's protocol with {@code dataReceived}. */
    public long bytesDelivered() {
        return bytesDelivered;
    }

    /** Whether {@code connectionLost} has been delivered to this end (Twisted's {@code disconnected}). */
    public boolean disconnected() {
        return disconnected;
    }

    /** The reason delivered to {@code connectionLost}, or {@code null}. */
    public Failure lostReason() {
        return lostReason;
    }

    /** Whether {@link #abortConnection()} was called on this end. */
    public boolean isAborted() {
        return aborted;
    }

    /** Whether this end's write side is closed (after loseWriteConnection/loseConnection flushed). */
    public boolean isWriteClosed() {
        return writeClosed;
    }

    /** Whether this end has seen the peer's end-of-stream. */
    public boolean isReadClosed() {
        return eofSeen;
    }

    /** Whether the protocol paused reading with {@link #pauseProducing()}. */
    public boolean isReadingPaused() {
        return readPaused;
    }

    /** The registered producer, or {@code null}. */
    public Producer producer() {
        return producer;
    }

    /** Whether the registered producer is streaming (push). */
    public boolean isStreaming() {
        return streaming;
    }

    /** Whether this transport has paused its registered push producer (queue above the high watermark). */
    public boolean isProducerPaused() {
        return producerPaused;
    }

    /**
     * Sets the watermarks on queued bytes for a registered push producer.
     *
     * @throws IllegalArgumentException unless {@code 0 <= low <= high}
     */
    public void setWatermarks(int high, int low) {
        if (low < 0 || low > high) {
            throw new IllegalArgumentException("need 0 <= low <= high: high=" + high + " low=" + low);
        }
        this.highWatermark = high;
        this.lowWatermark = low;
    }

    /** Runs {@code listener} after {@code connectionLost} has been delivered to this end. */
    public void onConnectionLost(Consumer<Failure> listener) {
        lossListeners.add(Objects.requireNonNull(listener, "listener"));
    }

    // ------------------------------------------------------------------ layering

    /**
     * Puts {@code layer} under the current protocol, as a TLS layer is after STARTTLS:
     * <ol>
     *   <li>from now on this transport delivers bytes, end-of-stream and {@code connectionLost} to
     *       {@code layer} (if {@code layer} implements {@link HalfCloseableProtocol} it gets the
     *       half-close events; otherwise end-of-stream loses the connection);</li>
     *   <li>the current protocol's transport becomes {@code layer}
     *       ({@link Protocol#setTransport}); the layer is expected to hold the current protocol
     *       (it was given to its constructor) and to pass decoded bytes up to it;</li>
     *   <li>{@code layer.makeConnection(this)} runs (its {@code connectionMade} may start a
     *       handshake, writing to this transport).</li>
     * </ol>
     * A registered producer stays registered with this transport.
     *
     * @return the protocol that was on top of this transport (now above the layer)
     */
    public <L extends Protocol & Transport> Protocol insertLayer(L layer) {
        Objects.requireNonNull(layer, "layer");
        Protocol upper = protocol;
        protocol = layer;
        upper.setTransport(layer);
        layer.makeConnection(this);
        return upper;
    }

    /**
     * Makes {@code newProtocol} the receiver of this transport's bytes and events, without calling
     * its {@code makeConnection} (call it yourself if it should run {@code connectionMade}).
     *
     * @return the previous protocol
     */
    public Protocol replaceProtocol(Protocol newProtocol) {
        Protocol old = protocol;
        protocol = Objects.requireNonNull(newProtocol, "newProtocol");
        return old;
    }

    /**
     * Makes {@code newProtocol} the receiver of this transport's bytes, end-of-stream and
     * {@code connectionLost} from now on, without calling its {@code makeConnection} (whoever swaps
     * does). The contract of {@code io.twisted.internet.tls.ProtocolLayering#setProtocol}.
     */
    public void setProtocol(Protocol newProtocol) {
        replaceProtocol(newProtocol);
    }

    /**
     * Starts TLS under the current protocol: with the {@link TlsStarter} given to
     * {@link LoopbackPump.Builder#tls} if there is one, otherwise with
     * {@link io.twisted.internet.tls.TlsLayer#startTls(Transport, io.twisted.internet.tls.ProtocolLayering, TlsOptions)}.
     */
    @Override
    public void startTLS(TlsOptions options) {
        TlsStarter starter = pump.tlsStarter();
        if (starter != null) {
            starter.startTls(this, options);
        } else {
            io.twisted.internet.tls.TlsLayer.startTls(this, this, options);
        }
    }

    // ------------------------------------------------------------------ Transport

    @Override
    public void write(ByteBuffer data) {
        if (disconnected || writeClosed || aborted || pendingLoss != null) {
            data.position(data.limit());
            return;
        }
        int n = data.remaining();
        if (n == 0) {
            return;
        }
        queue.add(data);
        bytesWritten += n;
        checkHighWatermark();
    }

    @Override
    public void loseConnection() {
        if (disconnected || disconnecting) {
            return;
        }
        disconnecting = true;
    }

    @Override
    public void abortConnection() {
        if (disconnected || aborted) {
            return;
        }
        aborted = true;
        disconnecting = true;
        queue.clear();
        unread.clear();
        pendingLoss = new Failure(new ConnectionAborted()); // a local abort wins over a pending reset
        if (!peer.disconnected && peer.pendingLoss == null) {
            peer.queue.clear();
            peer.pendingLoss = new Failure(new ConnectionLost("Connection to the other side was lost in a non-clean fashion: the peer aborted it."));
        }
    }

    @Override
    public void loseWriteConnection() {
        if (disconnected || disconnecting || writeDisconnecting) {
            return;
        }
        writeDisconnecting = true;
    }

    @Override
    public SocketAddress getPeer() {
        return peerAddress;
    }

    @Override
    public SocketAddress getHost() {
        return host;
    }

    /** Whether loseConnection/abortConnection was called, a loss is pending, or the connection is gone. */
    @Override
    public boolean isDisconnecting() {
        return disconnecting || disconnected || pendingLoss != null;
    }

    /** Puts the bytes back in front of this end's input; the next step delivers them (unless the connection is gone). */
    @Override
    public void unreadData(ByteBuffer data) {
        if (disconnected) {
            data.position(data.limit());
            return;
        }
        unread.add(data);
    }

    /**
     * Registers a producer. A pull producer is resumed at once (as in Twisted); a push producer is
     * paused at once if the queue is already above the high watermark. On a transport whose
     * connection is gone, the producer is told {@code stopProducing()} instead.
     *
     * @throws IllegalStateException if a producer is registered already
     * @throws IllegalArgumentException if {@code streaming} but it is not a {@link PushProducer}
     */
    @Override
    public void registerProducer(Producer producer, boolean streaming) {
        Objects.requireNonNull(producer, "producer");
        if (this.producer != null) {
            throw new IllegalStateException("Cannot register producer " + producer + " because producer "
                    + this.producer + " was never unregistered.");
        }
        if (streaming && !(producer instanceof PushProducer)) {
            throw new IllegalArgumentException("a streaming producer must be a PushProducer");
        }
        if (disconnected) {
            producer.stopProducing();
            return;
        }
        this.producer = producer;
        this.streaming = streaming;
        this.producerPaused = false;
        if (streaming) {
            checkHighWatermark();
        } else {
            producer.resumeProducing();
        }
    }

    /** Unregisters the producer, if any (a pending loseConnection can then complete). */
    @Override
    public void unregisterProducer() {
        producer = null;
        streaming = false;
        producerPaused = false;
    }

    /** Stops delivering bytes (and end-of-stream) to this end until {@link #resumeProducing()}. */
    @Override
    public void pauseProducing() {
        readPaused = true;
    }

    /** Delivers to this end again from the next step. */
    @Override
    public void resumeProducing() {
        readPaused = false;
    }

    /** Same as {@link #loseConnection()}, as in Twisted. */
    @Override
    public void stopProducing() {
        loseConnection();
    }

    @Override
    public String toString() {
        return "FakeTransport[" + name + " " + host + " -> " + peerAddress + ", queued=" + queue.size()
                + (disconnected ? ", disconnected" : disconnecting ? ", disconnecting" : "") + "]";
    }

    // ------------------------------------------------------------------ pump steps (package-private)

    boolean hasPendingWork() {
        return pendingLoss != null || !queue.isEmpty() || !unread.isEmpty();
    }

    /** Delivers a pending abort/reset to this end. */
    boolean deliverPendingLoss() {
        if (pendingLoss == null || disconnected) {
            return false;
        }
        Failure f = pendingLoss;
        pendingLoss = null;
        lose(f);
        return true;
    }

    /** Delivers unread bytes, then what the peer queued before this call, in chunks of at most {@code chunkSize}. */
    boolean deliverIncoming(int chunkSize, boolean poison) {
        boolean progress = false;
        long fromPeer = peer.queue.size();
        long fromUnread = unread.size();
        while (canRead()) {
            ByteQueue source;
            long available;
            if (unread.size() > fromUnread) {
                break; // bytes given back during this step come first, at the next step
            }
            if (fromUnread > 0) {
                source = unread;
                available = fromUnread;
            } else if (fromPeer > 0) {
                source = peer.queue;
                available = Math.min(fromPeer, peer.queue.size());
                if (available == 0) {
                    break;
                }
            } else {
                break;
            }
            int n = (int) Math.min(available, chunkSize);
            if (scratch.length < SCRATCH_OFFSET + n + 1) {
                scratch = new byte[SCRATCH_OFFSET + n + 1];
                if (poison) {
                    Arrays.fill(scratch, POISON);
                }
            }
            int got = source.take(scratch, SCRATCH_OFFSET, n);
            if (source == unread) {
                fromUnread -= got;
            } else {
                fromPeer -= got;
                peer.afterDrain();
            }
            progress = true;
            bytesDelivered += got;
            try {
                protocol.dataReceived(ByteBuffer.wrap(scratch, SCRATCH_OFFSET, got));
            } finally {
                if (poison) {
                    Arrays.fill(scratch, POISON);
                }
            }
        }
        return progress;
    }

    private boolean canRead() {
        return !disconnected && !disconnecting && pendingLoss == null && !readPaused && !eofSeen;
    }

    /** Closes the write side (or the whole connection) once the queue has been delivered. */
    boolean finishWrites() {
        if (disconnected || pendingLoss != null || !queue.isEmpty()) {
            return false;
        }
        if (producer != null) {
            return false; // as the NIO transport: closing waits until the producer unregisters
        }
        if (disconnecting) {
            writeClosed = true;
            lose(new Failure(new ConnectionDone()));
            return true;
        }
        if (writeDisconnecting && !writeClosed) {
            writeClosed = true;
            if (protocol instanceof HalfCloseableProtocol) {
                ((HalfCloseableProtocol) protocol).writeConnectionLost();
            }
            if (eofSeen && !disconnected) {
                lose(new Failure(new ConnectionDone())); // both directions are closed now
            }
            return true;
        }
        return false;
    }

    /** Delivers the peer's end-of-stream once everything before it has been delivered. */
    boolean deliverEof() {
        if (!canRead() || !peer.writeClosed || !peer.queue.isEmpty() || !unread.isEmpty()) {
            return false;
        }
        eofSeen = true;
        if (protocol instanceof HalfCloseableProtocol && !writeClosed) {
            ((HalfCloseableProtocol) protocol).readConnectionLost();
        } else {
            disconnecting = true;
            writeClosed = true;
            queue.clear();
            lose(new Failure(new ConnectionDone()));
        }
        return true;
    }

    /** Bytes queued towards a peer that is gone: dropped, and this end hears a reset. */
    boolean resetIfPeerGone() {
        if (disconnected || pendingLoss != null || queue.isEmpty() || !peer.disconnected) {
            return false;
        }
        long dropped = queue.size();
        queue.clear();
        lose(new Failure(new ConnectionLost("Connection to the other side was lost in a non-clean fashion: the peer closed with "
                + dropped + " bytes not delivered.")));
        return true;
    }

    /** Resumes a registered pull producer when the queue is empty; progress if it wrote or unregistered. */
    boolean pullProducer() {
        if (producer == null || streaming || disconnected || writeClosed || !queue.isEmpty()) {
            return false;
        }
        Producer p = producer;
        long before = bytesWritten;
        p.resumeProducing();
        return bytesWritten != before || producer != p;
    }

    /** Ends the connection now with {@code reason} (LoopbackPump.breakConnection). */
    void breakNow(Failure reason) {
        if (disconnected) {
            return;
        }
        queue.clear();
        unread.clear();
        pendingLoss = null;
        lose(reason);
    }

    private void lose(Failure reason) {
        if (disconnected) {
            return;
        }
        disconnected = true;
        disconnecting = true;
        lostReason = reason;
        queue.clear();
        unread.clear();
        Producer p = producer;
        producer = null;
        streaming = false;
        producerPaused = false;
        if (p != null) {
            p.stopProducing();
        }
        protocol.disconnect(reason);
        for (Consumer<Failure> l : List.copyOf(lossListeners)) {
            l.accept(reason);
        }
    }

    private void checkHighWatermark() {
        if (producer != null && streaming && !producerPaused && queue.size() > highWatermark) {
            producerPaused = true;
            ((PushProducer) producer).pauseProducing();
        }
    }

    private void afterDrain() {
        if (producer != null && streaming && producerPaused && queue.size() <= lowWatermark) {
            producerPaused = false;
            producer.resumeProducing();
        }
    }
}
