package io.twisted.mail.smtp;

import static io.twisted.testing.Bytes.ascii;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twisted.cred.Login;
import io.twisted.cred.Portal;
import io.twisted.cred.Realm;
import io.twisted.cred.checkers.InMemoryUsernamePasswordDatabase;
import io.twisted.cred.credentials.CramMd5Credentials;
import io.twisted.internet.defer.Deferred;
import io.twisted.internet.task.Clock;
import io.twisted.testing.Chunkings;
import io.twisted.testing.StringTransport;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import io.twisted.mail.TlsSwitchingTransport;
import org.junit.jupiter.api.Test;

class SmtpServerProtocolTest {

    /** A delivery that accepts {@code *@example.com} except {@code nobody@}, recording messages. */
    static final class RecordingDelivery implements MessageDelivery {
        final List<String> stored = new ArrayList<>();
        final List<Receiver> open = new ArrayList<>();
        final List<SmtpSession> sessions = new ArrayList<>();
        Deferred<Object> pendingEom;
        boolean asyncEom;

        final class Receiver implements MessageReceiver {
            final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            boolean lost;

            @Override
            public void write(ByteBuffer data) {
                byte[] b = new byte[data.remaining()];
                data.get(b);
                bytes.write(b, 0, b.length);
            }

            @Override
            public Deferred<?> eomReceived() {
                if (asyncEom) {
                    pendingEom = new Deferred<>();
                    return pendingEom.addCallback(r -> {
                        stored.add(bytes.toString(StandardCharsets.ISO_8859_1));
                        return r;
                    });
                }
                stored.add(bytes.toString(StandardCharsets.ISO_8859_1));
                return Deferred.succeed(null);
            }

            @Override
            public void connectionLost() {
                lost = true;
            }
        }

        @Override
        public Deferred<MailAddress> validateFrom(SmtpSession session, MailAddress from) {
            sessions.add(session);
            if (from.toString().startsWith("spammer@")) {
                return Deferred.fail(new SmtpRejection(550, "5.7.1", "Go away"));
            }
            return Deferred.succeed(from);
        }

        @Override
        public Deferred<Supplier<MessageReceiver>> validateTo(SmtpSession session, MailAddress from, MailAddress to) {
            if (!to.domain().equals("example.com")) {
                return Deferred.fail(new SmtpRejection(550, "5.7.1", "Relaying denied"));
            }
            if (to.localPart().equals("nobody")) {
                return Deferred.fail(new SmtpRejection(550, "5.1.1", "No such user here"));
            }
            if (to.localPart().equals("broken")) {
                return Deferred.fail(new IllegalStateException("database down"));
            }
            return Deferred.succeed(() -> {
                Receiver r = new Receiver();
                open.add(r);
                return r;
            });
        }
    }

    private final Clock clock = new Clock();
    private final RecordingDelivery delivery = new RecordingDelivery();
    private final StringTransport transport = new StringTransport();

    private SmtpServerProtocol connect(SmtpServerOptions options) {
        SmtpServerProtocol p = new SmtpServerProtocol(options, delivery, clock);
        p.makeConnection(transport);
        return p;
    }

    private SmtpServerProtocol connect() {
        return connect(SmtpServerOptions.builder("mx.example.com").build());
    }

    private String send(SmtpServerProtocol p, String text) {
        transport.clear();
        p.dataReceived(ascii(text));
        return transport.valueAsString();
    }

    @Test
    void greetsWithHostname() {
        connect();
        assertEquals("220 mx.example.com ESMTP Twisted for Java ready\r\n", transport.valueAsString());
    }

    @Test
    void ehloListsExtensionsWithoutStartTlsOrAuthByDefault() {
        SmtpServerProtocol p = connect();
        assertEquals("250-mx.example.com Hello client.test\r\n250-PIPELINING\r\n250-SIZE 67108864\r\n"
                + "250-8BITMIME\r\n250-ENHANCEDSTATUSCODES\r\n250 HELP\r\n", send(p, "EHLO client.test\r\n"));
        assertEquals("250 mx.example.com Hello c\r\n", send(p, "HELO c\r\n"));
        assertEquals("501 5.5.4 Syntax: EHLO hostname\r\n", send(p, "EHLO\r\n"));
    }

    private static final String TRANSACTION = "EHLO client.test\r\nMAIL FROM:<bob@elsewhere.test> BODY=8BITMIME SIZE=100\r\n"
            + "RCPT TO:<alice@example.com>\r\nDATA\r\nSubject: hi\r\n\r\n..dot line\r\n.\r\nQUIT\r\n";

