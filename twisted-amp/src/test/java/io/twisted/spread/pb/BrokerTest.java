package io.twisted.spread.pb;

import static org.junit.jupiter.api.Assertions.*;

import io.twisted.internet.defer.Deferred;
import io.twisted.internet.defer.Failure;
import io.twisted.internet.error.ConnectionLost;
import io.twisted.spread.banana.BananaEncoder;
import io.twisted.spread.jelly.Tuple;
import io.twisted.testing.LoopbackPump;
import io.twisted.testing.StringTransport;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A Java PB client and server in memory (LoopbackPump), and malformed input against a server broker. */
class BrokerTest {

    static <T> T result(Deferred<T> d) {
        assertTrue(d.isCalled(), "Deferred has not fired");
        Object r = d.currentResult();
        if (r instanceof Failure f) {
            fail("Deferred failed: " + f.getTraceback());
        }
        @SuppressWarnings("unchecked")
        T t = (T) r;
        return t;
    }

    static Failure failure(Deferred<?> d) {
        assertTrue(d.isCalled(), "Deferred has not fired");
        Object r = d.currentResult();
        assertInstanceOf(Failure.class, r, "succeeded with " + r);
        d.addErrback(f -> null);
        return (Failure) r;
    }

    static final class Session {
        final PbClientFactory client = new PbClientFactory(TestRoot.types());
        final LoopbackPump pump;
        final RemoteReference root;

        Session(int chunk) {
            PbServerFactory server = new PbServerFactory(new TestRoot(), TestRoot.types());
            pump = LoopbackPump.builder().chunkSize(chunk).connect(server, client);
            Deferred<RemoteReference> d = client.getRootObject();
            pump.pump();
            root = result(d);
        }

        Object call(String name, Object... args) {
            Deferred<Object> d = root.callRemote(name, args);
            pump.pump();
            return result(d);
        }
    }

    @Test
    void echoesEveryBasicTypeWhateverTheChunking() {
        for (int chunk : new int[] {1, 3, 65536}) {
            Session s = new Session(chunk);
            Map<Object, Object> dict = new LinkedHashMap<>();
            dict.put("k", new ArrayList<>(List.of("v", -7L, BigInteger.TWO.pow(70))));
            List<Object> nested = new ArrayList<>(List.of(1L, 2.5));
            nested.add(null);
            nested.add(true);
            nested.add(dict);
            nested.add(Tuple.of(3L, 4L));
            assertEquals("hello network", s.call("echo", "hello network"));
            assertEquals(nested, s.call("echo", nested));
            assertArrayEquals("bytes\0".getBytes(StandardCharsets.ISO_8859_1), (byte[]) s.call("echo", (Object) "bytes\0".getBytes(StandardCharsets.ISO_8859_1)));
            assertEquals(BigInteger.TWO.pow(70).negate(), s.call("echo", BigInteger.TWO.pow(70).negate()));
            assertEquals(5L, s.call("add", 2L, 3L));
        }
    }

    @Test
    void remoteErrorsArriveAsRemoteError() {
        Session s = new Session(65536);
        Deferred<Object> d = s.root.callRemote("fail");
        s.pump.pump();
        RemoteError e = assertInstanceOf(RemoteError.class, failure(d).value());
        assertEquals("twisted.spread.pb.Error", e.remoteType());
        assertEquals("boom", e.value());
        d = s.root.callRemote("crash");
        s.pump.pump();
        e = assertInstanceOf(RemoteError.class, failure(d).value());
        assertEquals("java.lang.IllegalStateException", e.remoteType());
        d = s.root.callRemote("nosuch");
        s.pump.pump();
        e = assertInstanceOf(RemoteError.class, failure(d).value());
        assertTrue(e.value().contains("remote_nosuch"), e.value());
        d = s.root.callRemote("add", "x", 1L);
        s.pump.pump();
        assertInstanceOf(RemoteError.class, failure(d).value());
        assertEquals(3L, s.call("add", 1L, 2L), "the connection survives errors");
    }

    @Test
    void referenceablesAndCallbacks() {
        Session s = new Session(7);
        RemoteReference child = (RemoteReference) s.call("child");
        Deferred<Object> c1 = child.callRemote("count");
        Deferred<Object> c2 = child.callRemote("count");
        s.pump.pump();
        assertEquals(1L, result(c1));
        assertEquals(2L, result(c2));
        Referenceable callback = new Referenceable() {
            @SuppressWarnings("unused")
            public String remote_hello(String x) {
                return "hello " + x;
            }
        };
        assertEquals("hello pb", s.call("callMe", callback, "pb"));
    }

