package io.twisted.internet.nio;

import io.twisted.testing.ReactorThread;
import static org.junit.jupiter.api.Assertions.*;

import io.twisted.internet.ClientFactory;
import io.twisted.internet.Factory;
import io.twisted.internet.HalfCloseableProtocol;
import io.twisted.internet.ListeningPort;
import io.twisted.internet.Protocol;
import io.twisted.internet.PushProducer;
import io.twisted.internet.defer.Failure;
import io.twisted.internet.error.ConnectionAborted;
import io.twisted.internet.error.ConnectionDone;
import io.twisted.internet.error.ConnectionLost;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The TCP transport over real loopback sockets: bytes, closing, half-close and flow control. */
class TcpTransportTest {

    /** Echoes what it receives by writing the very buffer it was handed. */
    static final class Echo extends Protocol {
        @Override
        public void dataReceived(ByteBuffer data) {
            transport.write(data);
        }
    }

    static int port(ListeningPort p) {
        return ((InetSocketAddress) p.getHost()).getPort();
    }

    /**
     * Sends {@code size} bytes from a seeded generator and checks the echo byte by byte as it
     * arrives; completes {@code done} with true when all came back equal.
     */
    static final class EchoChecker extends Protocol implements PushProducer {
        final long size;
        final Random sendGen;
        final Random checkGen;
        final CompletableFuture<Boolean> done;
        long sent;
        long received;
        boolean paused;
        final byte[] chunk = new byte[16 * 1024];
        final byte[] expect = new byte[16 * 1024];

        EchoChecker(int seed, long size, CompletableFuture<Boolean> done) {
            this.size = size;
            this.sendGen = new Random(seed);
            this.checkGen = new Random(seed);
            this.done = done;
        }

        @Override
        public void connectionMade() {
            transport.registerProducer(this, true);
            resumeProducing();
        }

        @Override
        public void pauseProducing() {
            paused = true;
        }

        @Override
        public void resumeProducing() {
            paused = false;
            while (!paused && sent < size) {
                int n = (int) Math.min(chunk.length, size - sent);
                sendGen.nextBytes(chunk);
                transport.write(ByteBuffer.wrap(chunk, 0, n));
                sent += n;
            }
            if (sent >= size && !paused) {
                transport.unregisterProducer();
                paused = true;
            }
        }

        @Override
        public void stopProducing() {
            paused = true;
        }

        // The checker regenerates the stream in the sender's chunk size, so both draw the same bytes.
        private int expectPos;
        private int expectLen;

        @Override
        public void dataReceived(ByteBuffer data) {
            while (data.hasRemaining()) {
                if (expectPos == expectLen) {
                    int n = (int) Math.min(chunk.length, size - received);
                    checkGen.nextBytes(expect);
                    expectLen = n;
                    expectPos = 0;
                }
                byte b = data.get();
                if (b != expect[expectPos++]) {
                    done.complete(false);
                    transport.abortConnection();
                    return;
                }
                received++;
            }
            if (received == size) {
                done.complete(true);
                transport.loseConnection();
            }
        }

        @Override
        public void connectionLost(Failure reason) {
            done.complete(received == size);
        }
    }

    @Test
    void echoesOneThousandConcurrentConnectionsOfOneMebibyteByteExact() throws Exception {
        int conns = 1000;
        long size = 1 << 20;
        try (ReactorThread server = new ReactorThread("echo-server"); ReactorThread client = new ReactorThread("echo-client")) {
            ListeningPort p = server.call(() -> server.reactor.listenTCP(0, Factory.forProtocol(Echo::new), 1024, "127.0.0.1"));
            int port = port(p);
            @SuppressWarnings("unchecked")
            CompletableFuture<Boolean>[] results = new CompletableFuture[conns];
            for (int i = 0; i < conns; i++) {
                results[i] = new CompletableFuture<>();
            }
            client.run(() -> {
                for (int i = 0; i < conns; i++) {
                    int seed = i;
                    CompletableFuture<Boolean> r = results[i];
                    client.reactor.connectTCP("127.0.0.1", port, new ClientFactory(() -> new EchoChecker(seed, size, r)) {
                        @Override
                        public void clientConnectionFailed(io.twisted.internet.Connector c, Failure reason) {
                            r.completeExceptionally(reason.value());
                        }
                    });
                }
            });
            int ok = 0;
            for (CompletableFuture<Boolean> r : results) {
                if (r.get(120, TimeUnit.SECONDS)) {
                    ok++;
                }
            }
            assertEquals(conns, ok, "connections that echoed byte-exact");
        }
    }