    @Test
    void wholeTransactionInEveryChunkingStoresTheUnstuffedMessage() {
        for (Chunkings.Chunking c : Chunkings.of(TRANSACTION)) {
            StringTransport t = new StringTransport();
            RecordingDelivery d = new RecordingDelivery();
            SmtpServerProtocol p = new SmtpServerProtocol(SmtpServerOptions.builder("mx.example.com").wallClock(java.time.Clock.fixed(java.time.Instant.parse("2026-11-21T10:15:30Z"), java.time.ZoneOffset.UTC)).build(), d, clock);
            p.makeConnection(t);
            c.feedTo(p);
            String out = t.valueAsString();
            assertTrue(out.contains("250 2.1.0 Sender <bob@elsewhere.test> OK\r\n"), c.name() + out);
            assertTrue(out.contains("250 2.1.5 Recipient <alice@example.com> OK\r\n"), c.name());
            assertTrue(out.contains("354 Start mail input; end with <CRLF>.<CRLF>\r\n"), c.name());
            assertTrue(out.endsWith("250 2.0.0 Message accepted for delivery\r\n221 2.0.0 mx.example.com Bye\r\n"), c.name() + out);
            assertEquals(1, d.stored.size(), c.name());
            String msg = d.stored.get(0);
            assertTrue(msg.startsWith("Received: from client.test ("), msg);
            assertTrue(msg.contains("\tby mx.example.com with ESMTP\r\n\tfor <alice@example.com>; Sat, 21 Nov 2026 10:15:30 +0000\r\n"), msg);
            assertTrue(msg.endsWith("\r\nSubject: hi\r\n\r\n.dot line\r\n"), msg);
            assertTrue(t.isDisconnecting());
        }
    }

    @Test
    void commandsOutOfSequenceGet503() {
        SmtpServerProtocol p = connect();
        assertEquals("503 5.5.1 Send HELO or EHLO first\r\n", send(p, "MAIL FROM:<a@b.c>\r\n"));
        send(p, "EHLO c\r\n");
        assertEquals("503 5.5.1 Need MAIL before RCPT\r\n", send(p, "RCPT TO:<alice@example.com>\r\n"));
        assertEquals("503 5.5.1 Need RCPT before DATA\r\n", send(p, "DATA\r\n"));
        send(p, "MAIL FROM:<>\r\n");
        assertEquals("503 5.5.1 Nested MAIL command\r\n", send(p, "MAIL FROM:<a@b.c>\r\n"));
        assertEquals("550 5.1.1 No such user here\r\n", send(p, "RCPT TO:<nobody@example.com>\r\n"));
        assertEquals("554 5.5.1 No valid recipients\r\n", send(p, "DATA\r\n"));
    }

    @Test
    void syntaxErrorsAndUnknownCommands() {
        SmtpServerProtocol p = connect();
        send(p, "EHLO c\r\n");
        assertEquals("500 5.5.1 Command unrecognized\r\n", send(p, "FROB\r\n"));
        assertEquals("501 5.5.4 Syntax: MAIL FROM:<address>\r\n", send(p, "MAIL TO:<a@b.c>\r\n"));
        assertEquals("501 5.1.7 Bad sender address syntax\r\n", send(p, "MAIL FROM:a@b.c\r\n"));
        assertEquals("501 5.1.7 Bad sender address syntax\r\n", send(p, "MAIL FROM:<a@@b>\r\n"));
        assertEquals("555 5.5.4 Unsupported parameter FOO\r\n", send(p, "MAIL FROM:<a@b.c> FOO=1\r\n"));
        assertEquals("501 5.5.4 BODY must be 7BIT or 8BITMIME\r\n", send(p, "MAIL FROM:<a@b.c> BODY=BINARYMIME\r\n"));
        assertEquals("250 2.1.0 Sender <a@b.c> OK\r\n", send(p, "mail from: <a@b.c>\r\n"));
        assertEquals("501 5.1.3 Bad recipient address syntax\r\n", send(p, "RCPT TO:<>\r\n"));
        assertEquals("501 5.5.4 Syntax: DATA\r\n", send(p, "DATA now\r\n"));
        assertEquals("502 5.5.1 EXPN not implemented\r\n", send(p, "EXPN list\r\n"));
    }