    @Test
    void copyablesTravelByCopy() {
        Session s = new Session(65536);
        assertEquals(new TestRoot.Point(3, 4), s.call("getCopy"));
        assertEquals(new TestRoot.Point(5, 6), s.call("echo", new TestRoot.Point(5, 6)));
    }

    @Test
    void cacheablesAreCopiedOnceAndKeptUpToDate() {
        Session s = new Session(4);
        TestRoot.CounterCache cache = (TestRoot.CounterCache) s.call("getCache");
        assertEquals(0, cache.value);
        assertSame(cache, s.call("getCache"), "sent again, it refers to the same copy");
        assertEquals(1L, s.call("bump"));
        assertEquals(1, cache.value, "observe_setValue ran before the answer");
        assertEquals(2L, s.call("bump"));
        assertEquals(2, cache.value);
        assertEquals(true, s.call("isCounter", cache), "a copy sent back is the original");
    }

    @Test
    void releasedReferencesAreForgottenByThePeer() {
        Session s = new Session(65536);
        RemoteReference child = (RemoteReference) s.call("child");
        child.release();
        s.pump.pump();
        Deferred<Object> d = child.callRemote("count");
        s.pump.pump();
        assertTrue(((RemoteError) failure(d).value()).value().contains("Invalid Object ID"));
        s.root.release(); // names are not counted
        assertEquals(5L, s.call("add", 2L, 3L));
    }

    @Test
    void releasedCachesStopBeingUpdated() {
        Session s = new Session(65536);
        TestRoot.CounterCache cache = (TestRoot.CounterCache) s.call("getCache");
        cache.release();
        s.pump.pump();
        assertEquals(1L, s.call("bump"));
        assertEquals(0, cache.value, "no more updates");
        TestRoot.CounterCache again = (TestRoot.CounterCache) s.call("getCache");
        assertNotSame(cache, again, "a fresh copy after the release");
        assertEquals(1, again.value);
    }

    @Test
    void keywordArguments() {
        Session s = new Session(65536);
        Deferred<Object> d = s.root.callRemoteWithKeywords("sum", List.of(List.of(1L, 2L, 3L)), Map.of("scale", 10L));
        s.pump.pump();
        assertEquals(60L, result(d));
    }

    @Test
    void lostConnectionFailsWaitingCalls() {
        Session s = new Session(65536);
        Deferred<Object> d = s.root.callRemote("echo", 1L);
        List<RemoteReference> told = new ArrayList<>();
        s.root.notifyOnDisconnect(told::add);
        s.pump.breakConnection();
        Throwable lost = failure(d).value();
        assertInstanceOf(PbConnectionLost.class, lost);
        assertInstanceOf(ConnectionLost.class, lost.getCause());
        assertEquals(List.of(s.root), told);
        assertInstanceOf(DeadReferenceError.class, failure(s.root.callRemote("echo", 1L)).value());
    }

    @Test
    void unknownCopyTypesAreRefused() {
        PbClientFactory plain = new PbClientFactory();
        LoopbackPump pump = LoopbackPump.connect(new PbServerFactory(new TestRoot(), TestRoot.types()), plain);
        Deferred<RemoteReference> r = plain.getRootObject();
        pump.pump();
        Deferred<Object> d = result(r).callRemote("getCopy");
        pump.pump();
        assertTrue(failure(d).getErrorMessage().contains("twj.Point"));
    }

    static Broker serverBroker(StringTransport t) {
        Broker b = (Broker) new PbServerFactory(new TestRoot()).buildProtocol(null);
        b.makeConnection(t);
        return b;
    }

    static byte[] pb(Object exp) {
        return BananaEncoder.encode(exp, true);
    }

