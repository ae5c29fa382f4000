package io.twisted.internet.tls;

import io.twisted.internet.Producer;
import io.twisted.internet.Protocol;
import io.twisted.internet.PushProducer;
import io.twisted.internet.Transport;
import io.twisted.internet.defer.Failure;
import io.twisted.internet.error.ConnectionAborted;
import io.twisted.internet.error.ConnectionDone;
import io.twisted.internet.error.ConnectionLost;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.function.IntSupplier;

/**
 * A private in-memory byte shuttle between two protocols, for TLS tests: each side's writes queue
 * up, {@link #pump()} moves them across in chunks of a chosen size. Queued, never re-entrant, as
 * Twisted's iosim. Also a watermark-based consumer (pauses a registered push producer above
 * {@code highWatermark} queued bytes, resumes it when drained) and a pausable producer (a paused
 * side receives nothing).
 */
final class Shuttle {

    final End client;
    final End server;
    private IntSupplier chunk = () -> Integer.MAX_VALUE;
    int deliveries;
    /** Deliver each write at once, inside the writer's call (re-entrant, as some transports do). */
    boolean synchronous;

    Shuttle(Protocol clientProtocol, Protocol serverProtocol) {
        client = new End("client", new InetSocketAddress("127.0.0.1", 40000), new InetSocketAddress("127.0.0.1", 443));
        server = new End("server", new InetSocketAddress("127.0.0.1", 443), new InetSocketAddress("127.0.0.1", 40000));
        client.peer = server;
        server.peer = client;
        client.protocol = clientProtocol;
        server.protocol = serverProtocol;
    }

    /** Delivers in chunks of sizes from {@code sizes}. */
    Shuttle chunks(IntSupplier sizes) {
        this.chunk = sizes;
        return this;
    }

    /** Connects both protocols (server first, as an accept precedes the client's connect completing). */
    Shuttle connect() {
        server.protocol.makeConnection(server);
        client.protocol.makeConnection(client);
        return this;
    }

    /** Moves bytes both ways until nothing moves; returns whether anything moved. */
    boolean pump() {
        boolean any = false;
        for (int i = 0; i < 1_000_000; i++) {
            boolean moved = client.deliverOne() | server.deliverOne();
            moved |= client.closeIfDrained() | server.closeIfDrained();
            if (!moved) {
                return any;
            }
            any = true;
        }
        throw new AssertionError("pump did not settle");
    }

    /** One side of the shuttle: the transport its protocol writes to. */
    final class End implements Transport, ProtocolLayering {
        final String name;
        final SocketAddress host;
        final SocketAddress peerAddress;
        End peer;
        Protocol protocol;
        /** Bytes written by this side, not yet delivered to the peer. */
        final ArrayDeque<ByteBuffer> out = new ArrayDeque<>();
        long queued;
        long totalWritten;
        final ByteArrayOutputStream unread = new ByteArrayOutputStream();
        boolean disconnecting;
        boolean lost;
        boolean readPaused;
        Failure lostReason;
        Producer producer;
        boolean streaming;
        long highWatermark = Long.MAX_VALUE;
        boolean producerPaused;
        int producerPauses;
        int producerResumes;

        End(String name, SocketAddress host, SocketAddress peerAddress) {
            this.name = name;
            this.host = host;
            this.peerAddress = peerAddress;
        }

        @Override
        public Protocol protocol() {
            return protocol;
        }

        @Override
        public void setProtocol(Protocol p) {
            protocol = p;
        }

        @Override
        public void startTLS(TlsOptions options) {
            TlsLayer.startTls(this, this, options);
        }

        boolean deliverOne() {
            if (out.isEmpty() || peer.lost || peer.readPaused) {
                return false;
            }
            // one read gathers across writes, as a socket read does
            int n = (int) Math.min(Math.max(1, chunk.getAsInt()), queued);
            ByteBuffer piece = ByteBuffer.allocate(n);
            while (piece.hasRemaining()) {
                ByteBuffer head = out.peekFirst();
                if (head.remaining() <= piece.remaining()) {
                    piece.put(out.pollFirst());
                } else {
                    ByteBuffer part = head.slice();
                    part.limit(piece.remaining());
                    piece.put(part);
                    head.position(head.position() + part.limit());
                }
            }
            piece.flip();
            queued -= piece.remaining();
            deliveries++;
            peer.protocol.dataReceived(piece);
            if (producer != null && streaming && producerPaused && queued == 0) {
                producerPaused = false;
                producerResumes++;
                producer.resumeProducing();
            }
            return true;
        }

        boolean closeIfDrained() {
            if (disconnecting && !lost && out.isEmpty()) {
                lose(new ConnectionDone());
                if (!peer.lost) {
                    peer.lose(new ConnectionDone());     // the peer reads end-of-stream
                }
                return true;
            }
            return false;
        }

        void lose(RuntimeException reason) {
            if (lost) {
                return;
            }
            lost = true;
            lostReason = new Failure(reason);
            out.clear();
            protocol.disconnect(lostReason);
        }

        @Override
        public void write(ByteBuffer data) {
            if (lost || disconnecting) {
                data.position(data.limit());
                return;
            }
            ByteBuffer copy = ByteBuffer.allocate(data.remaining());
            copy.put(data).flip();
            if (copy.hasRemaining()) {
                queued += copy.remaining();
                totalWritten += copy.remaining();
                out.addLast(copy);
            }
            if (synchronous) {
                while (deliverOne()) {
                    // deliver inside write
                }
            }
            if (producer != null && streaming && !producerPaused && queued > highWatermark) {
                producerPaused = true;
                producerPauses++;
                ((PushProducer) producer).pauseProducing();
            }
        }

        @Override
        public void unreadData(ByteBuffer data) {
            protocol.dataReceived(data);
        }

        @Override
        public void loseConnection() {
            disconnecting = true;
        }

        @Override
        public void abortConnection() {
            disconnecting = true;
            lose(new ConnectionAborted());
            peer.lose(new ConnectionLost());
        }

        @Override
        public void loseWriteConnection() {
            throw new UnsupportedOperationException("not used by TLS");
        }

        @Override
        public SocketAddress getPeer() {
            return peerAddress;
        }

        @Override
        public SocketAddress getHost() {
            return host;
        }

        @Override
        public boolean isDisconnecting() {
            return disconnecting || lost;
        }

        @Override
        public void registerProducer(Producer p, boolean streaming) {
            if (producer != null) {
                throw new IllegalStateException("producer already registered");
            }
            producer = p;
            this.streaming = streaming;
        }

        @Override
        public void unregisterProducer() {
            producer = null;
        }

        @Override
        public void pauseProducing() {
            readPaused = true;
        }

        @Override
        public void resumeProducing() {
            readPaused = false;
        }

        @Override
        public void stopProducing() {
            readPaused = true;
        }

        @Override
        public String toString() {
            return "End[" + name + "]";
        }
    }
}