    @Test
    void vrfyNeverRevealsUsers() {
        SmtpServerProtocol p = connect();
        assertEquals("252 2.5.0 Cannot VRFY user, but will accept message and attempt delivery\r\n", send(p, "VRFY alice\r\n"));
        assertEquals("252 2.5.0 Cannot VRFY user, but will accept message and attempt delivery\r\n", send(p, "VRFY nobody\r\n"));
    }

    @Test
    void rsetNoopAndQuit() {
        SmtpServerProtocol p = connect();
        send(p, "EHLO c\r\nMAIL FROM:<a@b.c>\r\n");
        assertEquals("250 2.0.0 OK\r\n", send(p, "RSET\r\n"));
        assertEquals("503 5.5.1 Need MAIL before RCPT\r\n", send(p, "RCPT TO:<alice@example.com>\r\n"));
        assertEquals("250 2.0.0 OK\r\n", send(p, "NOOP\r\n"));
        assertEquals("221 2.0.0 mx.example.com Bye\r\n", send(p, "QUIT\r\n"));
        assertTrue(transport.isDisconnecting());
    }

    @Test
    void rejectionsCarryTheDeliveryReplyAndOtherFailuresAre451() {
        SmtpServerProtocol p = connect();
        send(p, "EHLO c\r\n");
        assertEquals("550 5.7.1 Go away\r\n", send(p, "MAIL FROM:<spammer@x.test>\r\n"));
        send(p, "MAIL FROM:<a@b.c>\r\n");
        assertEquals("550 5.7.1 Relaying denied\r\n", send(p, "RCPT TO:<victim@far-away.test>\r\n"));
        assertEquals("451 4.3.0 Temporary failure, try again later\r\n", send(p, "RCPT TO:<broken@example.com>\r\n"));
    }

    @Test
    void overlongCommandLineGets500AndTheSessionGoesOn() {
        SmtpServerProtocol p = connect();
        assertEquals("500 5.5.2 Line too long\r\n", send(p, "NOOP " + "x".repeat(600) + "\r\n"));
        assertEquals("500 5.5.2 Line too long\r\n", send(p, "AUTH " + "x".repeat(13000) + "\r\n"));
        assertEquals("250 2.0.0 OK\r\n", send(p, "NOOP\r\n"));
        assertFalse(transport.isDisconnecting());
    }

    @Test
    void oversizedMessageIsReadToItsEndThenRefusedWith552() {
        SmtpServerProtocol p = connect(SmtpServerOptions.builder("mx.example.com").maxMessageSize(300).build());
        assertEquals("552 5.3.4 Message size exceeds fixed maximum message size\r\n",
                send(p, "EHLO c\r\nMAIL FROM:<a@b.c> SIZE=301\r\n").split("\r\n", 7)[6]);
        send(p, "MAIL FROM:<a@b.c>\r\nRCPT TO:<alice@example.com>\r\nDATA\r\n");
        String out = send(p, ("y".repeat(80) + "\r\n").repeat(10) + ".\r\nNOOP\r\n");
        assertEquals("552 5.3.4 Message size exceeds fixed maximum message size\r\n250 2.0.0 OK\r\n", out);
        assertTrue(delivery.open.get(0).lost);
        assertTrue(delivery.stored.isEmpty());
    }

    @Test
    void tooManyRecipientsGet452() {
        SmtpServerProtocol p = connect(SmtpServerOptions.builder("mx.example.com").maxRecipients(2).build());
        send(p, "EHLO c\r\nMAIL FROM:<a@b.c>\r\nRCPT TO:<a@example.com>\r\nRCPT TO:<b@example.com>\r\n");
        assertEquals("452 4.5.3 Too many recipients\r\n", send(p, "RCPT TO:<c@example.com>\r\n"));
        send(p, "DATA\r\nx\r\n.\r\n");
        assertEquals(2, delivery.stored.size());
    }

    @Test
    void pipelinedCommandsWaitForTheStoredMessage() {
        delivery.asyncEom = true;
        SmtpServerProtocol p = connect();
        String out = send(p, "EHLO c\r\nMAIL FROM:<a@b.c>\r\nRCPT TO:<alice@example.com>\r\nDATA\r\nbody\r\n.\r\nNOOP\r\nQUIT\r\n");
        assertTrue(out.endsWith("354 Start mail input; end with <CRLF>.<CRLF>\r\n"), out);
        assertFalse(transport.isDisconnecting());
        transport.clear();
        delivery.pendingEom.callback("stored");
        assertEquals("250 2.0.0 Message accepted for delivery\r\n250 2.0.0 OK\r\n221 2.0.0 mx.example.com Bye\r\n",
                transport.valueAsString());
    }