    /** Streams {@code total} bytes with a push producer, recording the most bytes ever queued. */
    static final class Streamer extends Protocol implements PushProducer {
        final long total;
        final AtomicLong maxQueued;
        final ByteBuffer chunk = ByteBuffer.allocate(16 * 1024);
        long sent;
        boolean paused;
        int pauses;

        Streamer(long total, AtomicLong maxQueued) {
            this.total = total;
            this.maxQueued = maxQueued;
        }

        @Override
        public void connectionMade() {
            transport.registerProducer(this, true);
            resumeProducing();
        }

        @Override
        public void pauseProducing() {
            paused = true;
            pauses++;
        }

        @Override
        public void resumeProducing() {
            paused = false;
            TcpConnection c = (TcpConnection) transport;
            while (!paused && sent < total) {
                chunk.clear();
                transport.write(chunk);
                sent += chunk.capacity();
                maxQueued.accumulateAndGet(c.queuedBytes(), Math::max);
            }
            if (sent >= total && !paused) {
                transport.unregisterProducer();
                transport.loseConnection();
                paused = true;
            }
        }

        @Override
        public void stopProducing() {
            paused = true;
        }
    }

    /** Reads slowly: after every 4 MiB it stops reading for 20 ms. */
    static final class SlowReader extends Protocol {
        final CompletableFuture<Long> done;
        long received;
        long nextPause = 4 << 20;

        SlowReader(CompletableFuture<Long> done) {
            this.done = done;
        }

        @Override
        public void dataReceived(ByteBuffer data) {
            received += data.remaining();
            if (received >= nextPause) {
                nextPause += 4 << 20;
                transport.pauseProducing();
                transport.getClass(); // the transport is also our producer of incoming bytes
                reactorOf(this).callLater(0.02, transport::resumeProducing);
            }
        }

        @Override
        public void connectionLost(Failure reason) {
            done.complete(received);
        }
    }

    static io.twisted.internet.ReactorTime reactorClock;

    static io.twisted.internet.ReactorTime reactorOf(Protocol p) {
        return reactorClock;
    }

    @Test
    void slowReaderKeepsTheSendersQueueBoundedWhileStreaming256MiB() throws Exception {
        long total = 256L << 20;
        AtomicLong maxQueued = new AtomicLong();
        try (ReactorThread server = new ReactorThread("stream-server"); ReactorThread client = new ReactorThread("slow-client")) {
            reactorClock = client.reactor;
            ListeningPort p = server.call(() -> server.reactor.listenTCP(0, Factory.forProtocol(() -> new Streamer(total, maxQueued)), "127.0.0.1"));
            CompletableFuture<Long> done = new CompletableFuture<>();
            client.run(() -> client.reactor.connectTCP("127.0.0.1", port(p), new ClientFactory(() -> new SlowReader(done))));
            assertEquals(total, done.get(120, TimeUnit.SECONDS));
        }
        // High watermark (64 KiB) plus the one write that crossed it.
        assertTrue(maxQueued.get() <= TcpConnection.DEFAULT_HIGH_WATERMARK + 16 * 1024,
                "sender queued at most " + maxQueued.get() + " bytes");
        assertTrue(maxQueued.get() > 0, "the reader was slow enough to make the sender queue");
    }

    /** Records everything and how the connection ended. */
    static class Recorder extends Protocol {
        final ByteArrayOutputStream got = new ByteArrayOutputStream();
        final CompletableFuture<Failure> lost = new CompletableFuture<>();

