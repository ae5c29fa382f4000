package io.twisted.mail.smtp.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.twisted.internet.Factory;
import io.twisted.internet.ListeningPort;
import io.twisted.internet.defer.Deferred;
import io.twisted.mail.smtp.MailAddress;
import io.twisted.mail.smtp.client.SmtpClientOptions.TlsMode;
import io.twisted.protocols.basic.LineReceiver;
import io.twisted.testing.ReactorThread;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link SmtpClient#sendmail} over real loopback sockets against a server whose TLS is broken:
 * it offers STARTTLS and says 220, then answers the ClientHello with plain text. Opportunistic
 * sending then connects again and sends in clear, without STARTTLS (RFC 7435); required TLS, or
 * opportunistic with the fallback off, fails with {@link SmtpTlsHandshakeException}.
 */
class SmtpClientFallbackTest {

    private ReactorThread reactor;
    private ListeningPort port;
    /** One list of commands per connection, in order. */
    private final List<List<String>> sessions = Collections.synchronizedList(new ArrayList<>());
    private final List<String> messages = Collections.synchronizedList(new ArrayList<>());

    /** A scripted server: STARTTLS is offered and breaks; without it a whole transaction works. */
    final class BrokenTlsServer extends LineReceiver {
        private final List<String> commands = Collections.synchronizedList(new ArrayList<>());
        private StringBuilder data;

        @Override
        public void connectionMade() {
            sessions.add(commands);
            sendLine("220 broken.example.test ESMTP");
        }

        @Override
        protected void lineReceived(byte[] line) {
            String l = new String(line, StandardCharsets.US_ASCII);
            if (data != null) {
                if (l.equals(".")) {
                    messages.add(data.toString());
                    data = null;
                    sendLine("250 2.0.0 queued");
                } else {
                    data.append(l).append("\r\n");
                }
                return;
            }
            commands.add(l);
            if (l.startsWith("EHLO")) {
                sendLine("250-broken.example.test\r\n250-PIPELINING\r\n250 STARTTLS");
            } else if (l.equals("STARTTLS")) {
                sendLine("220 2.0.0 go ahead");
                sendLine("this is not a TLS record but plain text, long enough to be taken for a record header");
                transport.loseConnection();
            } else if (l.startsWith("MAIL") || l.startsWith("RCPT")) {
                sendLine("250 ok");
            } else if (l.equals("DATA")) {
                data = new StringBuilder();
                sendLine("354 go");
            } else if (l.equals("QUIT")) {
                sendLine("221 bye");
                transport.loseConnection();
            } else {
                sendLine("500 what");
            }
        }
    }

    @BeforeEach
    void listen() throws Exception {
        reactor = new ReactorThread("smtp-fallback");
        port = reactor.call(() -> reactor.reactor.listenTCP(0, Factory.forProtocol(BrokenTlsServer::new), 50, "127.0.0.1"));
    }

    @AfterEach
    void stop() throws Exception {
        reactor.call(() -> port.stopListening());
        reactor.close();
    }

    private Object send(SmtpClientOptions options) throws Exception {
        int p = ((InetSocketAddress) port.getHost()).getPort();
        CompletableFuture<SendResult> f = reactor.call(() -> {
            Deferred<SendResult> d = SmtpClient.sendmail(reactor.reactor, "broken.example.test", "127.0.0.1", p,
                    MailAddress.parse("a@example.org"), List.of(MailAddress.parse("b@example.com")),
                    BodyProducers.of("Subject: x\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII), reactor.reactor), options);
            return d.toCompletableFuture();
        });
        try {
            return f.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        }
    }

    @Test
    void opportunisticRetriesInClearOnANewConnection() throws Exception {
        Object r = send(SmtpClientOptions.builder().timeout(20).build());
        assertInstanceOf(SendResult.class, r, String.valueOf(r));
        assertEquals(2, sessions.size());
        assertEquals(List.of("EHLO localhost", "STARTTLS"), sessions.get(0));
        // (QUIT follows the result and may not have arrived yet.)
        List<String> second = new ArrayList<>(sessions.get(1));
        assertEquals(List.of("EHLO localhost", "MAIL FROM:<a@example.org>", "RCPT TO:<b@example.com>", "DATA"),
                second.subList(0, 4), "no STARTTLS on the second connection");
        assertEquals(List.of("Subject: x\r\n\r\nbody\r\n"), messages);
    }

    @Test
    void requiredNeverFallsBack() throws Exception {
        Object r = send(SmtpClientOptions.builder().tls(TlsMode.REQUIRED).timeout(20).build());
        assertInstanceOf(SmtpTlsHandshakeException.class, r);
        assertEquals(1, sessions.size());
        assertEquals(List.of(), messages);
    }

    @Test
    void fallbackCanBeTurnedOff() throws Exception {
        Object r = send(SmtpClientOptions.builder().plaintextFallback(false).timeout(20).build());
        assertInstanceOf(SmtpTlsHandshakeException.class, r);
        assertEquals(1, sessions.size());
        assertThrows(IllegalArgumentException.class, () -> SmtpClientOptions.builder().trustRoots(List.of()));
    }
}
