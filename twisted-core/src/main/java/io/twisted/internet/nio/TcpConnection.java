package io.twisted.internet.nio;

import io.twisted.internet.HalfCloseableProtocol;
import io.twisted.internet.Producer;
import io.twisted.internet.Protocol;
import io.twisted.internet.PushProducer;
import io.twisted.internet.Transport;
import io.twisted.internet.defer.Failure;
import io.twisted.internet.error.ConnectionAborted;
import io.twisted.internet.error.ConnectionDone;
import io.twisted.internet.error.ConnectionLost;
import java.io.IOException;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.List;

/**
 * One TCP connection: the {@link Transport} its protocol sees.
 *
 * <p>Reads land in the reactor's shared buffer and go to {@code dataReceived} at once. Writes go
 * to the socket at once while nothing is queued; what the socket does not take is copied into the
 * queue, and queued buffers leave in one gathering write when the socket is writable again. Above
 * {@link #highWatermark} queued bytes a registered push producer is paused; below
 * {@link #lowWatermark} it is resumed; a pull producer is asked for more whenever the queue
 * empties.
 */
final class TcpConnection implements Transport, Selectable, io.twisted.internet.tls.ProtocolLayering {

    /** Default queued-bytes level above which a push producer is paused. */
    static final int DEFAULT_HIGH_WATERMARK = 64 * 1024;
    /** Default queued-bytes level below which a paused push producer is resumed. */
    static final int DEFAULT_LOW_WATERMARK = 16 * 1024;
    /** Queued small writes are packed into chunks of this size. */
    private static final int CHUNK = 16 * 1024;
    /** At most this many buffers go into one gathering write. */
    private static final int MAX_GATHER = 64;
    /** Reads per readiness while the shared buffer comes back full. */
    private static final int MAX_READS_PER_READY = 4;

    private final NioReactor reactor;
    private final SocketChannel channel;
    private final TcpConnector connector;
    private SelectionKey key;
    private Protocol protocol;
    private final SocketAddress host;
    private final SocketAddress peer;

    private final ArrayDeque<ByteBuffer> queue = new ArrayDeque<>();
    private long queued;
    private int highWatermark = DEFAULT_HIGH_WATERMARK;
    private int lowWatermark = DEFAULT_LOW_WATERMARK;

    private Producer producer;
    private boolean streamingProducer;
    private boolean producerPaused;
    /** A pull producer wrote and the socket took it all: ask it for more on the next writable pass. */
    private boolean pullWantsMore;

    private boolean connected;
    private boolean disconnecting;
    private boolean readPaused;
    private boolean readClosed;
    private boolean writeDisconnecting;
    private boolean writeDisconnected;
    private boolean lostCalled;
    private ByteBuffer[] gather = new ByteBuffer[8];

    private TcpConnection(NioReactor reactor, SocketChannel channel, Protocol protocol, TcpConnector connector,
                          SocketAddress host, SocketAddress peer) {
        this.reactor = reactor;
        this.channel = channel;
        this.protocol = protocol;
        this.connector = connector;
        this.host = host;
        this.peer = peer;
    }

