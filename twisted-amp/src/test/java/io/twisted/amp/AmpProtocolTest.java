package io.twisted.amp;

import static org.junit.jupiter.api.Assertions.*;

import io.twisted.amp.TestCommands.Calculator;
import io.twisted.amp.TestCommands.Divide;
import io.twisted.amp.TestCommands.Notify;
import io.twisted.amp.TestCommands.Ping;
import io.twisted.amp.TestCommands.Sum;
import io.twisted.amp.wire.AmpBox;
import io.twisted.internet.Protocol;
import io.twisted.internet.defer.Deferred;
import io.twisted.internet.defer.Failure;
import io.twisted.internet.error.ConnectionLost;
import io.twisted.testing.AccumulatingProtocol;
import io.twisted.testing.Chunkings;
import io.twisted.testing.LoopbackPump;
import io.twisted.testing.StringTransport;
import io.twisted.testing.StringTransportWithDisconnection;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AmpProtocolTest {

    static AmpBox request(String command, String tag, String... kv) {
        AmpBox b = new AmpBox().putAscii("_command", command);
        if (tag != null) {
            b.putAscii("_ask", tag);
        }
        for (int i = 0; i < kv.length; i += 2) {
            b.putAscii(kv[i], kv[i + 1]);
        }
        return b;
    }

    static List<AmpBox> written(StringTransport t) {
        return AmpBox.decodeAll(t.value());
    }

    static <T> T result(Deferred<T> d) {
        assertTrue(d.isCalled(), "Deferred has not fired");
        Object r = d.currentResult();
        if (r instanceof Failure f) {
            fail("Deferred failed: " + f.getTraceback());
        }
        @SuppressWarnings("unchecked")
        T t = (T) r;
        d.addErrback(f -> null);
        return t;
    }

    static Failure failure(Deferred<?> d) {
        assertTrue(d.isCalled(), "Deferred has not fired");
        Object r = d.currentResult();
        assertInstanceOf(Failure.class, r, "Deferred succeeded with " + r);
        d.addErrback(f -> null);
        return (Failure) r;
    }

    @Test
    void serverAnswersSumWhateverTheChunking() {
        byte[] in = Chunks.concat(request("Sum", "1", "a", "13", "b", "81").encode(), request("Sum", "2", "a", "-1", "b", "1").encode());
        for (Chunkings.Chunking chunking : Chunkings.of(in)) {
            var t = new StringTransport();
            var amp = new Calculator();
            amp.makeConnection(t);
            chunking.feedTo(amp);
            assertEquals(List.of(new AmpBox().putAscii("_answer", "1").putAscii("total", "94"),
                    new AmpBox().putAscii("_answer", "2").putAscii("total", "0")), written(t));
            assertFalse(t.isDisconnecting());
        }
    }

    @Test
    void declaredErrorGoesAsItsCode() {
        var t = new StringTransport();
        var amp = new Calculator();
        amp.makeConnection(t);
        amp.dataReceived(ByteBuffer.wrap(request("Divide", "a", "numerator", "1", "denominator", "0").encode()));
        assertEquals(List.of(new AmpBox().putAscii("_error", "a").putAscii("_error_code", "ZERO_DIVISION")
                .putAscii("_error_description", "division by zero")), written(t));
        assertFalse(t.isDisconnecting());
    }

    @Test
    void unknownCommandIsUnhandled() {
        var t = new StringTransport();
        var amp = new Calculator();
        amp.makeConnection(t);
        amp.dataReceived(ByteBuffer.wrap(request("Nope", "7").encode()));
        assertEquals(List.of(new AmpBox().putAscii("_error", "7").putAscii("_error_code", "UNHANDLED")
                .putAscii("_error_description", "Unhandled Command: 'Nope'")), written(t));
        assertFalse(t.isDisconnecting());
    }

    @Test
    void undeclaredErrorIsUnknownAndClosesAsTwistedDoes() {
        var t = new StringTransport();
        var amp = new Amp().responder(new Sum(), a -> {
            throw new IllegalStateException("bug");
        });
        amp.makeConnection(t);
        amp.dataReceived(ByteBuffer.wrap(request("Sum", "1", "a", "1", "b", "2").encode()));
        assertEquals(List.of(new AmpBox().putAscii("_error", "1").putAscii("_error_code", "UNKNOWN")
                .putAscii("_error_description", "Unknown Error")), written(t));
        assertTrue(t.isDisconnecting());
    }

    @Test
    void badArgumentsAreAnUnknownError() {
        var t = new StringTransport();
        var amp = new Calculator();
        amp.makeConnection(t);
        amp.dataReceived(ByteBuffer.wrap(request("Sum", "1", "a", "x", "b", "2").encode()));
        AmpBox answer = written(t).get(0);
        assertEquals("UNKNOWN", answer.getAscii("_error_code"));
        assertTrue(answer.getAscii("_error_description").contains("argument 'a'"), answer.toString());
        assertTrue(t.isDisconnecting());
    }

    @Test
    void noAskMeansNoAnswer() {
        var t = new StringTransport();
        List<Long> got = new ArrayList<>();
        var amp = new Amp().responder(new Notify(), a -> {
            got.add(a.n());
            return null;
        });
        amp.makeConnection(t);
        amp.dataReceived(ByteBuffer.wrap(request("Notify", null, "n", "5").encode()));
        assertEquals(List.of(5L), got);
        assertEquals(0, t.size());
    }

    @Test
    void callRemoteWritesTaggedBoxesAndParsesAnswers() {
        var t = new StringTransport();
        var amp = new Amp();
        amp.makeConnection(t);
        Deferred<Sum.Result> d1 = amp.callRemote(new Sum(), new Sum.Args(13, 81));
        Deferred<Divide.Result> d2 = amp.callRemote(new Divide(), new Divide.Args(1, 0));
        assertEquals(List.of(request("Sum", "1", "a", "13", "b", "81"), request("Divide", "2", "numerator", "1", "denominator", "0")),
                written(t));
        amp.dataReceived(ByteBuffer.wrap(new AmpBox().putAscii("_error", "2").putAscii("_error_code", "ZERO_DIVISION")
                .putAscii("_error_description", "division by zero").encode()));
        Failure f = failure(d2);
        assertInstanceOf(ArithmeticException.class, f.value());
        assertEquals("division by zero", f.value().getMessage());
        assertFalse(d1.isCalled());
        amp.dataReceived(ByteBuffer.wrap(new AmpBox().putAscii("_answer", "1").putAscii("total", "94").encode()));
        assertEquals(94, result(d1).total());
        assertEquals(0, amp.dispatcher().outstandingCount());
    }

    @Test
    void notifyWithoutAnswerFiresOnceSent() {
        var t = new StringTransport();
        var amp = new Amp();
        amp.makeConnection(t);
        Deferred<Void> d = amp.callRemote(new Notify(), new Ping.Args(3));
        assertNull(result(d));
        assertEquals(List.of(request("Notify", null, "n", "3")), written(t));
        assertEquals(0, amp.dispatcher().outstandingCount());
    }

    @Test
    void unexpectedErrorCodesBecomeRemoteAmpErrors() {
        var t = new StringTransport();
        var amp = new Amp();
        amp.makeConnection(t);
        Deferred<Sum.Result> d1 = amp.callRemote(new Sum(), new Sum.Args(1, 2));
        Deferred<Sum.Result> d2 = amp.callRemote(new Sum(), new Sum.Args(1, 2));
        Deferred<Sum.Result> d3 = amp.callRemote(new Sum(), new Sum.Args(1, 2));
        amp.dataReceived(ByteBuffer.wrap(Chunks.concat(
                new AmpBox().putAscii("_error", "1").putAscii("_error_code", "WEIRD").putAscii("_error_description", "x").encode(),
                new AmpBox().putAscii("_error", "2").putAscii("_error_code", "UNHANDLED").putAscii("_error_description", "y").encode(),
                new AmpBox().putAscii("_error", "3").putAscii("_error_code", "UNKNOWN").putAscii("_error_description", "z").encode())));
        RemoteAmpError e = assertInstanceOf(RemoteAmpError.class, failure(d1).value());
        assertEquals("WEIRD", e.errorCode());
        assertEquals("x", e.description());
        assertInstanceOf(UnhandledCommand.class, failure(d2).value());
        assertInstanceOf(UnknownRemoteError.class, failure(d3).value());
    }

    @Test
    void lostConnectionFailsEveryOutstandingCallAndLaterOnes() {
        var t = new StringTransportWithDisconnection();
        var amp = new Amp();
        amp.makeConnection(t);
        t.setProtocol(amp);
        Deferred<Sum.Result> d1 = amp.callRemote(new Sum(), new Sum.Args(1, 2));
        Deferred<Sum.Result> d2 = amp.callRemote(new Sum(), new Sum.Args(3, 4));
        amp.disconnect(new Failure(new ConnectionLost("gone")));
        assertInstanceOf(ConnectionLost.class, failure(d1).value());
        assertInstanceOf(ConnectionLost.class, failure(d2).value());
        assertInstanceOf(ConnectionLost.class, failure(amp.callRemote(new Sum(), new Sum.Args(1, 1))).value());
    }

    @Test
    void badArgumentsLocallyFailTheCall() {
        var t = new StringTransport();
        var amp = new Amp();
        amp.makeConnection(t);
        var big = new TestCommands.EchoArgs("x".repeat(70000), new byte[0], true, List.of(), java.time.OffsetDateTime.now(java.time.Clock.fixed(java.time.Instant.EPOCH, java.time.ZoneOffset.UTC)),
                java.math.BigDecimal.ONE, List.of(), null);
        Failure f = failure(amp.callRemote(new TestCommands.Echo(), big));
        assertInstanceOf(io.twisted.amp.wire.AmpWireException.class, f.value());
        assertTrue(f.getErrorMessage().contains("65535"), f.getErrorMessage());
        assertEquals(0, t.size());
    }

    @Test
    void malformedStreamsCloseTheConnectionWithoutThrowing() {
        byte[][] bad = {
            {0x01, 0x00},                                                   // key length 256
            new AmpBox().putAscii("_answer", "99").encode(),               // answer to nothing
            new AmpBox().putAscii("x", "1").encode(),                      // neither command nor answer
            new AmpBox().putAscii("_error", "5").putAscii("_error_code", "X").encode(),
        };
        for (byte[] b : bad) {
            var t = new StringTransport();
            var amp = new Calculator();
            amp.makeConnection(t);
            amp.dataReceived(ByteBuffer.wrap(b));
            assertTrue(t.isDisconnecting(), "closed after " + io.twisted.testing.Bytes.toHex(b));
            amp.dataReceived(ByteBuffer.wrap(request("Sum", "1", "a", "1", "b", "2").encode()));
            assertEquals(0, t.size(), "nothing answered after the error");
        }
    }

    @Test
    void oversizedBoxesCloseTheConnection() {
        var t = new StringTransport();
        var amp = new Amp(100);
        amp.makeConnection(t);
        amp.dataReceived(ByteBuffer.wrap(new AmpBox().put("k", new byte[200]).encode()));
        assertTrue(t.isDisconnecting());
    }

    @Test
    void clientAndServerInMemoryOneByteAtATime() {
        var server = new Calculator();
        var client = new Amp();
        LoopbackPump pump = LoopbackPump.builder().chunkSize(1).connect(server, client);
        Deferred<Sum.Result> sum = client.callRemote(new Sum(), new Sum.Args(13, 81));
        Deferred<Divide.Result> div = client.callRemote(new Divide(), new Divide.Args(1, 4));
        Deferred<Divide.Result> zero = client.callRemote(new Divide(), new Divide.Args(1, 0));
        Deferred<Ping.Result> unknown = client.callRemote(new Ping(), new Ping.Args(1));
        pump.pump();
        assertEquals(94, result(sum).total());
        assertEquals(0.25, result(div).result());
        assertInstanceOf(ArithmeticException.class, failure(zero).value());
        assertInstanceOf(UnhandledCommand.class, failure(unknown).value());
        Deferred<Sum.Result> pending = client.callRemote(new Sum(), new Sum.Args(1, 1));
        pump.breakConnection();
        assertInstanceOf(ConnectionLost.class, failure(pending).value());
    }

    @Test
    void bothSidesCallEachOther() {
        var server = new Calculator();
        var client = new Amp().responder(new Ping(), a -> new Ping.Result(a.n() + 1));
        LoopbackPump pump = LoopbackPump.connect(server, client);
        Deferred<Ping.Result> ping = server.callRemote(new Ping(), new Ping.Args(41));
        Deferred<Sum.Result> sum = client.callRemote(new Sum(), new Sum.Args(2, 2));
        pump.pump();
        assertEquals(42, result(ping).pong());
        assertEquals(4, result(sum).total());
    }

    @Test
    void deferredRespondersAnswerLater() {
        Deferred<Sum.Result> later = new Deferred<>();
        var server = new Amp().deferredResponder(new Sum(), a -> later);
        var client = new Amp();
        LoopbackPump pump = LoopbackPump.connect(server, client);
        Deferred<Sum.Result> d = client.callRemote(new Sum(), new Sum.Args(1, 2));
        pump.pump();
        assertFalse(d.isCalled());
        later.callback(new Sum.Result(3));
        pump.pump();
        assertEquals(3, result(d).total());
    }

    /** An echo protocol for the switch test. */
    static final class Echo extends Protocol {
        @Override
        public void dataReceived(ByteBuffer data) {
            transport.write(data);
        }
    }

    static final ProtocolSwitchCommand<Void> SWITCH = new ProtocolSwitchCommand<>("SwitchToEcho", Schema.empty());

    @Test
    void protocolSwitchHandsTheConnectionOver() {
        var server = new Amp().responder(SWITCH, ignored -> new Echo());
        var client = new Amp();
        LoopbackPump pump = LoopbackPump.builder().chunkSize(3).connect(server, client);
        AccumulatingProtocol inner = new AccumulatingProtocol();
        Deferred<Protocol> d = client.switchProtocol(SWITCH, null, io.twisted.internet.Factory.forProtocol(() -> inner));
        assertInstanceOf(ProtocolSwitched.class, failure(client.callRemote(new Sum(), new Sum.Args(1, 1))).value());
        pump.pump();
        assertSame(inner, result(d));
        assertSame(inner, client.innerProtocol());
        assertInstanceOf(Echo.class, server.innerProtocol());
        inner.transport().write("hello, raw bytes".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        pump.pump();
        assertEquals("hello, raw bytes", inner.valueAsString());
        client.transport().loseConnection();
        pump.pump();
        assertTrue(inner.isLost());
    }

    @Test
    void bytesAfterTheSwitchAnswerInTheSameReadGoToTheNewProtocol() {
        for (Chunkings.Chunking chunking : Chunkings.of(Chunks.concat(new AmpBox().putAscii("_answer", "1").encode(),
                "raw".getBytes(java.nio.charset.StandardCharsets.US_ASCII)))) {
            var t = new StringTransport();
            var client = new Amp();
            client.makeConnection(t);
            AccumulatingProtocol inner = new AccumulatingProtocol();
            Deferred<Protocol> d = client.switchProtocol(SWITCH, null, io.twisted.internet.Factory.forProtocol(() -> inner));
            chunking.feedTo(client);
            assertSame(inner, result(d));
            assertEquals("raw", inner.valueAsString(), chunking.toString());
        }
    }

    @Test
    void refusedSwitchUnlocks() {
        var server = new Amp();
        var client = new Amp();
        LoopbackPump pump = LoopbackPump.connect(server, client);
        Deferred<Protocol> d = client.switchProtocol(SWITCH, null, io.twisted.internet.Factory.forProtocol(AccumulatingProtocol::new));
        pump.pump();
        assertInstanceOf(UnhandledCommand.class, failure(d).value());
        assertNull(client.innerProtocol());
        Deferred<Sum.Result> again = client.callRemote(new Sum(), new Sum.Args(1, 1));
        pump.pump();
        assertInstanceOf(UnhandledCommand.class, failure(again).value());
    }
}
