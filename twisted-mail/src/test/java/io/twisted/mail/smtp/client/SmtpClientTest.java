package io.twisted.mail.smtp.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twisted.internet.defer.Deferred;
import io.twisted.internet.defer.Failure;
import io.twisted.internet.error.ConnectionRefusedError;
import io.twisted.mail.smtp.SmtpServerOptions;
import io.twisted.mail.smtp.SmtpServerProtocol;
import io.twisted.internet.Factory;
import io.twisted.testing.LoopbackPump;
import io.twisted.testing.MemoryConnector;
import io.twisted.testing.MemoryReactor;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link SmtpClient#sendmail} on a {@link MemoryReactor}: the connection, its failure, cancellation. */
class SmtpClientTest {

    private final MemoryReactor reactor = new MemoryReactor();
    private static final byte[] MESSAGE = "Subject: x\r\n\r\nhello\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final SmtpClientOptions PLAIN = SmtpClientOptions.builder().tls(SmtpClientOptions.TlsMode.NONE).build();

    private static Object outcome(Deferred<?> d) {
        assertTrue(d.isCalled());
        Object[] box = new Object[1];
        d.addCallbacks(r -> box[0] = r, f -> box[0] = f);
        return box[0];
    }

    @Test
    void connectsToTheHostAndSendsToTheServer() {
        Deferred<SendResult> d = SmtpClient.sendmail(reactor, "mx.example.com", 2525, "a@example.org",
                List.of("b@example.com"), MESSAGE, PLAIN);
        MemoryReactor.TcpClient c = reactor.tcpClients().get(0);
        assertEquals("mx.example.com", c.host());
        assertEquals(2525, c.port());
        LoopbackPump pump = c.connector().connectTo(Factory.forProtocol(() -> new SmtpServerProtocol(
                SmtpServerOptions.builder("mx.example.com").build(), new SmtpClientLoopbackTest.Recorder(), reactor)),
                LoopbackPump.builder().reactor(reactor));
        pump.pump();
        assertEquals(1, ((SendResult) outcome(d)).accepted().size());
    }

    @Test
    void connectionFailureFailsTheResult() {
        Deferred<SendResult> d = SmtpClient.sendmail(reactor, "mx.example.com", 25, "a@example.org",
                List.of("b@example.com"), MESSAGE, PLAIN);
        MemoryConnector connector = reactor.tcpClients().get(0).connector();
        connector.fail(new ConnectionRefusedError("refused"));
        Failure f = assertInstanceOf(Failure.class, outcome(d));
        assertInstanceOf(ConnectionRefusedError.class, f.value());
    }

    @Test
    void cancellingBeforeTheConnectionStopsConnecting() {
        Deferred<SendResult> d = SmtpClient.sendmail(reactor, "mx.example.com", 25, "a@example.org",
                List.of("b@example.com"), MESSAGE, PLAIN);
        d.cancel();
        MemoryConnector connector = reactor.tcpClients().get(0).connector();
        assertTrue(connector.actions().contains(MemoryConnector.Action.STOP_CONNECTING));
        assertFalse(connector.state() == MemoryConnector.State.CONNECTED);
    }

    @Test
    void connectingUsesTheConnectTimeout() {
        SmtpClient.sendmail(reactor, "mx.example.com", 25, "a@example.org", List.of("b@example.com"), MESSAGE, PLAIN);
        assertEquals(SmtpClientOptions.DEFAULT_CONNECT_TIMEOUT, reactor.tcpClients().get(0).timeout());
        SmtpClient.sendmail(reactor, "mx.example.com", 25, "a@example.org", List.of("b@example.com"), MESSAGE,
                PLAIN.toBuilder().connectTimeout(7).build());
        assertEquals(7, reactor.tcpClients().get(1).timeout());
    }

    @Test
    void failedHandshakeIsFollowedByOneClearConnection() {
        Deferred<SendResult> d = SmtpClient.sendmail(reactor, "mx.example.com", 25, "a@example.org",
                List.of("b@example.com"), MESSAGE, SmtpClientOptions.defaults());
        reactor.tcpClients().get(0).connector().connectTo(Factory.forProtocol(SmtpClientTlsTest.BrokenTlsServer::new),
                LoopbackPump.builder().reactor(reactor)).pump();
        assertFalse(d.isCalled());
        assertEquals(2, reactor.tcpClients().size(), "a second connection");
        MemoryConnector second = reactor.tcpClients().get(1).connector();
        // The second server offers STARTTLS with a good certificate: the client does not use it.
        io.twisted.internet.tls.PrivateCertificate cert = io.twisted.internet.tls.SelfSigned.create("mx.example.com");
        second.connectTo(Factory.forProtocol(() -> new SmtpServerProtocol(SmtpServerOptions.builder("mx.example.com")
                .tls(io.twisted.internet.tls.TlsOptions.forServer(cert)).build(), new SmtpClientLoopbackTest.Recorder(),
                reactor)), LoopbackPump.builder().reactor(reactor)).pump();
        assertEquals(1, ((SendResult) outcome(d)).accepted().size());
        assertFalse(second.protocol().transport() instanceof io.twisted.internet.tls.TlsTransport, "sent in clear");
        assertEquals(2, reactor.tcpClients().size(), "only one retry");
    }

    @Test
    void cancellingDuringTheClearRetryStopsIt() {
        Deferred<SendResult> d = SmtpClient.sendmail(reactor, "mx.example.com", 25, "a@example.org",
                List.of("b@example.com"), MESSAGE, SmtpClientOptions.defaults());
        reactor.tcpClients().get(0).connector().connectTo(Factory.forProtocol(SmtpClientTlsTest.BrokenTlsServer::new),
                LoopbackPump.builder().reactor(reactor)).pump();
        d.cancel();
        assertTrue(reactor.tcpClients().get(1).connector().actions().contains(MemoryConnector.Action.STOP_CONNECTING));
        Failure f = assertInstanceOf(Failure.class, outcome(d));
        assertInstanceOf(io.twisted.internet.defer.CancelledError.class, f.value());
    }
}
