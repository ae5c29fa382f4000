package io.twisted.amp;

import static io.twisted.amp.AmpProtocolTest.failure;
import static io.twisted.amp.AmpProtocolTest.result;
import static org.junit.jupiter.api.Assertions.*;

import io.twisted.amp.TestCommands.Calculator;
import io.twisted.amp.TestCommands.Sum;
import io.twisted.amp.wire.AmpBox;
import io.twisted.internet.defer.Deferred;
import io.twisted.internet.tls.PrivateCertificate;
import io.twisted.internet.tls.SelfSigned;
import io.twisted.internet.tls.ServerTlsOptions;
import io.twisted.internet.tls.TlsLayer;
import io.twisted.internet.tls.TlsOptions;
import io.twisted.testing.LoopbackPump;
import io.twisted.testing.StringTransport;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** AMP's StartTLS in memory: both ends switch to TLS right after the answer box, then keep talking AMP. */
class AmpStartTlsTest {

    static PrivateCertificate cert;

    @BeforeAll
    static void certificate() {
        cert = SelfSigned.create("localhost");
    }

    @Test
    void startTlsThenCallOverTls() {
        for (int chunk : new int[] {1, 7, 65536}) {
            var server = new Calculator().responder(StartTls.COMMAND, ignored -> ServerTlsOptions.of(cert));
            var client = new Amp();
            LoopbackPump pump = LoopbackPump.builder().chunkSize(chunk).connect(server, client);
            Deferred<Void> tls = client.startTls(TlsOptions.forClient("localhost").withTrustRoots(cert.certificateChain()));
            pump.pump();
            assertNull(result(tls));
            assertInstanceOf(TlsLayer.class, server.transport());
            assertInstanceOf(TlsLayer.class, client.transport());
            Deferred<Sum.Result> sum = client.callRemote(new Sum(), new Sum.Args(20, 22));
            pump.pump();
            assertEquals(42, result(sum).total(), "chunk " + chunk);
        }
    }

    @Test
    void startTlsWireFormIsAnEmptyCommandAndAnEmptyAnswer() {
        var t = new StringTransport();
        var client = new Amp();
        client.makeConnection(t);
        client.startTls(TlsOptions.forClient("localhost"));
        assertEquals(List.of(new AmpBox().putAscii("_command", "StartTLS").putAscii("_ask", "1")), AmpBox.decodeAll(t.value()));
    }

    @Test
    void startTlsRefusedByAPeerWithoutResponder() {
        var server = new Calculator();
        var client = new Amp();
        LoopbackPump pump = LoopbackPump.connect(server, client);
        Deferred<Void> tls = client.startTls(TlsOptions.forClient("localhost"));
        pump.pump();
        assertInstanceOf(UnhandledCommand.class, failure(tls).value());
        Deferred<Sum.Result> sum = client.callRemote(new Sum(), new Sum.Args(1, 2));
        pump.pump();
        assertEquals(3, result(sum).total());
    }

    @Test
    void startTlsOnATransportWithoutTlsClosesInsteadOfThrowing() {
        var t = new StringTransport();
        var server = new Amp().responder(StartTls.COMMAND, ignored -> ServerTlsOptions.of(cert));
        server.makeConnection(t);
        server.dataReceived(java.nio.ByteBuffer.wrap(new AmpBox().putAscii("_command", "StartTLS").putAscii("_ask", "1").encode()));
        assertEquals(List.of(new AmpBox().putAscii("_answer", "1")), AmpBox.decodeAll(t.value()));
        assertTrue(t.isAborted());
    }

    @Test
    void bytesAfterTheStartTlsAnswerGoBackToTheTransport() {
        var client = new Amp();
        var t = new StringTransport() {
            @Override
            public void startTLS(TlsOptions options) {
                client.setTransport(new StringTransport()); // as TlsLayer does: the protocol now writes to the layer
            }
        };
        client.makeConnection(t);
        Deferred<Void> tls = client.startTls(TlsOptions.forClient("localhost"));
        byte[] answerThenHandshake = io.twisted.amp.Chunks.concat(new AmpBox().putAscii("_answer", "1").encode(),
                new byte[] {0x16, 0x03, 0x03});
        client.dataReceived(java.nio.ByteBuffer.wrap(answerThenHandshake));
        assertNull(result(tls));
        assertArrayEquals(new byte[] {0x16, 0x03, 0x03}, t.unreadValue(), "the TLS layer gets the bytes after the answer");
    }
}
