package io.twisted.mail.smtp.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twisted.internet.Consumer;
import io.twisted.internet.defer.Deferred;
import io.twisted.internet.defer.Failure;
import io.twisted.internet.error.ConnectionLost;
import io.twisted.internet.error.TimeoutError;
import io.twisted.internet.task.Clock;
import io.twisted.mail.TlsSwitchingTransport;
import io.twisted.mail.smtp.MailAddress;
import io.twisted.mail.smtp.SmtpReply;
import io.twisted.mail.smtp.client.SmtpClientOptions.AuthMechanism;
import io.twisted.mail.smtp.client.SmtpClientOptions.TlsMode;
import io.twisted.testing.Chunkings;
import io.twisted.testing.Chunkings.Chunking;
import io.twisted.testing.StringTransport;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The client state machine against a scripted server: the server's replies are fed to the client
 * whole, split at every point and one byte at a time, and what the client wrote is compared with
 * the expected commands.
 */
class SmtpClientProtocolTest {

    static final MailAddress FROM = MailAddress.parse("alice@example.org");
    static final MailAddress BOB = MailAddress.parse("bob@example.com");
    static final MailAddress REJECT = MailAddress.parse("reject@example.com");
    static final MailAddress CAROL = MailAddress.parse("carol@example.com");
    static final byte[] MESSAGE = ascii("Subject: hi\r\n\r\n.leading dot\r\n..two\r\n.\r\nlast line\r\n");
    static final String STUFFED = "Subject: hi\r\n\r\n..leading dot\r\n...two\r\n..\r\nlast line\r\n.\r\n";

    private final Clock clock = new Clock();
    private final StringTransport transport = new StringTransport();

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** A body written at once, in pieces of {@code piece} bytes, from {@code startProducing}. */
    static final class SyncBody implements BodyProducer {
        final byte[] bytes;
        final int piece;
        boolean stopped;

        SyncBody(byte[] bytes, int piece) {
            this.bytes = bytes;
            this.piece = piece;
        }

        @Override
        public long length() {
            return bytes.length;
        }

        @Override
        public Deferred<Void> startProducing(Consumer consumer) {
            for (int i = 0; i < bytes.length; i += piece) {
                consumer.write(ByteBuffer.wrap(Arrays.copyOfRange(bytes, i, Math.min(bytes.length, i + piece))));
            }
            return Deferred.succeed(null);
        }

        @Override
        public void stopProducing() {
            stopped = true;
        }
    }

    private SmtpClientProtocol client(SmtpClientOptions options, List<MailAddress> to, BodyProducer body) {
        SmtpClientProtocol p = new SmtpClientProtocol(options, "mx.example.com", FROM, to, body, clock);
        p.makeConnection(transport);
        return p;
    }

    private static SmtpClientOptions.Builder opts() {
        return SmtpClientOptions.builder().heloName("client.example.org");
    }

    private static Object outcome(Deferred<?> d) {
        assertTrue(d.isCalled(), "the result has fired");
        Object[] box = new Object[1];
        d.addCallbacks(r -> box[0] = r, f -> box[0] = f);
        return box[0];
    }

    private static Throwable failure(Deferred<?> d) {
        Object o = outcome(d);
        assertInstanceOf(Failure.class, o, "expected a failure, got " + o);
        return ((Failure) o).value();
    }

    // ------------------------------------------------------------------ a whole session, chunked

    static final String PARTIAL_SERVER = "220 mx.example.com ESMTP\r\n"
            + "250-mx.example.com\r\n250-SIZE 100000\r\n250 8BITMIME\r\n"
            + "250 2.1.0 ok\r\n"
            + "250 2.1.5 ok\r\n"
            + "550 5.1.1 no such user\r\n"
            + "251 2.1.5 will forward\r\n"
            + "354 go ahead\r\n"
            + "250-2.0.0 queued\r\n250 2.0.0 as 1234\r\n"
            + "221 2.0.0 bye\r\n";

