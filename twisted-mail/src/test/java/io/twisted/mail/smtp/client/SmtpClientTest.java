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
}
