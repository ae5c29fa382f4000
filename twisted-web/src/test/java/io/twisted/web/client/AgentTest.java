package io.twisted.web.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twisted.internet.defer.Deferred;
import io.twisted.internet.defer.Failure;
import io.twisted.internet.error.ConnectionRefusedError;
import io.twisted.testing.LoopbackPump;
import io.twisted.testing.MemoryReactor;
import io.twisted.web.client.FakeHttpServer.Answer;
import io.twisted.web.client.FakeHttpServer.Received;
import io.twisted.web.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Agent and HttpConnectionPool in memory: MemoryReactor connections pumped to a scripted server. */
class AgentTest {

    private final MemoryReactor reactor = new MemoryReactor();
    private final List<Received> requests = new ArrayList<>();
    private final int[] connections = new int[1];

    static <T> T result(Deferred<T> d) {
        assertTrue(d.isCalled(), "deferred has not fired");
        Object r = d.currentResult();
        if (r instanceof Failure f) {
            throw new AssertionError("failed: " + f.getTraceback());
        }
        @SuppressWarnings("unchecked")
        T t = (T) r;
        return t;
    }

    static Failure failure(Deferred<?> d) {
        assertTrue(d.isCalled(), "deferred has not fired");
        Object r = d.currentResult();
        assertInstanceOf(Failure.class, r);
        d.addErrback(f -> null);
        return (Failure) r;
    }

    private LoopbackPump connect(int index, java.util.function.Function<Received, Answer> script, int chunkSize) {
        var c = reactor.tcpClients().get(index).connector();
        LoopbackPump pump = c.connectTo(FakeHttpServer.factory(script, requests, connections),
                LoopbackPump.builder().chunkSize(chunkSize));
        pump.pump();
        return pump;
    }

