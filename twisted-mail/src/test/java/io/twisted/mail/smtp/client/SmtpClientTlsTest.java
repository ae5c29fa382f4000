package io.twisted.mail.smtp.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twisted.cred.Login;
import io.twisted.cred.Portal;
import io.twisted.cred.Realm;
import io.twisted.cred.checkers.InMemoryUsernamePasswordDatabase;
import io.twisted.internet.defer.Deferred;
import io.twisted.internet.defer.Failure;
import io.twisted.internet.task.Clock;
import io.twisted.internet.tls.PrivateCertificate;
import io.twisted.internet.tls.SelfSigned;
import io.twisted.internet.tls.TlsError;
import io.twisted.internet.tls.TlsOptions;
import io.twisted.internet.tls.TlsTransport;
import io.twisted.mail.smtp.MailAddress;
import io.twisted.mail.smtp.SmtpServerOptions;
import io.twisted.mail.smtp.SmtpServerProtocol;
import io.twisted.mail.smtp.client.SmtpClientLoopbackTest.Recorder;
import io.twisted.mail.smtp.client.SmtpClientOptions.TlsMode;
import io.twisted.protocols.basic.LineReceiver;
import io.twisted.testing.LoopbackPump;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * STARTTLS policies against this project's SMTP server and a scripted one, in memory through a
 * {@link LoopbackPump} with real TLS layers: opportunistic TLS encrypts without verifying (RFC
 * 7435), required TLS verifies chain and host name, a password is only sent over verified TLS,
 * and a handshake that breaks after {@code 220} is reported as {@link SmtpTlsHandshakeException}.
 */
class SmtpClientTlsTest {

    private static final MailAddress FROM = MailAddress.parse("alice@example.org");
    private static final MailAddress BOB = MailAddress.parse("bob@example.com");
    private final Clock clock = new Clock();
    private final Recorder delivery = new Recorder();

    private static Object outcome(Deferred<?> d) {
        assertTrue(d.isCalled(), "the result has fired");
        Object[] box = new Object[1];
        d.addCallbacks(r -> box[0] = r, f -> box[0] = f);
        return box[0];
    }

    private SmtpServerProtocol server(PrivateCertificate cert) {
        return new SmtpServerProtocol(SmtpServerOptions.builder("mx.example.test").tls(TlsOptions.forServer(cert)).build(),
                delivery, clock);
    }

    private SmtpClientProtocol client(SmtpClientOptions options) {
        return new SmtpClientProtocol(options, "mx.example.test", FROM, List.of(BOB),
                BodyProducers.of("Subject: t\r\n\r\nhello\r\n".getBytes(StandardCharsets.US_ASCII), clock), clock);
    }

    @Test
    void opportunisticEncryptsWithASelfSignedCertificateForAnotherName() {
        SmtpServerProtocol server = server(SelfSigned.create("other.example.test"));
        SmtpClientProtocol client = client(SmtpClientOptions.defaults());
        LoopbackPump.builder().clock(clock).connect(server, client).pump();
        SendResult sent = assertInstanceOf(SendResult.class, outcome(client.result()));
        assertEquals(1, sent.accepted().size());
        assertInstanceOf(TlsTransport.class, client.transport(), "the message went over TLS");
        assertTrue(((TlsTransport) client.transport()).isHandshakeDone());
        assertEquals(1, delivery.sinks.size());
        assertTrue(delivery.sinks.get(0).complete);
    }

    @Test
    void requiredRefusesTheSameCertificate() {
        SmtpServerProtocol server = server(SelfSigned.create("other.example.test"));
        SmtpClientProtocol client = client(SmtpClientOptions.builder().tls(TlsMode.REQUIRED).build());
        LoopbackPump.builder().clock(clock).connect(server, client).pump();
        Failure f = assertInstanceOf(Failure.class, outcome(client.result()));
        SmtpTlsHandshakeException e = assertInstanceOf(SmtpTlsHandshakeException.class, f.value());
        assertInstanceOf(TlsError.class, e.getCause());
        assertFalse(e.isPermanent(), "a relay retries later");
        assertTrue(delivery.sinks.isEmpty());
    }