    @Test
    void failedStorageGets451() {
        delivery.asyncEom = true;
        SmtpServerProtocol p = connect();
        send(p, "EHLO c\r\nMAIL FROM:<a@b.c>\r\nRCPT TO:<alice@example.com>\r\nDATA\r\nbody\r\n.\r\n");
        transport.clear();
        delivery.pendingEom.errback(new java.io.IOException("disk full"));
        assertEquals("451 4.3.0 Local error while storing the message\r\n", transport.valueAsString());
    }

    @Test
    void connectionLostDuringDataDropsTheMessage() {
        SmtpServerProtocol p = connect();
        send(p, "EHLO c\r\nMAIL FROM:<a@b.c>\r\nRCPT TO:<alice@example.com>\r\nDATA\r\npartial");
        p.connectionLost(new io.twisted.internet.defer.Failure(new io.twisted.internet.error.ConnectionLost("gone")));
        assertTrue(delivery.open.get(0).lost);
        assertTrue(delivery.stored.isEmpty());
    }

    @Test
    void idleClientGets421AndIsDisconnected() {
        connect();
        transport.clear();
        clock.advance(299);
        assertFalse(transport.isDisconnecting());
        clock.advance(1);
        assertEquals("421 4.4.2 mx.example.com Timeout exceeded, closing connection\r\n", transport.valueAsString());
        assertTrue(transport.isDisconnecting());
    }

    // ------------------------------------------------------------------ AUTH

    private Portal portal() {
        return portalFor(delivery);
    }