    /**
     * Registers {@code channel} (connected, non-blocking; {@code existingKey} if a connector already
     * registered it) and starts {@code protocol} on it. Returns null if registration failed.
     */
    static TcpConnection start(NioReactor reactor, SocketChannel channel, SelectionKey existingKey, Protocol protocol,
                               TcpConnector connector) {
        SocketAddress host;
        SocketAddress peer;
        try {
            host = channel.getLocalAddress();
            peer = channel.getRemoteAddress();
        } catch (IOException e) {
            host = null;
            peer = null;
        }
        TcpConnection c = new TcpConnection(reactor, channel, protocol, connector, host, peer);
        try {
            if (existingKey != null) {
                existingKey.attach(c);
                existingKey.interestOps(SelectionKey.OP_READ);
                reactor.adopt(c);
                c.key = existingKey;
            } else {
                c.key = reactor.register(channel, SelectionKey.OP_READ, c);
            }
        } catch (IOException | RuntimeException e) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // already failing
            }
            return null;
        }
        c.connected = true;
        try {
            protocol.makeConnection(c);
        } catch (Throwable t) {
            c.failFromProtocol(t);
        }
        return c;
    }

    // ------------------------------------------------------------------ reading

    @Override
    public void onReady(int readyOps) {
        if ((readyOps & SelectionKey.OP_WRITE) != 0 && connected) {
            flush();
        }
        if ((readyOps & SelectionKey.OP_READ) != 0 && connected && !readPaused && !readClosed) {
            doRead();
        }
    }

    private void doRead() {
        ByteBuffer buf = reactor.readBuffer;
        for (int i = 0; i < MAX_READS_PER_READY; i++) {
            buf.clear();
            int n;
            try {
                n = channel.read(buf);
            } catch (IOException e) {
                connectionLost(new Failure(new ConnectionLost("Connection to the other side was lost in a non-clean fashion: "
                        + e.getMessage(), e)));
                return;
            }
            if (n < 0) {
                readEof();
                return;
            }
            if (n == 0) {
                return;
            }
            buf.flip();
            try {
                protocol.dataReceived(buf);
            } catch (Throwable t) {
                failFromProtocol(t);
                return;
            }
            if (n < buf.capacity() || !connected || readPaused || disconnecting) {
                return;
            }
        }
    }

    private void readEof() {
        readClosed = true;
        if (protocol instanceof HalfCloseableProtocol && !writeDisconnected) {
            updateInterest();
            try {
                ((HalfCloseableProtocol) protocol).readConnectionLost();
            } catch (Throwable t) {
                failFromProtocol(t);
            }
        } else {
            connectionLost(new Failure(new ConnectionDone()));
        }
    }

    /** A protocol callback threw: log it and drop the connection, as Twisted does. */
    private void failFromProtocol(Throwable t) {
        NioReactor.LOG.log(System.Logger.Level.ERROR, "Unhandled error in protocol " + protocol.getClass().getName()
                + " for " + peer + "; dropping the connection", t);
        connectionLost(new Failure(t));
    }

    // ------------------------------------------------------------------ writing

    @Override
    public void write(ByteBuffer data) {
        int len = data.remaining();
        if (!connected || writeDisconnecting || writeDisconnected) {
            data.position(data.limit());
            return;
        }
        if (len == 0) {
            return;
        }
        if (queue.isEmpty()) {
            try {
                channel.write(data);
            } catch (IOException e) {
                data.position(data.limit());
                scheduleLost(e);
                return;
            }
            if (!data.hasRemaining()) {
                if (producer != null && !streamingProducer && !pullWantsMore) {
                    // As Twisted's transports do, a pull producer is resumed when the transport can
                    // write again, even when the socket took everything at once.
                    pullWantsMore = true;
                    updateInterest();
                }
                return;
            }
            enqueue(data);
            updateInterest();
        } else {
            enqueue(data);
        }
        checkHighWatermark();
    }

    @Override
    public void writeSequence(List<ByteBuffer> data) {
        if (!connected || writeDisconnecting || writeDisconnected) {
            for (ByteBuffer b : data) {
                b.position(b.limit());
            }
            return;
        }
        if (queue.isEmpty() && data.size() > 1) {
            ByteBuffer[] arr = data.toArray(new ByteBuffer[0]);
            try {
                channel.write(arr);
            } catch (IOException e) {
                for (ByteBuffer b : arr) {
                    b.position(b.limit());
                }
                scheduleLost(e);
                return;
            }
            boolean any = false;
            for (ByteBuffer b : arr) {
                if (b.hasRemaining()) {
                    enqueue(b);
                    any = true;
                }
            }
            if (any) {
                updateInterest();
                checkHighWatermark();
            }
        } else {
            for (ByteBuffer b : data) {
                write(b);
            }
        }
    }

    /** Copies the rest of {@code data} into the queue, packing small writes into the last chunk. */
    private void enqueue(ByteBuffer data) {
        int len = data.remaining();
        queued += len;
        ByteBuffer last = queue.peekLast();
        if (last != null && last.capacity() - last.limit() >= len) {
            // The tail chunk is in write mode (position..limit = data); append after its limit.
            int pos = last.position();
            last.position(last.limit());
            last.limit(last.limit() + len);
            last.put(data);
            last.position(pos);
            return;
        }
        ByteBuffer copy = ByteBuffer.allocate(Math.max(len, len < CHUNK ? CHUNK : len));
        copy.put(data);
        copy.flip();
        queue.add(copy);
    }

    private void checkHighWatermark() {
        if (producer != null && streamingProducer && !producerPaused && queued > highWatermark) {
            producerPaused = true;
            ((PushProducer) producer).pauseProducing();
        }
    }

    /** Writes queued data; called when the socket is writable. */
    private void flush() {
        while (!queue.isEmpty()) {
            int n = 0;
            for (ByteBuffer b : queue) {
                if (n == MAX_GATHER) {
                    break;
                }
                if (n == gather.length) {
                    gather = java.util.Arrays.copyOf(gather, Math.min(MAX_GATHER, n * 2));
                }
                gather[n++] = b;
            }
            long w;
            try {
                w = channel.write(gather, 0, n);
            } catch (IOException e) {
                java.util.Arrays.fill(gather, 0, n, null);
                connectionLost(new Failure(new ConnectionLost("Connection to the other side was lost in a non-clean fashion: "
                        + e.getMessage(), e)));
                return;
            }
            java.util.Arrays.fill(gather, 0, n, null);
            queued -= w;
            while (!queue.isEmpty() && !queue.peekFirst().hasRemaining()) {
                queue.pollFirst();
            }
            if (!queue.isEmpty() && queue.peekFirst().position() > 0 || w == 0) {
                break; // the socket buffer is full
            }
        }
        if (producer != null && producerPaused && queued <= lowWatermark) {
            producerPaused = false;
            try {
                producer.resumeProducing();
            } catch (Throwable t) {
                failFromProtocol(t);
                return;
            }
            if (!connected) {
                return;
            }
        }
        if (queue.isEmpty()) {
            drained();
        }
        if (connected) {
            updateInterest();
        }
    }

    /** The write queue just emptied. */
    private void drained() {
        pullWantsMore = false;
        if (producer != null) {
            if (!streamingProducer) {
                try {
                    producer.resumeProducing();
                } catch (Throwable t) {
                    failFromProtocol(t);
                }
            }
            return;
        }
        if (disconnecting) {
            connectionLost(new Failure(new ConnectionDone()));
        } else if (writeDisconnecting && !writeDisconnected) {
            shutdownOutput();
        }
    }

    private void shutdownOutput() {
        writeDisconnected = true;
        try {
            channel.shutdownOutput();
        } catch (IOException e) {
            connectionLost(new Failure(new ConnectionLost(e.getMessage(), e)));
            return;
        }
        if (protocol instanceof HalfCloseableProtocol) {
            try {
                ((HalfCloseableProtocol) protocol).writeConnectionLost();
            } catch (Throwable t) {
                failFromProtocol(t);
                return;
            }
        }
        if (readClosed) {
            // Both directions are closed now; otherwise the peer's EOF ends the connection.
            connectionLost(new Failure(new ConnectionDone()));
        }
    }

    private void scheduleLost(IOException e) {
        // A failed write must not re-enter the protocol from inside its own write call.
        if (!connected || disconnecting && lostScheduled) {
            return;
        }
        lostScheduled = true;
        disconnecting = true;
        reactor.callLater(0, () -> connectionLost(new Failure(new ConnectionLost(
                "Connection to the other side was lost in a non-clean fashion: " + e.getMessage(), e))));
    }

    private boolean lostScheduled;

    private void updateInterest() {
        if (!connected || !key.isValid()) {
            return;
        }
        int ops = 0;
        if (!readPaused && !readClosed && !disconnecting) {
            ops |= SelectionKey.OP_READ;
        }
        if (!queue.isEmpty() || pullWantsMore && producer != null) {
            ops |= SelectionKey.OP_WRITE;
        }
        try {
            if (key.interestOps() != ops) {
                key.interestOps(ops);
            }
        } catch (CancelledKeyException ignored) {
            // closing
        }
    }

    // ------------------------------------------------------------------ closing

    @Override
    public void loseConnection() {
        if (!connected || disconnecting) {
            return;
        }
        disconnecting = true;
        if (queue.isEmpty() && producer == null) {
            connectionLost(new Failure(new ConnectionDone()));
        } else {
            updateInterest();
        }
    }

    @Override
    public void abortConnection() {
        if (!connected) {
            return;
        }
        disconnecting = true;
        try {
            channel.setOption(StandardSocketOptions.SO_LINGER, 0);
        } catch (IOException | RuntimeException ignored) {
            // best effort: an RST instead of a FIN
        }
        connectionLost(new Failure(new ConnectionAborted()));
    }

    @Override
    public void loseWriteConnection() {
        if (!connected || writeDisconnecting || writeDisconnected) {
            return;
        }
        writeDisconnecting = true;
        if (queue.isEmpty() && producer == null) {
            shutdownOutput();
        }
    }

    private void connectionLost(Failure reason) {
        if (lostCalled) {
            return;
        }
        lostCalled = true;
        connected = false;
        disconnecting = true;
        queue.clear();
        queued = 0;
        if (key != null) {
            key.cancel();
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing more to do
        }
        reactor.unregister(this);
        Producer p = producer;
        producer = null;
        if (p != null) {
            try {
                p.stopProducing();
            } catch (Throwable t) {
                NioReactor.LOG.log(System.Logger.Level.ERROR, "Error in stopProducing", t);
            }
        }
        try {
            protocol.disconnect(reason);
        } catch (Throwable t) {
            NioReactor.LOG.log(System.Logger.Level.ERROR, "Unhandled error in connectionLost of " + protocol.getClass().getName(), t);
        }
        if (connector != null) {
            connector.connectionLost(reason);
        }
    }

    @Override
    public void abortOnError(Throwable error) {
        connectionLost(new Failure(error));
    }

    @Override
    public void closeForShutdown() {
        connectionLost(new Failure(new ConnectionLost("Connection lost: the reactor is shutting down")));
    }

    // ------------------------------------------------------------------ producer / consumer

    @Override
    public void registerProducer(Producer producer, boolean streaming) {
        if (this.producer != null) {
            throw new IllegalStateException("Cannot register producer " + producer + ", because producer "
                    + this.producer + " was never unregistered.");
        }
        if (streaming && !(producer instanceof PushProducer)) {
            throw new IllegalArgumentException("a streaming producer must be a PushProducer: " + producer);
        }
        if (!connected) {
            producer.stopProducing();
            return;
        }
        this.producer = producer;
        this.streamingProducer = streaming;
        this.producerPaused = false;
        if (!streaming) {
            producer.resumeProducing();
        } else {
            checkHighWatermark();
        }
    }

    @Override
    public void unregisterProducer() {
        producer = null;
        producerPaused = false;
        if (connected && queue.isEmpty()) {
            drained();
        }
    }

    /** Stops reading from the peer (the transport as a producer). */
    @Override
    public void pauseProducing() {
        if (!readPaused) {
            readPaused = true;
            updateInterest();
        }
    }

    /** Resumes reading from the peer. */
    @Override
    public void resumeProducing() {
        if (readPaused) {
            readPaused = false;
            updateInterest();
        }
    }

    /** Stops for good: closes the connection. */
    @Override
    public void stopProducing() {
        loseConnection();
    }

    // ------------------------------------------------------------------ misc

    @Override
    public void unreadData(ByteBuffer data) {
        if (connected && data.hasRemaining()) {
            protocol.dataReceived(data);
        }
    }

    /** The protocol this connection delivers to (the TLS layer once TLS started). */
    @Override
    public Protocol protocol() {
        return protocol;
    }

    /** Makes this connection deliver to {@code p} from now on (protocol layering: TLS, switches). */
    @Override
    public void setProtocol(Protocol p) {
        this.protocol = p;
    }

    @Override
    public void startTLS(io.twisted.internet.tls.TlsOptions options) {
        if (!connected) {
            throw new IllegalStateException("cannot start TLS on a closed connection");
        }
        io.twisted.internet.tls.TlsLayer.startTls(this, this, options);
    }

    /** Sets the flow-control watermarks, in queued bytes. */
    void setWatermarks(int high, int low) {
        if (low > high || low < 0) {
            throw new IllegalArgumentException("need 0 <= low <= high, got low=" + low + " high=" + high);
        }
        this.highWatermark = high;
        this.lowWatermark = low;
    }

    /** Bytes written but not yet taken by the socket. */
    long queuedBytes() {
        return queued;
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
        return disconnecting || !connected;
    }

    @Override
    public String toString() {
        return "<TCP connection " + host + " <-> " + peer + " " + protocol.getClass().getSimpleName() + ">";
    }
}
