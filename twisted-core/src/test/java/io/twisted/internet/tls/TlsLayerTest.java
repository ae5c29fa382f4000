package io.twisted.internet.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twisted.internet.HalfCloseableProtocol;
import io.twisted.internet.Protocol;
import io.twisted.internet.PushProducer;
import io.twisted.internet.error.ConnectionDone;
import io.twisted.internet.error.ConnectionLost;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class TlsLayerTest {

    private static ByteBuffer ascii(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.US_ASCII));
    }

    private static TlsLayer clientLayer(Protocol app, ClientTlsOptions options) {
        return new TlsLayer(app, options);
    }

    private static Shuttle shuttle(Recorder clientApp, TlsOptions clientOptions, Recorder serverApp, TlsOptions serverOptions) {
        return new Shuttle(new TlsLayer(clientApp, clientOptions), new TlsLayer(serverApp, serverOptions));
    }

    // ------------------------------------------------------------------ handshake and data

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void echoesOneMebibyteByteExactInRandomChunks(String version) {
        Recorder clientApp = new Recorder();
        Recorder serverApp = new Recorder().echoing();
        Random random = new Random(42);
        Shuttle s = shuttle(clientApp, TestPki.client("localhost").withProtocols(version), serverApp, TestPki.server())
                .chunks(() -> 1 + random.nextInt(random.nextBoolean() ? 40 : 40_000)).connect();
        byte[] payload = new byte[1 << 20];
        random.nextBytes(payload);
        // written before the handshake completes: queued, then flushed
        int pos = 0;
        while (pos < payload.length) {
            int n = Math.min(payload.length - pos, 1 + random.nextInt(70_000));
            ByteBuffer b = ByteBuffer.wrap(payload, pos, n);
            clientApp.transport().write(b);
            assertFalse(b.hasRemaining(), "write consumes its buffer");
            pos += n;
            if (random.nextInt(4) == 0) {
                s.pump();
            }
        }
        s.pump();
        assertEquals(version, clientApp.tls().session().getProtocol());
        assertEquals(version, serverApp.tls().session().getProtocol());
        assertArrayEquals(payload, serverApp.received.toByteArray());
        assertArrayEquals(payload, clientApp.received.toByteArray());
        assertEquals(1, clientApp.handshakes);
        assertEquals(1, serverApp.handshakes);
        assertNull(clientApp.lost);
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void handshakesAndTalksWithOneByteDeliveries(String version) {
        Recorder clientApp = new Recorder().greeting("hello from client");
        Recorder serverApp = new Recorder().greeting("hello from server");
        Shuttle s = shuttle(clientApp, TestPki.client("localhost"), serverApp, TestPki.server().withProtocols(version))
                .chunks(() -> 1).connect();
        s.pump();
        assertTrue(clientApp.tls().isHandshakeDone());
        assertEquals("hello from client", serverApp.text());
        assertEquals("hello from server", clientApp.text());
        assertEquals(version, clientApp.tls().session().getProtocol());
        assertTrue(s.deliveries > 1000, "really delivered byte by byte");
    }

    @Test
    void bytesFollowingTheHandshakeInTheSameReadAreDelivered() {
        Recorder clientApp = new Recorder().greeting("early data");
        Recorder serverApp = new Recorder();
        Shuttle s = shuttle(clientApp, TestPki.client("localhost"), serverApp, TestPki.server()).connect();
        assertEquals(1, s.client.out.size());
        s.client.deliverOne();                    // ClientHello
        assertEquals(1, s.server.out.size(), "the server's flight leaves in one write");
        s.server.deliverOne();                    // ServerHello ... Finished
        assertEquals(0, serverApp.received.size());
        // the client's Finished and its queued application data leave in one write, one read
        assertEquals(1, s.client.out.size());
        s.client.deliverOne();
        assertTrue(s.client.out.isEmpty());
        assertEquals("early data", serverApp.text());
    }

    @Test
    void appIsConnectedBeforeTheHandshakeAndTransportIsTheLayer() {
        Recorder app = new Recorder();
        TlsLayer layer = new TlsLayer(app, TestPki.client("localhost"));
        Shuttle s = new Shuttle(layer, new TlsLayer(new Recorder(), TestPki.server())).connect();
        assertEquals(1, app.connectionMadeCalls);
        assertSame(layer, app.transport());
        assertFalse(layer.isHandshakeDone());
        assertEquals(s.client.getPeer(), layer.getPeer());
        assertEquals(s.client.getHost(), layer.getHost());
        assertSame(app, layer.protocol());
    }

    @Test
    void writeSequenceConsumesEveryBuffer() {
        Recorder clientApp = new Recorder();
        Recorder serverApp = new Recorder();
        Shuttle s = shuttle(clientApp, TestPki.client("localhost"), serverApp, TestPki.server()).connect();
        s.pump();
        List<ByteBuffer> parts = List.of(ascii("one "), ascii("two "), ascii("three"));
        clientApp.transport().writeSequence(parts);
        for (ByteBuffer b : parts) {
            assertFalse(b.hasRemaining());
        }
        s.pump();
        assertEquals("one two three", serverApp.text());
    }

    // ------------------------------------------------------------------ closing

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void clientCloseNotifyEndsBothSidesCleanly(String version) {
        Recorder clientApp = new Recorder().greeting("last words");
        Recorder serverApp = new Recorder();
        Shuttle s = shuttle(clientApp, TestPki.client("localhost").withProtocols(version), serverApp, TestPki.server()).connect();
        clientApp.transport().loseConnection();       // before the handshake, with data queued
        assertTrue(clientApp.transport().isDisconnecting());
        s.pump();
        assertEquals("last words", serverApp.text());
        assertInstanceOf(ConnectionDone.class, clientApp.lost.value());
        assertInstanceOf(ConnectionDone.class, serverApp.lost.value());
        assertEquals(1, clientApp.lostCalls);
        assertEquals(1, serverApp.lostCalls);
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void serverCloseNotifyEndsBothSidesCleanly(String version) {
        Recorder clientApp = new Recorder();
        Recorder serverApp = new Recorder().greeting("bye");
        Shuttle s = shuttle(clientApp, TestPki.client("localhost"), serverApp, TestPki.server().withProtocols(version)).connect();
        s.pump();
        serverApp.transport().loseConnection();
        s.pump();
        assertEquals("bye", clientApp.text());
        assertInstanceOf(ConnectionDone.class, clientApp.lost.value());
        assertInstanceOf(ConnectionDone.class, serverApp.lost.value());
    }

    @Test
    void connectionLostWithoutCloseNotifyIsConnectionLost() {
        Recorder clientApp = new Recorder();
        Recorder serverApp = new Recorder();
        Shuttle s = shuttle(clientApp, TestPki.client("localhost"), serverApp, TestPki.server()).connect();
        s.pump();
        s.server.loseConnection();                    // TCP FIN under TLS, no close_notify
        s.pump();
        assertInstanceOf(ConnectionLost.class, clientApp.lost.value());
        assertTrue(clientApp.lost.value().getMessage().contains("close_notify"), clientApp.lost.value().getMessage());
    }

    @Test
    void abortConnectionDropsQueuedDataAndReportsTheAbort() {
        Recorder clientApp = new Recorder().greeting("never sent");
        Recorder serverApp = new Recorder();
        Shuttle s = shuttle(clientApp, TestPki.client("localhost"), serverApp, TestPki.server()).connect();
        clientApp.transport().abortConnection();
        s.pump();
        assertEquals(0, serverApp.received.size());
        assertInstanceOf(io.twisted.internet.error.ConnectionAborted.class, clientApp.lost.value());
        assertInstanceOf(ConnectionLost.class, serverApp.lost.value());
    }

    @Test
    void writesAfterLoseConnectionAreFlushedBeforeCloseNotifyThenDropped() {
        Recorder clientApp = new Recorder();
        Recorder serverApp = new Recorder();
        Shuttle s = shuttle(clientApp, TestPki.client("localhost"), serverApp, TestPki.server()).connect();
        s.pump();
        clientApp.transport().write(ascii("before"));
        clientApp.transport().loseConnection();
        clientApp.transport().write(ascii("after"));
        s.pump();
        assertEquals("before", serverApp.text());
    }

    /** A TLS 1.3 half-closeable server: hears the client's close_notify, answers, then closes. */
    static final class HalfCloseServer extends Recorder implements HalfCloseableProtocol {
        boolean readLost;

        @Override
        public void readConnectionLost() {
            readLost = true;
            transport.write(("got " + received.size() + " bytes").getBytes(StandardCharsets.US_ASCII));
            transport.loseConnection();
        }

        @Override
        public void writeConnectionLost() {
        }
    }

    static final class HalfCloseClient extends Recorder implements HalfCloseableProtocol {
        boolean writeLost;

        @Override
        public void readConnectionLost() {
        }

        @Override
        public void writeConnectionLost() {
            writeLost = true;
        }
    }

    @Test
    void loseWriteConnectionIsTlsHalfClose() {
        HalfCloseClient clientApp = new HalfCloseClient();
        HalfCloseServer serverApp = new HalfCloseServer();
        Shuttle s = shuttle(clientApp, TestPki.client("localhost"), serverApp, TestPki.server()).connect();
        clientApp.transport().write(ascii("request"));
        clientApp.transport().loseWriteConnection();
        s.pump();
        assertTrue(clientApp.writeLost);
        assertTrue(serverApp.readLost);
        assertEquals("request", serverApp.text());
        assertEquals("got 7 bytes", clientApp.text());
        assertInstanceOf(ConnectionDone.class, clientApp.lost.value());
        assertInstanceOf(ConnectionDone.class, serverApp.lost.value());
    }

    // ------------------------------------------------------------------ verification failures

    @Test
    void hostnameMismatchIsRefusedWithAFailureThatSaysSo() {
        Recorder clientApp = new Recorder().greeting("secret");
        Recorder serverApp = new Recorder();
        Shuttle s = shuttle(clientApp, TestPki.client("wrong.example"), serverApp, TestPki.server()).connect();
        s.pump();
        TlsError e = assertInstanceOf(TlsError.class, clientApp.lost.value());
        assertTrue(e.getMessage().contains("hostname"), e.getMessage());
        assertTrue(e.isHandshakeFailure());
        assertInstanceOf(javax.net.ssl.SSLHandshakeException.class, e.getCause());
        assertEquals(0, serverApp.received.size(), "the queued plaintext never left");
        TlsError serverSide = assertInstanceOf(TlsError.class, serverApp.lost.value());
        assertTrue(serverSide.getMessage().contains("certificate"), serverSide.getMessage());
    }

    @Test
    void untrustedCertificateIsRefused() {
        Recorder clientApp = new Recorder();
        Recorder serverApp = new Recorder();
        Shuttle s = shuttle(clientApp, TestPki.client("localhost"), serverApp, TlsOptions.forServer(TestPki.ROGUE_LOCALHOST)).connect();
        s.pump();
        TlsError e = assertInstanceOf(TlsError.class, clientApp.lost.value());
        assertTrue(e.getMessage().contains("certificate not trusted"), e.getMessage());
        assertInstanceOf(TlsError.class, serverApp.lost.value());
    }

    @Test
    void defaultTrustStoreRefusesAPrivateCa() {
        Recorder clientApp = new Recorder();
        Shuttle s = shuttle(clientApp, TlsOptions.forClient("localhost"), new Recorder(), TestPki.server()).connect();
        s.pump();
        assertTrue(clientApp.lost.value().getMessage().contains("certificate"), clientApp.lost.value().getMessage());
    }

    // ------------------------------------------------------------------ client certificates

    @Test
    void requiredClientCertificateIsAcceptedWhenTrusted() {
        Recorder clientApp = new Recorder().greeting("hi");
        Recorder serverApp = new Recorder();
        Shuttle s = shuttle(clientApp, TestPki.client("localhost").withClientCertificate(TestPki.CLIENT),
                serverApp, TestPki.server().withClientAuth(ClientAuth.REQUIRED, TestPki.CA.certificateChain())).connect();
        s.pump();
        assertEquals("hi", serverApp.text());
        assertEquals(TestPki.CLIENT.certificate(), serverApp.tls().peerCertificates().get(0));
        assertEquals(TestPki.LOCALHOST.certificate(), clientApp.tls().peerCertificates().get(0));
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void requiredClientCertificateMissingIsRefused(String version) {
        Recorder clientApp = new Recorder().greeting("hi");
        Recorder serverApp = new Recorder();
        Shuttle s = shuttle(clientApp, TestPki.client("localhost").withProtocols(version),
                serverApp, TestPki.server().withClientAuth(ClientAuth.REQUIRED, TestPki.CA.certificateChain())).connect();
        s.pump();
        assertEquals(0, serverApp.received.size());
        assertInstanceOf(TlsError.class, serverApp.lost.value());
        assertTrue(serverApp.lost.value().getMessage().contains("certificate"), serverApp.lost.value().getMessage());
        assertInstanceOf(ConnectionLost.class, clientApp.lost.value());
    }

    @Test
    void untrustedClientCertificateIsRefused() {
        Recorder clientApp = new Recorder().greeting("hi");
        Recorder serverApp = new Recorder();
        Shuttle s = shuttle(clientApp, TestPki.client("localhost").withClientCertificate(TestPki.ROGUE_CLIENT),
                serverApp, TestPki.server().withClientAuth(ClientAuth.REQUIRED, TestPki.CA.certificateChain())).connect();
        s.pump();
        assertEquals(0, serverApp.received.size());
        TlsError e = assertInstanceOf(TlsError.class, serverApp.lost.value());
        assertTrue(e.getMessage().contains("certificate"), e.getMessage());
    }

    @Test
    void optionalClientCertificateMayBeAbsent() {
        Recorder clientApp = new Recorder().greeting("anonymous");
        Recorder serverApp = new Recorder();
        Shuttle s = shuttle(clientApp, TestPki.client("localhost"),
                serverApp, TestPki.server().withClientAuth(ClientAuth.OPTIONAL, TestPki.CA.certificateChain())).connect();
        s.pump();
        assertEquals("anonymous", serverApp.text());
        assertTrue(serverApp.tls().peerCertificates().isEmpty());
    }

    // ------------------------------------------------------------------ SNI and ALPN

    @Test
    void sniPicksTheCertificateByName() {
        ServerTlsOptions serverOptions = TestPki.server().withSniCertificate("other.example", TestPki.OTHER_HOST);
        Recorder clientApp = new Recorder();
        Recorder serverApp = new Recorder();
        Shuttle s = shuttle(clientApp, TestPki.client("other.example"), serverApp, serverOptions).connect();
        s.pump();
        assertNull(clientApp.lost, () -> "" + clientApp.lost.value());
        assertEquals("other.example", serverApp.tls().serverName());
        assertEquals("other.example", clientApp.tls().serverName());
        assertEquals(TestPki.OTHER_HOST.certificate(), clientApp.tls().peerCertificates().get(0));

        Recorder defaultClient = new Recorder();
        Recorder defaultServer = new Recorder();
        Shuttle d = shuttle(defaultClient, TestPki.client("localhost"), defaultServer, serverOptions).connect();
        d.pump();
        assertEquals(TestPki.LOCALHOST.certificate(), defaultClient.tls().peerCertificates().get(0));
        assertEquals("localhost", defaultServer.tls().serverName());
    }

    @Test
    void sniWildcardMatchesOneLabel() {
        NamedKeyManager km = new NamedKeyManager(TestPki.LOCALHOST, java.util.Map.of("*.example.com", TestPki.OTHER_HOST));
        assertEquals("sni-0", km.aliasFor("A.Example.com"));
        assertNull(km.aliasFor("a.b.example.com"));
        assertNull(km.aliasFor("example.com"));
    }

    @Test
    void alpnNegotiatesTheServersPreference() {
        Recorder clientApp = new Recorder();
        Recorder serverApp = new Recorder();
        Shuttle s = shuttle(clientApp, TestPki.client("localhost").withAlpn("h2", "http/1.1"),
                serverApp, TestPki.server().withAlpn("http/1.1", "h2")).connect();
        s.pump();
        assertEquals("http/1.1", clientApp.tls().negotiatedProtocol());
        assertEquals("http/1.1", serverApp.tls().negotiatedProtocol());
    }

    @Test
    void alpnWithoutCommonProtocolIsRefused() {
        Recorder clientApp = new Recorder();
        Recorder serverApp = new Recorder();
        Shuttle s = shuttle(clientApp, TestPki.client("localhost").withAlpn("imap"),
                serverApp, TestPki.server().withAlpn("h2")).connect();
        s.pump();
        TlsError e = assertInstanceOf(TlsError.class, clientApp.lost.value());
        assertTrue(e.getMessage().contains("no_application_protocol"), e.getMessage());
    }

    @Test
    void noAlpnOfferedMeansNoProtocol() {
        Recorder clientApp = new Recorder();
        Recorder serverApp = new Recorder();
        Shuttle s = shuttle(clientApp, TestPki.client("localhost"), serverApp, TestPki.server().withAlpn("h2")).connect();
        s.pump();
        assertNull(clientApp.lost);
        assertNull(serverApp.tls().negotiatedProtocol());
    }

    // ------------------------------------------------------------------ renegotiation

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void dataFlowsAcrossRenegotiationOrKeyUpdate(String version) {
        Recorder clientApp = new Recorder();
        Recorder serverApp = new Recorder().echoing();
        Shuttle s = shuttle(clientApp, TestPki.client("localhost").withProtocols(version), serverApp, TestPki.server()).connect();
        s.pump();
        ((TlsLayer) serverApp.transport()).renegotiate();
        clientApp.transport().write(ascii("during "));
        serverApp.transport().write(ascii("[server] "));
        s.pump();
        ((TlsLayer) clientApp.transport()).renegotiate();
        clientApp.transport().write(ascii("after"));
        s.pump();
        assertNull(clientApp.lost, () -> "" + clientApp.lost.value());
        assertEquals("during after", serverApp.text());
        assertEquals("[server] during after", clientApp.text());
    }

    // ------------------------------------------------------------------ flow control

    /** A push producer that writes a block each time it is resumed, counting pauses. */
    static final class Blocks implements PushProducer {
        final Protocol owner;
        boolean paused;
        int pauses;
        int resumes;
        boolean stopped;

        Blocks(Protocol owner) {
            this.owner = owner;
        }

        @Override
        public void pauseProducing() {
            paused = true;
            pauses++;
        }

        @Override
        public void resumeProducing() {
            paused = false;
            resumes++;
        }

        @Override
        public void stopProducing() {
            stopped = true;
        }

        /** Writes until paused; returns bytes written. */
        int produce(int block, int max) {
            int n = 0;
            while (!paused && n < max) {
                owner.transport().write(new byte[block]);
                n += block;
            }
            return n;
        }
    }

    @Test
    void producerPausedAndResumedThroughTheLayer() {
        Recorder clientApp = new Recorder();
        Recorder serverApp = new Recorder();
        Shuttle s = shuttle(clientApp, TestPki.client("localhost"), serverApp, TestPki.server()).connect();
        s.pump();
        Blocks producer = new Blocks(clientApp);
        clientApp.transport().registerProducer(producer, true);
        assertSame(producer, s.client.producer, "registered with the lower transport");
        s.client.highWatermark = 64 * 1024;
        int written = producer.produce(8192, 10_000_000);
        assertTrue(producer.paused, "the lower transport's watermark paused the app's producer");
        assertTrue(written < 200_000, "stopped near the watermark, wrote " + written);
        s.pump();
        assertEquals(1, producer.resumes, "resumed once the queue drained");
        assertEquals(written, serverApp.received.size());
        clientApp.transport().unregisterProducer();
        assertNull(s.client.producer);
    }

    @Test
    void loseConnectionWaitsForTheProducerToUnregister() {
        Recorder clientApp = new Recorder();
        Recorder serverApp = new Recorder();
        Shuttle s = shuttle(clientApp, TestPki.client("localhost"), serverApp, TestPki.server()).connect();
        s.pump();
        Blocks producer = new Blocks(clientApp);
        clientApp.transport().registerProducer(producer, true);
        clientApp.transport().loseConnection();
        s.pump();
        assertNull(clientApp.lost, "still open while the producer is registered");
        clientApp.transport().write(ascii("tail"));
        clientApp.transport().unregisterProducer();
        s.pump();
        assertEquals("tail", serverApp.text());
        assertInstanceOf(ConnectionDone.class, serverApp.lost.value());
    }

    @Test
    void pausingReadingStopsPlaintextAndPassesThrough() {
        Recorder clientApp = new Recorder();
        Recorder serverApp = new Recorder();
        Shuttle s = shuttle(clientApp, TestPki.client("localhost"), serverApp, TestPki.server()).connect();
        s.pump();
        serverApp.transport().pauseProducing();
        assertTrue(s.server.readPaused, "the lower transport stopped reading");
        clientApp.transport().write(ascii("queued while paused"));
        s.pump();
        assertEquals(0, serverApp.received.size());
        serverApp.transport().resumeProducing();
        s.pump();
        assertEquals("queued while paused", serverApp.text());
    }

    /** Pauses itself after the first delivery; the rest of the same read must wait. */
    static final class PausingReader extends Recorder {
        @Override
        public void dataReceived(ByteBuffer data) {
            super.dataReceived(data);
            transport.pauseProducing();
        }
    }

    @Test
    void pauseInsideDataReceivedHoldsTheRestOfTheRead() {
        Recorder clientApp = new Recorder();
        PausingReader serverApp = new PausingReader();
        Shuttle s = shuttle(clientApp, TestPki.client("localhost"), serverApp, TestPki.server()).connect();
        s.pump();
        byte[] big = new byte[100_000];
        new Random(1).nextBytes(big);
        clientApp.transport().write(big);              // several records, delivered in one read
        s.pump();
        int first = serverApp.received.size();
        assertTrue(first > 0 && first < big.length, "delivered " + first);
        int rounds = 0;
        while (serverApp.received.size() < big.length && rounds++ < 100) {
            serverApp.transport().resumeProducing();
            s.pump();
        }
        assertArrayEquals(big, serverApp.received.toByteArray());
    }

    // ------------------------------------------------------------------ buffer boundaries and re-entrancy

    /*
     * Splitting a first flight into two reads at every single point costs a full handshake per
     * point (about two thousand here). The tests split at every point within 8 bytes of each TLS
     * record boundary (record header fields, record ends: where framing bugs live) and at every
     * 11th point in between.
     */

    @Test
    void clientHelloSplitAroundEveryRecordBoundary() {
        for (int split : splitPoints(firstFlight(true))) {
            assertHandshakeWithFirstReadOf(true, split);
        }
    }

    @Test
    void serverFlightSplitAroundEveryRecordBoundary() {
        byte[] flight = firstFlight(false);
        java.util.SortedSet<Integer> points = splitPoints(flight);
        assertTrue(recordStarts(flight).size() >= 3, "ServerHello, ChangeCipherSpec, encrypted records");
        for (int split : points) {
            assertHandshakeWithFirstReadOf(false, split);
        }
    }

    /** The client's first flight (ClientHello) or the server's answer, as sent. */
    private static byte[] firstFlight(boolean client) {
        Shuttle s = shuttle(new Recorder(), TestPki.client("localhost"), new Recorder(), TestPki.server()).connect();
        if (!client) {
            s.client.deliverOne();
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (ByteBuffer b : (client ? s.client : s.server).out) {
            ByteBuffer d = b.duplicate();
            byte[] bytes = new byte[d.remaining()];
            d.get(bytes);
            out.write(bytes, 0, bytes.length);
        }
        return out.toByteArray();
    }

    /** Offsets where TLS records start: each is a 5-byte header (type, version, 16-bit length; RFC 8446 section 5.1). */
    private static List<Integer> recordStarts(byte[] flight) {
        List<Integer> starts = new java.util.ArrayList<>();
        int pos = 0;
        while (pos + 5 <= flight.length) {
            starts.add(pos);
            pos += 5 + (((flight[pos + 3] & 0xff) << 8) | (flight[pos + 4] & 0xff));
        }
        assertEquals(flight.length, pos, "the flight is whole records");
        return starts;
    }

    private static java.util.SortedSet<Integer> splitPoints(byte[] flight) {
        java.util.SortedSet<Integer> points = new java.util.TreeSet<>();
        List<Integer> boundaries = new java.util.ArrayList<>(recordStarts(flight));
        boundaries.add(flight.length);
        for (int b : boundaries) {
            for (int p = b - 8; p <= b + 8; p++) {
                if (p > 0 && p < flight.length) {
                    points.add(p);
                }
            }
        }
        for (int p = 1; p < flight.length; p += 11) {
            points.add(p);
        }
        return points;
    }

    private static final ServerTlsOptions SPLIT_SERVER = TestPki.server();

    private static void assertHandshakeWithFirstReadOf(boolean client, int split) {
        Recorder clientApp = new Recorder().greeting("x");
        Recorder serverApp = new Recorder().greeting("y");
        int[] sizes = {split};
        int[] calls = {0};
        // a fresh client context each time: a full handshake, no session resumption
        Shuttle s = shuttle(clientApp, TestPki.client("localhost"), serverApp, SPLIT_SERVER).connect();
        if (!client) {
            s.client.deliverOne();
        }
        Shuttle.End from = client ? s.client : s.server;
        s.chunks(() -> calls[0]++ == 0 ? sizes[0] : Integer.MAX_VALUE);
        from.deliverOne();
        s.chunks(() -> Integer.MAX_VALUE);
        s.pump();
        assertNull(clientApp.lost, () -> "split " + split + ": " + clientApp.lost.value());
        assertEquals("x", serverApp.text(), "split " + split);
        assertEquals("y", clientApp.text(), "split " + split);
    }

    @Test
    void survivesATransportThatDeliversInsideWrite() {
        Recorder clientApp = new Recorder().greeting("re-entrant");
        Recorder serverApp = new Recorder().echoing();
        Shuttle s = shuttle(clientApp, TestPki.client("localhost"), serverApp, TestPki.server());
        s.synchronous = true;
        s.connect();
        s.pump();
        byte[] big = new byte[200_000];
        new Random(3).nextBytes(big);
        clientApp.transport().write(big);
        s.pump();
        byte[] expected = new byte[big.length + "re-entrant".length()];
        System.arraycopy("re-entrant".getBytes(StandardCharsets.US_ASCII), 0, expected, 0, 10);
        System.arraycopy(big, 0, expected, 10, big.length);
        assertArrayEquals(expected, serverApp.received.toByteArray());
        assertArrayEquals(expected, clientApp.received.toByteArray());
        clientApp.transport().loseConnection();
        s.pump();
        assertInstanceOf(ConnectionDone.class, serverApp.lost.value());
    }

    // ------------------------------------------------------------------ switching protocols inside TLS

    /** Reads one line, then hands the connection (and the bytes after the line) to {@code next}. */
    static final class Switcher extends Recorder {
        final Recorder next;

        Switcher(Recorder next) {
            this.next = next;
        }

        @Override
        public void dataReceived(ByteBuffer data) {
            while (data.hasRemaining()) {
                byte b = data.get();
                received.write(b);
                if (b == '\n') {
                    ((ProtocolLayering) transport).setProtocol(next);
                    next.makeConnection(transport);
                    transport.unreadData(data);       // plaintext: we are inside the layer's delivery
                    return;
                }
            }
        }
    }

    @Test
    void unreadDataInsideDeliveryIsPlaintextForTheNextProtocol() {
        Recorder clientApp = new Recorder().greeting("UPGRADE\nnew protocol bytes");
        Recorder after = new Recorder();
        Switcher serverApp = new Switcher(after);
        Shuttle s = shuttle(clientApp, TestPki.client("localhost"), serverApp, TestPki.server()).connect();
        s.pump();
        assertEquals("UPGRADE\n", serverApp.text());
        assertEquals("new protocol bytes", after.text());
        clientApp.transport().write(ascii(" and more"));
        s.pump();
        assertEquals("new protocol bytes and more", after.text());
    }

    @Test
    void tlsInsideTlsThroughStartTls() {
        Recorder clientApp = new Recorder();
        Recorder serverApp = new Recorder();
        Shuttle s = shuttle(clientApp, TestPki.client("localhost"), serverApp, TestPki.server()).connect();
        s.pump();
        TlsLayer outerServer = (TlsLayer) serverApp.transport();
        serverApp.transport().startTLS(TlsOptions.forServer(TestPki.OTHER_HOST));
        clientApp.transport().startTLS(TestPki.client("other.example"));
        clientApp.transport().write(ascii("doubly wrapped"));
        s.pump();
        assertEquals("doubly wrapped", serverApp.text());
        TlsLayer inner = (TlsLayer) serverApp.transport();
        assertSame(outerServer, inner.transport());
        assertEquals(TestPki.OTHER_HOST.certificate(), ((TlsTransport) clientApp.transport()).peerCertificates().get(0));
    }

    @Test
    void producerIsStoppedWhenThePeerCloses() {
        Recorder clientApp = new Recorder();
        Recorder serverApp = new Recorder();
        Shuttle s = shuttle(clientApp, TestPki.client("localhost"), serverApp, TestPki.server()).connect();
        s.pump();
        Blocks producer = new Blocks(clientApp);
        clientApp.transport().registerProducer(producer, true);
        serverApp.transport().loseConnection();
        s.pump();
        assertTrue(producer.stopped);
        assertNull(s.client.producer);
        assertInstanceOf(ConnectionDone.class, clientApp.lost.value());
    }

    @Test
    void handshakeResultsAreUnknownBeforeTheHandshake() {
        Recorder clientApp = new Recorder();
        shuttle(clientApp, TestPki.client("localhost").withAlpn("h2"), new Recorder(), TestPki.server().withAlpn("h2")).connect();
        assertNull(clientApp.tls().negotiatedProtocol());
        assertTrue(clientApp.tls().peerCertificates().isEmpty());
        assertFalse(clientApp.tls().isHandshakeDone());
    }
}