    private static String text(Deferred<byte[]> d) {
        return new String(result(d), StandardCharsets.ISO_8859_1);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, Integer.MAX_VALUE})
    void getsAResponseBody(int chunkSize) {
        Agent agent = new Agent(reactor);
        Deferred<byte[]> body = agent.request("GET", "http://example.com:8080/a/b?c=d").addCallbackDeferred(Bodies::readBody);
        assertEquals("example.com", reactor.tcpClients().get(0).host());
        assertEquals(8080, reactor.tcpClients().get(0).port());
        LoopbackPump pump = connect(0, r -> Answer.of(FakeHttpServer.ok("hi there")), chunkSize);
        assertEquals("hi there", text(body));
        assertEquals("/a/b?c=d", requests.get(0).target());
        assertEquals("example.com:8080", requests.get(0).headers().get("Host"));
        assertEquals("close", requests.get(0).headers().get("Connection"));
        pump.pump();
        assertTrue(pump.isClosed(), "a non-persistent pool closes the connection");
    }

    @Test
    void uploadsABody() {
        Agent agent = new Agent(reactor);
        Deferred<byte[]> d = agent.request("POST", "http://h/", new HttpHeaders().add("Content-Type", "text/plain"),
                FileBodyProducer.of("payload".getBytes(StandardCharsets.US_ASCII))).addCallbackDeferred(Bodies::readBody);
        connect(0, r -> Answer.of(FakeHttpServer.ok(r.bodyText())), 3);
        assertEquals("payload", text(d));
        assertEquals("7", requests.get(0).headers().get("Content-Length"));
    }

    @Test
    void largeUploadIsPausedByTheConnection() {
        byte[] big = new byte[1 << 20];
        new java.util.Random(1).nextBytes(big);
        FileBodyProducer inner = FileBodyProducer.of(big);
        int[] pauses = new int[1];
        BodyProducer counting = new BodyProducer() {
            @Override
            public long length() {
                return inner.length();
            }

            @Override
            public Deferred<Void> startProducing(io.twisted.internet.Consumer consumer) {
                return inner.startProducing(consumer);
            }

            @Override
            public void pauseProducing() {
                pauses[0]++;
                inner.pauseProducing();
            }

            @Override
            public void resumeProducing() {
                inner.resumeProducing();
            }

            @Override
            public void stopProducing() {
                inner.stopProducing();
            }
        };
        Deferred<byte[]> d = new Agent(reactor).request("PUT", "http://h/", new HttpHeaders(), counting)
                .addCallbackDeferred(Bodies::readBody);
        var c = reactor.tcpClients().get(0).connector();
        LoopbackPump pump = c.connectTo(FakeHttpServer.factory(r -> Answer.of(FakeHttpServer.ok(Integer.toString(r.body().length))),
                requests, connections), LoopbackPump.builder().watermarks(64 * 1024, 16 * 1024));
        pump.pump();
        assertEquals(Integer.toString(big.length), text(d));
        assertTrue(pauses[0] > 0, "the body producer was paused by the connection's write queue");
        org.junit.jupiter.api.Assertions.assertArrayEquals(big, requests.get(0).body());
    }

    @Test
    void rejectsUnsupportedScheme() {
        assertInstanceOf(IllegalArgumentException.class, failure(new Agent(reactor).request("GET", "ftp://h/")).value());
    }

    @Test
    void connectionFailureFailsTheRequest() {
        Deferred<Response> d = new Agent(reactor).request("GET", "http://h/");
        reactor.tcpClients().get(0).connector().fail(new ConnectionRefusedError());
        assertInstanceOf(ConnectionRefusedError.class, failure(d).value());
    }

    @Test
    void cancellingWhileConnectingStopsTheAttempt() {
        Deferred<Response> d = new Agent(reactor).request("GET", "http://h/");
        d.cancel();
        assertInstanceOf(io.twisted.internet.defer.CancelledError.class, failure(d).value());
        assertTrue(reactor.tcpClients().get(0).connector().actions()
                .contains(io.twisted.testing.MemoryConnector.Action.STOP_CONNECTING));
    }

    @Test
    void cancellingWhileWaitingForTheResponseAbortsTheConnection() {
        Deferred<Response> d = new Agent(reactor).request("GET", "http://h/");
        LoopbackPump pump = connect(0, r -> Answer.of(""), Integer.MAX_VALUE);
        d.cancel();
        pump.pump();
        assertInstanceOf(io.twisted.internet.defer.CancelledError.class, failure(d).value());
        assertTrue(pump.isClosed());
    }

    @Test
    void usesConnectSslForHttpsWithConnectTimeout() {
        Agent agent = Agent.builder(reactor).connectTimeout(7).build();
        agent.request("GET", "https://secure.example/");
        assertEquals(443, reactor.tcpClients().get(0).port());
        assertEquals(7.0, reactor.tcpClients().get(0).timeout());
        assertTrue(reactor.tcpClients().get(0).factory().getClass().getName().contains("Tls"),
                "https goes through connectSSL's TLS layer: " + reactor.tcpClients().get(0).factory());
    }

    @Test
    void persistentPoolReusesTheConnection() {
        HttpConnectionPool pool = new HttpConnectionPool(reactor);
        Agent agent = Agent.builder(reactor).pool(pool).build();
        Deferred<byte[]> first = agent.request("GET", "http://h/1").addCallbackDeferred(Bodies::readBody);
        LoopbackPump pump = connect(0, r -> Answer.of(FakeHttpServer.ok("r" + r.target())), Integer.MAX_VALUE);
        assertEquals("r/1", text(first));
        assertEquals(1, pool.idleConnections("http://h:80"));
        Deferred<byte[]> second = agent.request("GET", "http://h/2").addCallbackDeferred(Bodies::readBody);
        pump.pump();
        assertEquals("r/2", text(second));
        assertEquals(1, reactor.tcpClients().size(), "no second connection");
        assertEquals(1, connections[0]);
        assertFalse(requests.get(0).headers().contains("Connection"));
    }

    @Test
    void idleConnectionTimesOutOnTheClock() {
        HttpConnectionPool pool = new HttpConnectionPool(reactor).setCachedConnectionTimeout(10);
        Agent agent = Agent.builder(reactor).pool(pool).build();
        agent.request("GET", "http://h/").addCallbackDeferred(Bodies::readBody);
        LoopbackPump pump = connect(0, r -> Answer.of(FakeHttpServer.ok("x")), Integer.MAX_VALUE);
        assertEquals(1, pool.idleConnections("http://h:80"));
        reactor.advance(9.9);
        assertEquals(1, pool.idleConnections("http://h:80"));
        reactor.advance(0.2);
        pump.pump();
        assertEquals(0, pool.idleConnections("http://h:80"));
        assertTrue(pump.isClosed());
    }

    @Test
    void connectionClosedByServerWhileIdleIsDropped() {
        HttpConnectionPool pool = new HttpConnectionPool(reactor);
        Agent agent = Agent.builder(reactor).pool(pool).build();
        agent.request("GET", "http://h/").addCallbackDeferred(Bodies::readBody);
        LoopbackPump pump = connect(0, r -> Answer.of(FakeHttpServer.ok("x")), Integer.MAX_VALUE);
        assertEquals(1, pool.idleConnections("http://h:80"));
        pump.serverTransport().loseConnection();
        pump.pump();
        assertEquals(0, pool.idleConnections("http://h:80"));
        agent.request("GET", "http://h/");
        assertEquals(2, reactor.tcpClients().size(), "a new connection after the idle one was closed");
    }

    @Test
    void keepsAtMostMaxPersistentPerHost() {
        HttpConnectionPool pool = new HttpConnectionPool(reactor).setMaxPersistentPerHost(1);
        Agent agent = Agent.builder(reactor).pool(pool).build();
        Deferred<byte[]> a = agent.request("GET", "http://h/a").addCallbackDeferred(Bodies::readBody);
        Deferred<byte[]> b = agent.request("GET", "http://h/b").addCallbackDeferred(Bodies::readBody);
        LoopbackPump pa = connect(0, r -> Answer.of(FakeHttpServer.ok("a")), Integer.MAX_VALUE);
        LoopbackPump pb = connect(1, r -> Answer.of(FakeHttpServer.ok("b")), Integer.MAX_VALUE);
        pa.pump();
        pb.pump();
        assertEquals("a", text(a));
        assertEquals("b", text(b));
        assertEquals(1, pool.idleConnections("http://h:80"));
        assertTrue(pa.isClosed(), "the older idle connection was closed");
        assertFalse(pb.isClosed());
    }

    @Test
    void retriesIdempotentRequestOnceWhenReusedConnectionDies() {
        HttpConnectionPool pool = new HttpConnectionPool(reactor);
        Agent agent = Agent.builder(reactor).pool(pool).build();
        agent.request("GET", "http://h/1").addCallbackDeferred(Bodies::readBody);
        // The server answers the first request, then closes without answering the next one.
        LoopbackPump pump = connect(0, r -> r.target().equals("/1") ? Answer.of(FakeHttpServer.ok("one"))
                : new Answer("", true), Integer.MAX_VALUE);
        Deferred<byte[]> second = agent.request("GET", "http://h/2").addCallbackDeferred(Bodies::readBody);
        pump.pump();
        assertEquals(2, reactor.tcpClients().size(), "retried on a new connection");
        connect(1, r -> Answer.of(FakeHttpServer.ok("two")), Integer.MAX_VALUE);
        assertEquals("two", text(second));
    }

    @Test
    void doesNotRetryPost() {
        HttpConnectionPool pool = new HttpConnectionPool(reactor);
        Agent agent = Agent.builder(reactor).pool(pool).build();
        agent.request("GET", "http://h/1").addCallbackDeferred(Bodies::readBody);
        LoopbackPump pump = connect(0, r -> r.target().equals("/1") ? Answer.of(FakeHttpServer.ok("one"))
                : new Answer("", true), Integer.MAX_VALUE);
        Deferred<Response> post = agent.request("POST", "http://h/2");
        pump.pump();
        assertInstanceOf(ResponseNeverReceived.class, failure(post).value());
        assertEquals(1, reactor.tcpClients().size());
    }

    @Test
    void closeCachedConnectionsClosesIdleOnes() {
        HttpConnectionPool pool = new HttpConnectionPool(reactor);
        Agent agent = Agent.builder(reactor).pool(pool).build();
        agent.request("GET", "http://h/").addCallbackDeferred(Bodies::readBody);
        LoopbackPump pump = connect(0, r -> Answer.of(FakeHttpServer.ok("x")), Integer.MAX_VALUE);
        Deferred<Void> closed = pool.closeCachedConnections();
        pump.pump();
        result(closed);
        assertTrue(closed.isCalled());
        assertTrue(pump.isClosed());
    }

    @Test
    void responseTimeoutAbortsASilentServer() {
        Agent agent = Agent.builder(reactor).responseTimeout(3).build();
        Deferred<Response> d = agent.request("GET", "http://h/");
        connect(0, r -> Answer.of(""), Integer.MAX_VALUE);
        reactor.advance(3.1);
        assertInstanceOf(io.twisted.internet.error.TimeoutError.class, failure(d).value());
    }

    @Test
    void bodyFlowControlPausesTheConnection() {
        Agent agent = new Agent(reactor);
        Response[] seen = new Response[1];
        agent.request("GET", "http://h/").addCallback(r -> seen[0] = r);
        String big = "y".repeat(200_000);
        LoopbackPump pump = connect(0, r -> Answer.of(FakeHttpServer.ok(big)), 1000);
        // Nobody took the body yet: the client stopped reading.
        assertTrue(pump.clientTransport().isReadingPaused());
        class Slow extends io.twisted.internet.Protocol {
            int received;
            boolean done;

            @Override
            public void dataReceived(java.nio.ByteBuffer data) {
                received += data.remaining();
                data.position(data.limit());
                transport.pauseProducing();
            }

            @Override
            public void connectionLost(Failure reason) {
                done = reason.check(ResponseDone.class) != null;
            }
        }
        Slow slow = new Slow();
        seen[0].deliverBody(slow);
        pump.pump();
        assertTrue(slow.received < big.length(), "paused by the body protocol");
        while (!slow.done) {
            slow.transport().resumeProducing();
            pump.pump();
        }
        assertEquals(big.length(), slow.received);
    }
}