    static Stream<Chunking> partialServer() {
        return Chunkings.of(PARTIAL_SERVER).stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("partialServer")
    void reportsPartialRecipientRefusalPerAddress(Chunking chunking) {
        SmtpClientProtocol p = client(opts().build(), List.of(BOB, REJECT, CAROL), new SyncBody(MESSAGE, 7));
        chunking.feedTo(p);
        assertEquals("EHLO client.example.org\r\n"
                + "MAIL FROM:<alice@example.org> SIZE=" + MESSAGE.length + "\r\n"
                + "RCPT TO:<bob@example.com>\r\n"
                + "RCPT TO:<reject@example.com>\r\n"
                + "RCPT TO:<carol@example.com>\r\n"
                + "DATA\r\n" + STUFFED + "QUIT\r\n", transport.valueAsString());
        SendResult r = (SendResult) outcome(p.result());
        assertEquals(List.of(BOB, CAROL), r.accepted().stream().map(RecipientResult::address).toList());
        assertEquals(List.of(new RecipientResult(REJECT, SmtpReply.of(550, "5.1.1", "no such user"))), r.refused());
        assertEquals(new SmtpReply(250, "2.0.0", List.of("queued", "as 1234")), r.dataReply());
        assertTrue(transport.isDisconnecting());
        assertEquals(List.of(), clock.getDelayedCalls());
    }

    static final String PIPELINING_SERVER = "220 mx.example.com ESMTP\r\n"
            + "250-mx.example.com\r\n250-PIPELINING\r\n250-AUTH CRAM-MD5 PLAIN\r\n250 SIZE\r\n"
            + "235 2.7.0 ok\r\n"
            + "250 2.1.0 ok\r\n250 2.1.5 ok\r\n550 5.1.1 no such user\r\n"
            + "354 go ahead\r\n250 2.0.0 queued\r\n221 bye\r\n";

    static Stream<Chunking> pipeliningServer() {
        return Chunkings.of(PIPELINING_SERVER).stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pipeliningServer")
    void pipelinedSessionWithAuthAndPartialRefusal(Chunking chunking) {
        SmtpClientProtocol p = client(opts().tls(TlsMode.NONE).auth("alice", "secret").allowPlaintextAuth(true)
                .mechanisms(AuthMechanism.PLAIN).build(), List.of(BOB, REJECT), new SyncBody(MESSAGE, 3));
        chunking.feedTo(p);
        assertEquals("EHLO client.example.org\r\nAUTH PLAIN AGFsaWNlAHNlY3JldA==\r\n"
                + "MAIL FROM:<alice@example.org> SIZE=" + MESSAGE.length + "\r\nRCPT TO:<bob@example.com>\r\n"
                + "RCPT TO:<reject@example.com>\r\nDATA\r\n" + STUFFED + "QUIT\r\n", transport.valueAsString());
        SendResult r = (SendResult) outcome(p.result());
        assertEquals(List.of(BOB), r.accepted().stream().map(RecipientResult::address).toList());
        assertEquals(List.of(REJECT), r.refused().stream().map(RecipientResult::address).toList());
    }

    static final String HELO_SERVER = "220 old.example.com SMTP\r\n"
            + "502 5.5.1 command not recognized\r\n"
            + "250 old.example.com\r\n"
            + "250 ok\r\n250 ok\r\n354 go\r\n250 ok\r\n221 bye\r\n";

    static Stream<Chunking> heloServer() {
        return Chunkings.of(HELO_SERVER).stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("heloServer")
    void fallsBackToHeloWhenEhloIsNotKnown(Chunking chunking) {
        SmtpClientProtocol p = client(opts().build(), List.of(BOB), new SyncBody(MESSAGE, 1));
        chunking.feedTo(p);
        assertEquals("EHLO client.example.org\r\nHELO client.example.org\r\n"
                + "MAIL FROM:<alice@example.org>\r\nRCPT TO:<bob@example.com>\r\nDATA\r\n" + STUFFED + "QUIT\r\n",
                transport.valueAsString());
        assertEquals(1, ((SendResult) outcome(p.result())).accepted().size());
    }

    static Stream<Chunking> noTlsServer() {
        return Chunkings.of("220 mx ESMTP\r\n250-mx\r\n250-PIPELINING\r\n250 AUTH PLAIN\r\n221 bye\r\n").stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("noTlsServer")
    void requiredStartTlsMissingFailsBeforeAnythingIsSent(Chunking chunking) {
        SmtpClientProtocol p = client(opts().tls(TlsMode.REQUIRED).auth("alice", "secret").build(), List.of(BOB),
                new SyncBody(MESSAGE, 100));
        chunking.feedTo(p);
        assertEquals("EHLO client.example.org\r\nQUIT\r\n", transport.valueAsString());
        Throwable e = failure(p.result());
        assertInstanceOf(SmtpTlsException.class, e);
        assertEquals("STARTTLS is required but mx.example.com does not offer it", e.getMessage());
        assertTrue(transport.isDisconnecting());
    }

    @Test
    void requiredStartTlsRefusedFailsWithTheReply() {
        SmtpClientProtocol p = client(opts().tls(TlsMode.REQUIRED).build(), List.of(BOB), new SyncBody(MESSAGE, 100));
        p.dataReceived(ByteBuffer.wrap(ascii("220 mx\r\n250-mx\r\n250 STARTTLS\r\n454 4.7.0 TLS not available\r\n")));
        assertEquals("EHLO client.example.org\r\nSTARTTLS\r\nQUIT\r\n", transport.valueAsString());
        SmtpTlsException e = assertInstanceOf(SmtpTlsException.class, failure(p.result()));
        assertEquals(454, e.reply().code());
        assertFalse(e.isPermanent());
    }

    @Test
    void opportunisticStartTlsRefusedGoesOnInClear() {
        SmtpClientProtocol p = client(opts().build(), List.of(BOB), new SyncBody(MESSAGE, 100));
        p.dataReceived(ByteBuffer.wrap(ascii("220 mx\r\n250-mx\r\n250 STARTTLS\r\n454 4.7.0 TLS not available\r\n")));
        assertEquals("EHLO client.example.org\r\nSTARTTLS\r\nMAIL FROM:<alice@example.org>\r\n", transport.valueAsString());
    }

    @Test
    void startTlsSwitchesTransportSaysEhloAgainAndLeavesLaterBytesToTls() {
        TlsSwitchingTransport t = new TlsSwitchingTransport();
        SmtpClientProtocol p = new SmtpClientProtocol(opts().tls(TlsMode.REQUIRED).auth("alice", "secret").build(),
                "mx.example.com", FROM, List.of(BOB), new SyncBody(MESSAGE, 100), clock);
        t.connect(p);
        // "250 injected" arrives in the same read as the 220: it was sent after STARTTLS, so it is TLS data.
        p.dataReceived(ByteBuffer.wrap(ascii("220 mx\r\n250-mx\r\n250-AUTH PLAIN\r\n250 STARTTLS\r\n220 go ahead\r\n250 injected\r\n")));
        assertEquals("EHLO client.example.org\r\nSTARTTLS\r\n", t.valueAsString());
        assertNotNull(t.started());
        assertTrue(t.started().isClient());
        assertEquals("250 injected\r\n", new String(t.tls.unreadValue(), StandardCharsets.US_ASCII));
        assertEquals("EHLO client.example.org\r\n", t.tls.valueAsString());
        assertTrue(p.extensions().isEmpty(), "what was learnt before TLS is forgotten");
        p.dataReceived(ByteBuffer.wrap(ascii("250-mx\r\n250 AUTH LOGIN PLAIN\r\n")));
        assertEquals("EHLO client.example.org\r\nAUTH PLAIN AGFsaWNlAHNlY3JldA==\r\n", t.tls.valueAsString());
    }

    @Test
    void transportWithoutTlsFailsClearlyAfterTheServerSaidGo() {
        SmtpClientProtocol p = client(opts().build(), List.of(BOB), new SyncBody(MESSAGE, 100));
        p.dataReceived(ByteBuffer.wrap(ascii("220 mx\r\n250-mx\r\n250 STARTTLS\r\n220 go ahead\r\n")));
        SmtpTlsException e = assertInstanceOf(SmtpTlsException.class, failure(p.result()));
        assertInstanceOf(UnsupportedOperationException.class, e.getCause());
        assertTrue(transport.isAborted());
    }

    // ------------------------------------------------------------------ AUTH

    static Stream<Chunking> authPlainServer() {
        return Chunkings.of("220 mx\r\n250-mx\r\n250 AUTH=LOGIN PLAIN\r\n235 2.7.0 ok\r\n250 ok\r\n").stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("authPlainServer")
    void authPlainWithInitialResponse(Chunking chunking) {
        SmtpClientProtocol p = client(opts().tls(TlsMode.NONE).auth("alice", "secret").allowPlaintextAuth(true).build(),
                List.of(BOB), new SyncBody(MESSAGE, 100));
        chunking.feedTo(p);
        assertEquals("EHLO client.example.org\r\nAUTH PLAIN AGFsaWNlAHNlY3JldA==\r\nMAIL FROM:<alice@example.org>\r\n"
                + "RCPT TO:<bob@example.com>\r\n", transport.valueAsString());
    }

    @Test
    void authLoginAnswersBothPrompts() {
        SmtpClientProtocol p = client(opts().tls(TlsMode.NONE).auth("alice", "secret").allowPlaintextAuth(true)
                .mechanisms(AuthMechanism.LOGIN).build(), List.of(BOB), new SyncBody(MESSAGE, 100));
        p.dataReceived(ByteBuffer.wrap(ascii("220 mx\r\n250-mx\r\n250 AUTH PLAIN LOGIN\r\n334 VXNlcm5hbWU6\r\n"
                + "334 UGFzc3dvcmQ6\r\n235 ok\r\n")));
        assertEquals("EHLO client.example.org\r\nAUTH LOGIN\r\nYWxpY2U=\r\nc2VjcmV0\r\nMAIL FROM:<alice@example.org>\r\n",
                transport.valueAsString());
    }

    @Test
    void authCramMd5AnswersTheRfc2195Example() {
        // RFC 2195 section 2: user tim, password tanstaaftanstaaf.
        SmtpClientProtocol p = client(opts().tls(TlsMode.NONE).auth("tim", "tanstaaftanstaaf").build(), List.of(BOB),
                new SyncBody(MESSAGE, 100));
        p.dataReceived(ByteBuffer.wrap(ascii("220 mx\r\n250-mx\r\n250 AUTH PLAIN LOGIN CRAM-MD5\r\n"
                + "334 PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UucmVzdG9uLm1jaS5uZXQ+\r\n235 ok\r\n")));
        assertEquals("EHLO client.example.org\r\nAUTH CRAM-MD5\r\ndGltIGI5MTNhNjAyYzdlZGE3YTQ5NWI0ZTZlNzMzNGQzODkw\r\n"
                + "MAIL FROM:<alice@example.org>\r\n", transport.valueAsString());
    }

    @Test
    void refusedCredentialsFailWithTheReply() {
        SmtpClientProtocol p = client(opts().tls(TlsMode.NONE).auth("alice", "wrong").allowPlaintextAuth(true).build(),
                List.of(BOB), new SyncBody(MESSAGE, 100));
        p.dataReceived(ByteBuffer.wrap(ascii("220 mx\r\n250-mx\r\n250 AUTH PLAIN\r\n535 5.7.8 bad credentials\r\n")));
        SmtpAuthException e = assertInstanceOf(SmtpAuthException.class, failure(p.result()));
        assertEquals(535, e.reply().code());
        assertTrue(transport.valueAsString().endsWith("QUIT\r\n"));
    }

    @Test
    void passwordIsNotSentInClearByDefault() {
        SmtpClientProtocol p = client(opts().tls(TlsMode.NONE).auth("alice", "secret").build(), List.of(BOB),
                new SyncBody(MESSAGE, 100));
        p.dataReceived(ByteBuffer.wrap(ascii("220 mx\r\n250-mx\r\n250 AUTH PLAIN LOGIN\r\n")));
        assertInstanceOf(SmtpAuthException.class, failure(p.result()));
        assertEquals("EHLO client.example.org\r\nQUIT\r\n", transport.valueAsString());
    }

    @Test
    void credentialsWithoutAuthOfferedFail() {
        SmtpClientProtocol p = client(opts().tls(TlsMode.NONE).auth("alice", "secret").build(), List.of(BOB),
                new SyncBody(MESSAGE, 100));
        p.dataReceived(ByteBuffer.wrap(ascii("220 mx\r\n250 mx\r\n")));
        assertTrue(failure(p.result()).getMessage().contains("does not offer AUTH"));
    }

    // ------------------------------------------------------------------ pipelining, SIZE

    @Test
    void pipelinesMailAndRcptAndFailsWhenEveryRecipientIsRefused() {
        SmtpClientProtocol p = client(opts().build(), List.of(BOB, REJECT), new SyncBody(MESSAGE, 100));
        p.dataReceived(ByteBuffer.wrap(ascii("220 mx\r\n250-mx\r\n250 PIPELINING\r\n")));
        assertEquals("EHLO client.example.org\r\nMAIL FROM:<alice@example.org>\r\nRCPT TO:<bob@example.com>\r\n"
                + "RCPT TO:<reject@example.com>\r\n", transport.takeString(), "all sent before any reply");
        p.dataReceived(ByteBuffer.wrap(ascii("250 ok\r\n450 4.2.1 mailbox busy\r\n")));
        assertEquals("", transport.valueAsString());
        assertFalse(p.result().isCalled());
        p.dataReceived(ByteBuffer.wrap(ascii("550 5.1.1 unknown\r\n")));
        assertEquals("QUIT\r\n", transport.valueAsString());
        SmtpDeliveryException e = assertInstanceOf(SmtpDeliveryException.class, failure(p.result()));
        assertEquals(List.of(450, 550), e.recipients().stream().map(r -> r.reply().code()).toList());
        assertFalse(e.isPermanent(), "a 450 may succeed later");
    }

    @Test
    void pipelinedMailRefusalConsumesTheRcptRepliesThenFails() {
        SmtpClientProtocol p = client(opts().build(), List.of(BOB), new SyncBody(MESSAGE, 100));
        p.dataReceived(ByteBuffer.wrap(ascii("220 mx\r\n250-mx\r\n250 PIPELINING\r\n553 5.1.8 bad sender\r\n")));
        assertFalse(p.result().isCalled());
        p.dataReceived(ByteBuffer.wrap(ascii("503 5.5.1 need MAIL\r\n")));
        SmtpDeliveryException e = assertInstanceOf(SmtpDeliveryException.class, failure(p.result()));
        assertEquals(553, e.reply().code());
        assertTrue(e.isPermanent());
    }

    @Test
    void messageOverTheAnnouncedSizeIsNotSent() {
        SmtpClientProtocol p = client(opts().build(), List.of(BOB), new SyncBody(MESSAGE, 100));
        p.dataReceived(ByteBuffer.wrap(ascii("220 mx\r\n250-mx\r\n250 SIZE 10\r\n")));
        assertEquals("EHLO client.example.org\r\nQUIT\r\n", transport.valueAsString());
        SmtpDeliveryException e = assertInstanceOf(SmtpDeliveryException.class, failure(p.result()));
        assertEquals(552, e.reply().code());
        assertTrue(e.isPermanent());
    }

    @Test
    void dataRefusalAndMessageRefusalFail() {
        SmtpClientProtocol p = client(opts().build(), List.of(BOB), new SyncBody(MESSAGE, 100));
        p.dataReceived(ByteBuffer.wrap(ascii("220 mx\r\n250 mx\r\n250 ok\r\n250 ok\r\n354 go\r\n554 5.7.1 spam\r\n")));
        SmtpDeliveryException e = assertInstanceOf(SmtpDeliveryException.class, failure(p.result()));
        assertEquals(554, e.reply().code());
        assertEquals(1, e.recipients().size());
        assertTrue(transport.valueAsString().endsWith(STUFFED + "QUIT\r\n"));
    }

    // ------------------------------------------------------------------ timeouts, errors

    @Test
    void noGreetingTimesOutOnTheClock() {
        SmtpClientProtocol p = client(opts().timeout(30).build(), List.of(BOB), new SyncBody(MESSAGE, 100));
        clock.advance(29.9);
        assertFalse(p.result().isCalled());
        clock.advance(0.1);
        assertInstanceOf(TimeoutError.class, failure(p.result()));
        assertTrue(transport.isAborted());
    }

    @Test
    void endOfDataWaitsForTheDataTimeout() {
        SyncBody body = new SyncBody(MESSAGE, 100);
        SmtpClientProtocol p = client(opts().timeout(30).dataTimeout(600).build(), List.of(BOB), body);
        p.dataReceived(ByteBuffer.wrap(ascii("220 mx\r\n250 mx\r\n250 ok\r\n250 ok\r\n354 go\r\n")));
        assertEquals(SmtpClientProtocol.State.DATA_END, p.state());
        clock.advance(599);
        assertFalse(p.result().isCalled());
        clock.advance(1);
        assertInstanceOf(TimeoutError.class, failure(p.result()));
        assertTrue(transport.isAborted());
    }

    @Test
    void producerFailureAbortsWithoutTheFinalDot() {
        BodyProducer broken = new BodyProducer() {
            @Override
            public long length() {
                return UNKNOWN_LENGTH;
            }

            @Override
            public Deferred<Void> startProducing(Consumer consumer) {
                consumer.write(ByteBuffer.wrap(ascii("partial")));
                return Deferred.fail(new java.io.IOException("disk gone"));
            }

            @Override
            public void stopProducing() {
            }
        };
        SmtpClientProtocol p = client(opts().build(), List.of(BOB), broken);
        p.dataReceived(ByteBuffer.wrap(ascii("220 mx\r\n250-mx\r\n250 SIZE\r\n250 ok\r\n250 ok\r\n354 go\r\n")));
        assertTrue(transport.valueAsString().endsWith("DATA\r\npartial"));
        assertTrue(transport.valueAsString().contains("MAIL FROM:<alice@example.org>\r\n"), "no SIZE for an unknown length");
        Throwable e = failure(p.result());
        assertInstanceOf(java.io.IOException.class, e.getCause());
        assertTrue(transport.isAborted());
    }

    @Test
    void replyDuringTheBodyStopsTheProducer() {
        BodyProducer slow = new BodyProducer() {
            boolean stopped;

            @Override
            public long length() {
                return 5;
            }

            @Override
            public Deferred<Void> startProducing(Consumer consumer) {
                return new Deferred<>();
            }

            @Override
            public void stopProducing() {
                stopped = true;
            }
        };
        SmtpClientProtocol p = client(opts().build(), List.of(BOB), slow);
        p.dataReceived(ByteBuffer.wrap(ascii("220 mx\r\n250 mx\r\n250 ok\r\n250 ok\r\n354 go\r\n421 4.4.2 shutting down\r\n")));
        SmtpDeliveryException e = assertInstanceOf(SmtpDeliveryException.class, failure(p.result()));
        assertEquals(421, e.reply().code());
        assertTrue(transport.isAborted());
    }

    @Test
    void garbageFromTheServerFailsClearly() {
        SmtpClientProtocol p = client(opts().build(), List.of(BOB), new SyncBody(MESSAGE, 100));
        p.dataReceived(ByteBuffer.wrap(ascii("HTTP/1.1 400 Bad Request\r\n")));
        assertInstanceOf(SmtpProtocolException.class, failure(p.result()));
        assertTrue(transport.isAborted());
    }

    @Test
    void overlongReplyLineFailsClearly() {
        SmtpClientProtocol p = client(opts().build(), List.of(BOB), new SyncBody(MESSAGE, 100));
        p.dataReceived(ByteBuffer.wrap(ascii("220 " + "x".repeat(5000))));
        assertInstanceOf(SmtpProtocolException.class, failure(p.result()));
    }

    @Test
    void connectionLostBeforeTheEndFails() {
        SmtpClientProtocol p = client(opts().build(), List.of(BOB), new SyncBody(MESSAGE, 100));
        p.dataReceived(ByteBuffer.wrap(ascii("220 mx\r\n")));
        p.connectionLost(new Failure(new ConnectionLost("reset")));
        Throwable e = failure(p.result());
        assertInstanceOf(SmtpClientException.class, e);
        assertInstanceOf(ConnectionLost.class, e.getCause());
        assertNull(((SmtpClientException) e).reply());
        assertEquals(List.of(), clock.getDelayedCalls());
    }

    @Test
    void greetingRefusalIsPermanent() {
        SmtpClientProtocol p = client(opts().build(), List.of(BOB), new SyncBody(MESSAGE, 100));
        p.dataReceived(ByteBuffer.wrap(ascii("554 5.7.1 go away\r\n")));
        SmtpClientException e = assertInstanceOf(SmtpClientException.class, failure(p.result()));
        assertTrue(e.isPermanent());
        assertSame(SmtpClientProtocol.State.QUIT, p.state());
    }

    @Test
    void bounceGoesOutWithTheNullReversePath() {
        SmtpClientProtocol p = new SmtpClientProtocol(opts().tls(TlsMode.NONE).build(), "mx.example.com",
                MailAddress.NULL_SENDER, List.of(BOB), new SyncBody(MESSAGE, 100), clock);
        p.makeConnection(transport);
        p.dataReceived(ByteBuffer.wrap(ascii("220 mx\r\n250 mx\r\n")));
        assertEquals("EHLO client.example.org\r\nMAIL FROM:<>\r\n", transport.valueAsString());
    }
}