        @Override
        public void dataReceived(ByteBuffer data) {
            byte[] b = new byte[data.remaining()];
            data.get(b);
            got.write(b, 0, b.length);
        }

        @Override
        public void connectionLost(Failure reason) {
            lost.complete(reason);
        }
    }

    @Test
    void loseConnectionDeliversEverythingWrittenBeforeClosing() throws Exception {
        int size = 8 << 20;
        byte[] payload = new byte[size];
        new Random(7).nextBytes(payload);
        try (ReactorThread server = new ReactorThread("lose-server"); ReactorThread client = new ReactorThread("lose-client")) {
            CompletableFuture<Failure> serverLost = new CompletableFuture<>();
            ListeningPort p = server.call(() -> server.reactor.listenTCP(0, Factory.forProtocol(() -> new Protocol() {
                @Override
                public void connectionMade() {
                    transport.write(payload);
                    transport.loseConnection();
                    assertTrue(transport.isDisconnecting());
                }

                @Override
                public void connectionLost(Failure reason) {
                    serverLost.complete(reason);
                }
            }), "127.0.0.1"));
            Recorder rec = new Recorder();
            client.run(() -> client.reactor.connectTCP("127.0.0.1", port(p), new ClientFactory(() -> rec)));
            Failure f = rec.lost.get(60, TimeUnit.SECONDS);
            assertNotNull(f.check(ConnectionDone.class), f.toString());
            assertNotNull(serverLost.get(60, TimeUnit.SECONDS).check(ConnectionDone.class));
            client.run(() -> assertArrayEquals(payload, rec.got.toByteArray()));
        }
    }

    static final class HalfCloseServer extends Recorder implements HalfCloseableProtocol {
        final CompletableFuture<Void> writeLost = new CompletableFuture<>();

        @Override
        public void readConnectionLost() {
            // The client is done sending: answer with what we got, then close our side too.
            transport.write(("got " + got.size() + " bytes").getBytes(StandardCharsets.US_ASCII));
            transport.loseWriteConnection();
        }

        @Override
        public void writeConnectionLost() {
            writeLost.complete(null);
        }
    }

    static final class HalfCloseClient extends Recorder implements HalfCloseableProtocol {
        @Override
        public void connectionMade() {
            transport.write(new byte[100_000]);
            transport.loseWriteConnection();
        }

        @Override
        public void readConnectionLost() {
            transport.loseConnection();
        }

        @Override
        public void writeConnectionLost() {
        }
    }

    @Test
    void halfCloseLetsThePeerAnswerAfterOurWriteSideClosed() throws Exception {
        try (ReactorThread server = new ReactorThread("half-server"); ReactorThread client = new ReactorThread("half-client")) {
            HalfCloseServer srv = new HalfCloseServer();
            ListeningPort p = server.call(() -> server.reactor.listenTCP(0, Factory.forProtocol(() -> srv), "127.0.0.1"));
            HalfCloseClient cli = new HalfCloseClient();
            client.run(() -> client.reactor.connectTCP("127.0.0.1", port(p), new ClientFactory(() -> cli)));
            assertNotNull(cli.lost.get(30, TimeUnit.SECONDS).check(ConnectionDone.class));
            srv.writeLost.get(30, TimeUnit.SECONDS);
            assertNotNull(srv.lost.get(30, TimeUnit.SECONDS));
            client.run(() -> assertEquals("got 100000 bytes", cli.got.toString(StandardCharsets.US_ASCII)));
        }
    }