    @Test
    void requiredWithTrustRootsChecksTheHostName() {
        PrivateCertificate right = SelfSigned.create("mx.example.test");
        SmtpClientProtocol ok = client(SmtpClientOptions.builder().tls(TlsMode.REQUIRED)
                .trustRoots(List.of(right.certificate())).build());
        LoopbackPump.builder().clock(clock).connect(server(right), ok).pump();
        assertInstanceOf(SendResult.class, outcome(ok.result()));

        // Trusted, but issued to another name: the host name check still fails it.
        PrivateCertificate wrongName = SelfSigned.create("other.example.test");
        SmtpClientProtocol refused = client(SmtpClientOptions.builder().tls(TlsMode.REQUIRED)
                .trustRoots(List.of(wrongName.certificate())).build());
        LoopbackPump.builder().clock(clock).connect(server(wrongName), refused).pump();
        Failure f = assertInstanceOf(Failure.class, outcome(refused.result()));
        assertInstanceOf(SmtpTlsHandshakeException.class, f.value());
        assertTrue(f.value().getMessage().contains("TLS handshake with mx.example.test failed"), f.value().getMessage());
        assertEquals(1, delivery.sinks.size());
    }

    private Portal portal() {
        InMemoryUsernamePasswordDatabase db = new InMemoryUsernamePasswordDatabase().addUser("alice", "secret");
        Realm realm = new Realm() {
            @Override
            public <A> Deferred<Login<A>> requestAvatar(Object avatarId, Object mind, List<Class<? extends A>> interfaces) {
                Class<? extends A> iface = interfaces.get(0);
                return Deferred.succeed(new Login<>(iface, iface.cast(delivery), null));
            }
        };
        return new Portal(realm, List.of(db));
    }

    @Test
    void passwordIsNotSentOverUnverifiedOpportunisticTls() {
        PrivateCertificate cert = SelfSigned.create("mx.example.test");
        SmtpServerOptions serverOptions = SmtpServerOptions.builder("mx.example.test").tls(TlsOptions.forServer(cert))
                .portal(portal()).build();
        SmtpServerProtocol server = new SmtpServerProtocol(serverOptions, delivery, clock);
        SmtpClientProtocol client = client(SmtpClientOptions.builder().auth("alice", "secret")
                .mechanisms(SmtpClientOptions.AuthMechanism.PLAIN, SmtpClientOptions.AuthMechanism.LOGIN).build());
        LoopbackPump.builder().clock(clock).connect(server, client).pump();
        Failure f = assertInstanceOf(Failure.class, outcome(client.result()));
        SmtpAuthException e = assertInstanceOf(SmtpAuthException.class, f.value());
        assertTrue(e.getMessage().contains("not used without verified TLS"), e.getMessage());
        assertInstanceOf(TlsTransport.class, client.transport(), "TLS was up, but not verified");
        assertTrue(delivery.sinks.isEmpty());

        // The same with the certificate verified: PLAIN is used.
        SmtpServerProtocol server2 = new SmtpServerProtocol(serverOptions, delivery, clock);
        SmtpClientProtocol verified = client(SmtpClientOptions.builder().auth("alice", "secret")
                .mechanisms(SmtpClientOptions.AuthMechanism.PLAIN).tls(TlsMode.REQUIRED)
                .trustRoots(List.of(cert.certificate())).build());
        LoopbackPump.builder().clock(clock).connect(server2, verified).pump();
        assertInstanceOf(SendResult.class, outcome(verified.result()));
        assertTrue(delivery.authenticatedUsers.contains("alice"), delivery.authenticatedUsers.toString());
    }

    /** Says 220 to STARTTLS, then sends bytes that are not TLS. */
    static final class BrokenTlsServer extends LineReceiver {
        final List<String> commands = new ArrayList<>();

        @Override
        public void connectionMade() {
            sendLine("220 broken.example.test ESMTP");
        }