    /** A portal with alice/secret whose avatar is {@code avatar}. */
    Portal portalFor(MessageDelivery avatar) {
        InMemoryUsernamePasswordDatabase db = new InMemoryUsernamePasswordDatabase().addUser("alice", "secret");
        Realm realm = new Realm() {
            @Override
            public <A> Deferred<Login<A>> requestAvatar(Object avatarId, Object mind, List<Class<? extends A>> interfaces) {
                Class<? extends A> iface = interfaces.get(0);
                return Deferred.succeed(new Login<>(iface, iface.cast(avatar), null));
            }
        };
        return new Portal(realm, List.of(db));
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void authIsRefusedWithoutTlsAndNotAdvertised() {
        SmtpServerProtocol p = connect(SmtpServerOptions.builder("mx").portal(portal()).build());
        assertFalse(send(p, "EHLO c\r\n").contains("AUTH"));
        assertEquals("538 5.7.11 Encryption required for requested authentication mechanism\r\n",
                send(p, "AUTH PLAIN " + b64("\0alice\0secret") + "\r\n"));
    }

    @Test
    void authMechanismsThroughThePortal() {
        SmtpServerOptions o = SmtpServerOptions.builder("mx").portal(portal()).allowAuthWithoutTls(true).random(new Random(1)).build();
        SmtpServerProtocol p = connect(o);
        assertTrue(send(p, "EHLO c\r\n").contains("250-AUTH PLAIN LOGIN CRAM-MD5\r\n"));
        assertEquals("535 5.7.8 Authentication credentials invalid\r\n", send(p, "AUTH PLAIN " + b64("\0alice\0wrong") + "\r\n"));
        assertEquals("334 \r\n", send(p, "AUTH PLAIN\r\n"));
        assertEquals("501 5.7.0 Authentication cancelled\r\n", send(p, "*\r\n"));
        assertEquals("501 5.5.2 Cannot decode response\r\n", send(p, "AUTH PLAIN !!!\r\n"));
        assertEquals("504 5.5.4 Unrecognized authentication mechanism\r\n", send(p, "AUTH GSSAPI\r\n"));
        assertEquals("334 VXNlcm5hbWU6\r\n", send(p, "AUTH LOGIN\r\n"));
        assertEquals("334 UGFzc3dvcmQ6\r\n", send(p, b64("alice") + "\r\n"));
        assertEquals("235 2.7.0 Authentication successful\r\n", send(p, b64("secret") + "\r\n"));
        assertEquals("503 5.5.1 Already authenticated\r\n", send(p, "AUTH PLAIN\r\n"));
        send(p, "MAIL FROM:<alice@example.com>\r\n");
        assertEquals("alice", delivery.sessions.get(delivery.sessions.size() - 1).authenticatedUser());
    }

    @Test
    void authPlainWithContinuationAndCramMd5() {
        SmtpServerOptions o = SmtpServerOptions.builder("mx").portal(portal()).allowAuthWithoutTls(true).build();
        SmtpServerProtocol p = connect(o);
        send(p, "EHLO c\r\nAUTH PLAIN\r\n");
        assertEquals("235 2.7.0 Authentication successful\r\n", send(p, b64("alice\0alice\0secret") + "\r\n"));

        StringTransport t2 = new StringTransport();
        SmtpServerProtocol p2 = new SmtpServerProtocol(o, delivery, clock);
        p2.makeConnection(t2);
        p2.dataReceived(ascii("EHLO c\r\n"));
        t2.clear();
        p2.dataReceived(ascii("AUTH CRAM-MD5\r\n"));
        String challengeLine = t2.takeString();
        assertTrue(challengeLine.startsWith("334 "), challengeLine);
        byte[] challenge = Base64.getDecoder().decode(challengeLine.substring(4).trim());
        byte[] response = CramMd5Credentials.response("alice", "secret".toCharArray(), challenge);
        p2.dataReceived(ascii(Base64.getEncoder().encodeToString(response) + "\r\n"));
        assertEquals("235 2.7.0 Authentication successful\r\n", t2.takeString());
    }

    @Test
    void requireAuthenticationRefusesAnonymousSenders() {
        SmtpServerOptions o = SmtpServerOptions.builder("mx").portal(portal()).allowAuthWithoutTls(true).requireAuthentication(true).build();
        SmtpServerProtocol p = connect(o);
        send(p, "EHLO c\r\n");
        assertEquals("530 5.7.0 Authentication required\r\n", send(p, "MAIL FROM:<a@b.c>\r\n"));
        send(p, "AUTH PLAIN " + b64("\0alice\0secret") + "\r\n");
        assertEquals("250 2.1.0 Sender <a@b.c> OK\r\n", send(p, "MAIL FROM:<a@b.c>\r\n"));
    }

    @Test
    void startTlsIsRefusedWhenNotConfigured() {
        SmtpServerProtocol p = connect();
        send(p, "EHLO c\r\n");
        assertEquals("502 5.5.1 STARTTLS not available\r\n", send(p, "STARTTLS\r\n"));
    }

    @Test
    void startTlsSwitchesAndCommandsSentBehindItAreNotRunInClear() {
        SmtpServerOptions o = SmtpServerOptions.builder("mx").tls(io.twisted.mail.TlsSwitchingTransport.OPTIONS).portal(portal()).build();
        io.twisted.mail.TlsSwitchingTransport t = new io.twisted.mail.TlsSwitchingTransport();
        SmtpServerProtocol p = new SmtpServerProtocol(o, delivery, clock);
        t.connect(p);
        p.dataReceived(ascii("EHLO c\r\n"));
        assertTrue(t.valueAsString().contains("250-STARTTLS\r\n"));
        assertFalse(t.valueAsString().contains("AUTH"));
        t.clear();
        p.dataReceived(ascii("STARTTLS\r\nMAIL FROM:<evil@x.test>\r\n"));
        assertEquals("220 2.0.0 Ready to start TLS\r\n", t.valueAsString());
        assertEquals(TlsSwitchingTransport.OPTIONS, t.started());
        assertEquals("MAIL FROM:<evil@x.test>\r\n", new String(t.tls.unreadValue(), StandardCharsets.US_ASCII));
        assertEquals("", t.tls.valueAsString());
        assertTrue(delivery.sessions.isEmpty());
        // After TLS: state reset (RFC 3207 section 4.2), STARTTLS gone, AUTH offered.
        p.dataReceived(ascii("MAIL FROM:<a@b.c>\r\n"));
        assertEquals("503 5.5.1 Send HELO or EHLO first\r\n", t.tls.takeString());
        p.dataReceived(ascii("EHLO c\r\n"));
        String ehlo = t.tls.takeString();
        assertFalse(ehlo.contains("STARTTLS"), ehlo);
        assertTrue(ehlo.contains("250-AUTH PLAIN LOGIN CRAM-MD5\r\n"), ehlo);
        p.dataReceived(ascii("STARTTLS\r\n"));
        assertEquals("503 5.5.1 TLS already active\r\n", t.tls.takeString());
    }
}