    @Test
    void abortConnectionReportsAbortedLocallyAndLostToThePeer() throws Exception {
        try (ReactorThread server = new ReactorThread("abort-server"); ReactorThread client = new ReactorThread("abort-client")) {
            Recorder srv = new Recorder() {
                @Override
                public void connectionMade() {
                    transport.write(new byte[1 << 20]);
                    transport.abortConnection();
                }
            };
            ListeningPort p = server.call(() -> server.reactor.listenTCP(0, Factory.forProtocol(() -> srv), "127.0.0.1"));
            Recorder cli = new Recorder();
            // The reset may beat the client's own connect completion: then the attempt fails instead.
            client.run(() -> client.reactor.connectTCP("127.0.0.1", port(p), new ClientFactory(() -> cli) {
                @Override
                public void clientConnectionFailed(io.twisted.internet.Connector c, Failure reason) {
                    cli.lost.complete(reason);
                }
            }));
            assertNotNull(srv.lost.get(30, TimeUnit.SECONDS).check(ConnectionAborted.class));
            Failure f = cli.lost.get(30, TimeUnit.SECONDS);
            assertNotNull(f.check(ConnectionLost.class, ConnectionDone.class, io.twisted.internet.error.ConnectError.class), f.toString());
        }
    }

    @Test
    void anExceptionInDataReceivedDropsOnlyThatConnection() throws Exception {
        AtomicInteger made = new AtomicInteger();
        try (ReactorThread server = new ReactorThread("boom-server"); ReactorThread client = new ReactorThread("boom-client")) {
            ListeningPort p = server.call(() -> server.reactor.listenTCP(0, Factory.forProtocol(() -> new Protocol() {
                @Override
                public void connectionMade() {
                    made.incrementAndGet();
                }

                @Override
                public void dataReceived(ByteBuffer data) {
                    if (data.get(0) == 'X') {
                        throw new IllegalStateException("expected by the test: protocol bug");
                    }
                    transport.write(data);
                }
            }), "127.0.0.1"));
            Recorder bad = new Recorder() {
                @Override
                public void connectionMade() {
                    transport.write("X".getBytes(StandardCharsets.US_ASCII));
                }
            };
            Recorder good = new Recorder() {
                @Override
                public void connectionMade() {
                    transport.write("hello".getBytes(StandardCharsets.US_ASCII));
                }

                @Override
                public void dataReceived(ByteBuffer data) {
                    super.dataReceived(data);
                    if (got.size() == 5) {
                        transport.loseConnection();
                    }
                }
            };
            client.run(() -> client.reactor.connectTCP("127.0.0.1", port(p), new ClientFactory(() -> bad)));
            assertNotNull(bad.lost.get(30, TimeUnit.SECONDS));
            client.run(() -> client.reactor.connectTCP("127.0.0.1", port(p), new ClientFactory(() -> good)));
            assertNotNull(good.lost.get(30, TimeUnit.SECONDS).check(ConnectionDone.class));
            client.run(() -> assertEquals("hello", good.got.toString(StandardCharsets.US_ASCII)));
            assertEquals(2, made.get());
        }
    }

    /** A pull producer writing one 16 KiB chunk per resumeProducing; the socket takes each at once. */
    static final class PullStreamer extends Protocol implements io.twisted.internet.PullProducer {
        final long total;
        long sent;

        PullStreamer(long total) {
            this.total = total;
        }

        @Override
        public void connectionMade() {
            transport.registerProducer(this, false);
        }

        @Override
        public void resumeProducing() {
            if (sent >= total) {
                return;
            }
            transport.write(new byte[16 * 1024]);
            sent += 16 * 1024;
            if (sent >= total) {
                transport.unregisterProducer();
                transport.loseConnection();
            }
        }

        @Override
        public void stopProducing() {
        }
    }

    @Test
    void aPullProducerIsAskedForMoreEvenWhenEveryWriteGoesOutAtOnce() throws Exception {
        long total = 4L << 20;
        try (ReactorThread server = new ReactorThread("pull-server"); ReactorThread client = new ReactorThread("pull-client")) {
            ListeningPort p = server.call(() -> server.reactor.listenTCP(0, Factory.forProtocol(() -> new PullStreamer(total)), "127.0.0.1"));
            CompletableFuture<Long> done = new CompletableFuture<>();
            Recorder rec = new Recorder() {
                @Override
                public void connectionLost(Failure reason) {
                    done.complete((long) got.size());
                }
            };
            client.run(() -> client.reactor.connectTCP("127.0.0.1", port(p), new ClientFactory(() -> rec)));
            assertEquals(total, done.get(60, TimeUnit.SECONDS));
        }
    }
}