    static byte[] a(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void serverOffersDialectsThenAnswersMessages() {
        StringTransport t = new StringTransport();
        Broker b = serverBroker(t);
        // ["pb", "none"], before any dialect: no vocabulary
        assertEquals("02 80 02 82 70 62 04 82 6e 6f 6e 65", io.twisted.testing.Bytes.toHex(t.take()));
        b.dataReceived(ByteBuffer.wrap(BananaEncoder.encode(a("pb"), false)));
        // ["version", 6] with "version" as vocabulary symbol 19
        assertEquals("02 80 13 87 06 81", io.twisted.testing.Bytes.toHex(t.take()));
        b.dataReceived(ByteBuffer.wrap(pb(List.of(a("version"), 6L))));
        b.dataReceived(ByteBuffer.wrap(pb(List.of(a("message"), 1L, a("root"), a("echo"), 1L,
                List.of(a("tuple"), List.of(a("unicode"), a("hi"))), List.of(a("dictionary"))))));
        // ["answer", 1, ["unicode", "hi"]]
        assertArrayEquals(pb(List.of(a("answer"), 1L, List.of(a("unicode"), a("hi")))), t.take());
        assertFalse(t.isDisconnecting());
    }

    @Test
    void noneDialectSendsNoVocabulary() {
        StringTransport t = new StringTransport();
        Broker b = serverBroker(t);
        t.clear();
        b.dataReceived(ByteBuffer.wrap(BananaEncoder.encode(a("none"), false)));
        assertArrayEquals(BananaEncoder.encode(List.of(a("version"), 6L), false), t.take(), "\"version\" spelled out");
        b.dataReceived(ByteBuffer.wrap(BananaEncoder.encode(List.of(a("message"), 1L, a("root"), a("echo"), 1L,
                List.of(a("tuple"), 5L), List.of(a("dictionary"))), false)));
        assertArrayEquals(BananaEncoder.encode(List.of(a("answer"), 1L, 5L), false), t.take());
    }

    @Test
    void clientChoosesPbAndRefusesUnknownDialects() {
        StringTransport t = new StringTransport();
        Broker client = (Broker) new PbClientFactory().buildProtocol(null);
        client.makeConnection(t);
        assertEquals(0, t.size(), "the client waits for the offer");
        client.dataReceived(ByteBuffer.wrap(BananaEncoder.encode(List.of(a("pb"), a("none")), false)));
        byte[] sent = t.take();
        assertArrayEquals(concat(BananaEncoder.encode(a("pb"), false), BananaEncoder.encode(List.of(a("version"), 6L), true)), sent);
        assertTrue(client.isReady());
        StringTransport t2 = new StringTransport();
        Broker other = (Broker) new PbClientFactory().buildProtocol(null);
        other.makeConnection(t2);
        other.dataReceived(ByteBuffer.wrap(BananaEncoder.encode(List.of(a("xml")), false)));
        assertTrue(t2.isDisconnecting());
        assertFalse(other.isReady());
    }

    static byte[] concat(byte[] a, byte[] b) {
        return io.twisted.amp.Chunks.concat(a, b);
    }

    @Test
    void malformedInputEndsTheConnectionWithoutThrowing() {
        Object[][] bad = {
            {"not a list", pb(a("junk"))},
            {"version mismatch", pb(List.of(a("version"), 5L))},
            {"answer to nothing", pb(List.of(a("answer"), 99L, 1L))},
            {"unknown vocabulary", new byte[] {0x7f, (byte) 0x87}},
            {"bad type byte", new byte[] {0x01, (byte) 0x88}},
            {"oversize string", new byte[] {0x01, 0x00, 0x28, (byte) 0x82}},
            {"deep nesting", deep(300)},
            {"message too short", pb(List.of(a("message"), 1L))},
        };
        for (Object[] c : bad) {
            StringTransport t = new StringTransport();
            Broker b = serverBroker(t);
            b.dataReceived(ByteBuffer.wrap(BananaEncoder.encode(a("pb"), false)));
            t.clear();
            b.dataReceived(ByteBuffer.wrap((byte[]) c[1]));
            assertTrue(t.isDisconnecting(), (String) c[0]);
            b.dataReceived(ByteBuffer.wrap(pb(List.of(a("message"), 1L, a("root"), a("echo"), 1L, List.of(a("tuple"), 1L), List.of(a("dictionary"))))));
            assertEquals(0, t.size(), "nothing handled after " + c[0]);
        }
    }

    @Test
    void refusedArgumentsAnswerAnErrorAndKeepTheConnection() {
        StringTransport t = new StringTransport();
        Broker b = serverBroker(t);
        b.dataReceived(ByteBuffer.wrap(BananaEncoder.encode(a("pb"), false)));
        t.clear();
        b.dataReceived(ByteBuffer.wrap(pb(List.of(a("message"), 1L, a("root"), a("echo"), 1L,
                List.of(a("tuple"), List.of(a("os.system"), a("x"))), List.of(a("dictionary"))))));
        byte[] answer = t.take();
        assertTrue(new String(answer, StandardCharsets.ISO_8859_1).contains("os.system"), "the error names the refused type");
        assertFalse(t.isDisconnecting());
    }

    static byte[] deep(int n) {
        byte[] d = new byte[2 * n];
        for (int i = 0; i < n; i++) {
            d[2 * i] = 1;
            d[2 * i + 1] = (byte) 0x80;
        }
        return d;
    }
}