        @Override
        protected void lineReceived(byte[] line) {
            String l = new String(line, StandardCharsets.US_ASCII);
            commands.add(l);
            if (l.startsWith("EHLO")) {
                sendLine("250-broken.example.test\r\n250 STARTTLS");
            } else if (l.equals("STARTTLS")) {
                sendLine("220 2.0.0 go ahead");
                sendLine("this is not a TLS record, it is plain text and long enough to be read as one");
            } else {
                sendLine("500 unexpected");
            }
        }
    }

    @Test
    void brokenHandshakeAfter220IsAHandshakeFailure() {
        BrokenTlsServer server = new BrokenTlsServer();
        SmtpClientProtocol client = client(SmtpClientOptions.defaults());
        LoopbackPump.builder().clock(clock).connect(server, client).pump();
        Failure f = assertInstanceOf(Failure.class, outcome(client.result()));
        SmtpTlsHandshakeException e = assertInstanceOf(SmtpTlsHandshakeException.class, f.value());
        assertInstanceOf(TlsError.class, e.getCause());
        assertEquals(List.of("EHLO localhost", "STARTTLS"), server.commands);
    }

    @Test
    void handshakeThatNeverCompletesTimesOutAsAHandshakeFailure() {
        LineReceiver silent = new LineReceiver() {
            @Override
            public void connectionMade() {
                sendLine("220 silent ESMTP");
            }

            @Override
            protected void lineReceived(byte[] line) {
                String l = new String(line, StandardCharsets.US_ASCII);
                if (l.startsWith("EHLO")) {
                    sendLine("250-silent\r\n250 STARTTLS");
                } else if (l.equals("STARTTLS")) {
                    sendLine("220 go ahead");
                    setRawMode(); // and never answer the ClientHello
                }
            }

            @Override
            protected void rawDataReceived(java.nio.ByteBuffer data) {
                data.position(data.limit());
            }
        };
        SmtpClientProtocol client = client(SmtpClientOptions.builder().timeout(30).build());
        LoopbackPump pump = LoopbackPump.builder().clock(clock).connect(silent, client);
        pump.pump();
        assertFalse(client.result().isCalled());
        clock.advance(30);
        pump.pump();
        Failure f = assertInstanceOf(Failure.class, outcome(client.result()));
        SmtpTlsHandshakeException e = assertInstanceOf(SmtpTlsHandshakeException.class, f.value());
        assertInstanceOf(io.twisted.internet.error.TimeoutError.class, e.getCause());
    }

    /** Held so the logger keeps its level while the test runs. */
    private static final java.util.logging.Logger TLS_LOG = java.util.logging.Logger.getLogger(OpportunisticTlsOptions.class.getName());

    @Test
    void opportunisticLogsTheCertificateItDidNotVerifyAtDebug() {
        List<String> logged = java.util.Collections.synchronizedList(new ArrayList<>());
        java.util.logging.Handler handler = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord r) {
                logged.add(r.getLevel() + " " + new java.util.logging.SimpleFormatter().formatMessage(r));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        TLS_LOG.setLevel(java.util.logging.Level.FINE);
        TLS_LOG.addHandler(handler);
        try {
            SmtpClientProtocol client = client(SmtpClientOptions.defaults());
            LoopbackPump.builder().clock(clock).connect(server(SelfSigned.create("other.example.test")), client).pump();
            assertInstanceOf(SendResult.class, outcome(client.result()));
        } finally {
            TLS_LOG.removeHandler(handler);
            TLS_LOG.setLevel(null);
        }
        // Tests run in parallel: keep only this test's server.
        List<String> mine = new ArrayList<>(logged).stream().filter(l -> l.contains("other.example.test")).toList();
        assertEquals(1, mine.size(), logged.toString());
        String line = mine.get(0);
        assertTrue(line.startsWith("FINE opportunistic TLS with mx.example.test: certificate subject \"CN=other.example.test"), line);
        assertTrue(line.contains("chain not trusted"), line);
        assertTrue(line.contains("accepted without verification (RFC 7435)"), line);
    }
}
