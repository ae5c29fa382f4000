package io.twisted.mail.smtp;

import static io.twisted.testing.Bytes.ascii;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twisted.internet.defer.Failure;
import io.twisted.internet.error.TimeoutError;
import io.twisted.internet.task.Clock;
import io.twisted.testing.LoopbackPump;
import io.twisted.testing.StringTransport;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class SmtpClientProtocolTest {

    private static final byte[] MESSAGE = "Subject: hi\r\n\r\n.dot line\r\n..two\r\nend\r\n".getBytes(StandardCharsets.US_ASCII);

    private final Clock clock = new Clock();

    private static Object outcome(SmtpClientProtocol c) {
        Object[] r = new Object[1];
        c.result().addCallbacks(v -> r[0] = v, f -> r[0] = f.value());
        return r[0];
    }

    @Test
    void sendsThroughOurServerInEveryChunkSizeWithPerRecipientResults() {
        for (int chunk : new int[] {1, 2, 7, 64, 1 << 16}) {
            SmtpServerProtocolTest.RecordingDelivery delivery = new SmtpServerProtocolTest.RecordingDelivery();
            SmtpServerProtocol server = new SmtpServerProtocol(SmtpServerOptions.builder("mx.example.com").build(), delivery, clock);
            SmtpClientProtocol client = new SmtpClientProtocol(SmtpClientOptions.plain("client.test"), clock,
                    MailAddress.parse("bob@x.test"), List.of(MailAddress.parse("alice@example.com"),
                    MailAddress.parse("nobody@example.com"), MailAddress.parse("carol@example.com")), MESSAGE);
            LoopbackPump.builder().chunkSize(chunk).connect(server, client).pump();
            SmtpSendResult r = (SmtpSendResult) outcome(client);
            assertEquals(2, r.acceptedCount(), "chunk " + chunk);
            assertEquals(550, r.recipients().get(1).reply().code());
            assertEquals(250, r.dataReply().code());
            assertEquals(2, delivery.stored.size());
            String stored = delivery.stored.get(0);
            assertTrue(stored.endsWith("\r\n" + new String(MESSAGE, StandardCharsets.US_ASCII)), stored);
        }
    }

    @Test
    void authPlainThroughOurServer() {
        SmtpServerProtocolTest t = new SmtpServerProtocolTest();
        SmtpServerProtocolTest.RecordingDelivery delivery = new SmtpServerProtocolTest.RecordingDelivery();
        SmtpServerProtocol server = new SmtpServerProtocol(SmtpServerOptions.builder("mx").portal(t.portalFor(delivery))
                .allowAuthWithoutTls(true).requireAuthentication(true).build(), delivery, clock);
        SmtpClientProtocol client = new SmtpClientProtocol(SmtpClientOptions.plain("c").withAuth("alice", "secret").withAuthWithoutTls(true),
                clock, MailAddress.parse("alice@example.com"), List.of(MailAddress.parse("x@example.com")), MESSAGE);
        LoopbackPump.connect(server, client).pump();
        assertInstanceOf(SmtpSendResult.class, outcome(client));
        assertEquals("alice", delivery.sessions.get(0).authenticatedUser());

        SmtpServerProtocol server2 = new SmtpServerProtocol(SmtpServerOptions.builder("mx").portal(t.portalFor(delivery))
                .allowAuthWithoutTls(true).build(), delivery, clock);
        SmtpClientProtocol wrong = new SmtpClientProtocol(SmtpClientOptions.plain("c").withAuth("alice", "nope").withAuthWithoutTls(true),
                clock, MailAddress.parse("alice@example.com"), List.of(MailAddress.parse("x@example.com")), MESSAGE);
        LoopbackPump.connect(server2, wrong).pump();
        SmtpClientException e = (SmtpClientException) outcome(wrong);
        assertEquals(535, e.reply().code());
        assertFalse(e.isTransient());
    }

    /** A scripted server: the client's lines are checked, the replies fed by hand. */
    private SmtpClientProtocol scripted(SmtpClientOptions o, StringTransport t) {
        SmtpClientProtocol c = new SmtpClientProtocol(o, clock, MailAddress.parse("a@b.test"), List.of(MailAddress.parse("c@d.test")), MESSAGE);
        c.makeConnection(t);
        return c;
    }

    @Test
    void fallsBackToHeloAndAddsNoParameters() {
        StringTransport t = new StringTransport();
        SmtpClientProtocol c = scripted(SmtpClientOptions.plain("me.test"), t);
        c.dataReceived(ascii("220 old.test ready\r\n"));
        assertEquals("EHLO me.test\r\n", t.takeString());
        c.dataReceived(ascii("500 what\r\n"));
        assertEquals("HELO me.test\r\n", t.takeString());
        c.dataReceived(ascii("250 old.test\r\n"));
        assertEquals("MAIL FROM:<a@b.test>\r\n", t.takeString());
        c.dataReceived(ascii("250 ok\r\n"));
        assertEquals("RCPT TO:<c@d.test>\r\n", t.takeString());
        c.dataReceived(ascii("451 4.3.0 later\r\n"));
        assertEquals("QUIT\r\n", t.takeString());
        c.dataReceived(ascii("221 bye\r\n"));
        assertTrue(t.isDisconnecting());
        c.connectionLost(new Failure(new io.twisted.internet.error.ConnectionDone("closed")));
        SmtpClientException e = (SmtpClientException) outcome(c);
        assertTrue(e.isTransient());
        assertEquals(451, e.result().recipients().get(0).reply().code());
    }

    @Test
    void sizeAndStartTlsRequirement() {
        StringTransport t = new StringTransport();
        SmtpClientProtocol c = scripted(SmtpClientOptions.plain("me").withTls(io.twisted.mail.TlsSwitchingTransport.OPTIONS,
                SmtpClientOptions.TlsMode.REQUIRED), t);
        c.dataReceived(ascii("220 x\r\n250-x\r\n250 SIZE 1000\r\n"));
        assertEquals("EHLO me\r\nQUIT\r\n", t.takeString());
        c.dataReceived(ascii("221 bye\r\n"));
        c.connectionLost(new Failure(new io.twisted.internet.error.ConnectionDone("closed")));
        assertTrue(((SmtpClientException) outcome(c)).getMessage().contains("STARTTLS"));

        StringTransport t2 = new StringTransport();
        SmtpClientProtocol c2 = scripted(SmtpClientOptions.plain("me"), t2);
        c2.dataReceived(ascii("220 x\r\n250-x\r\n250-SIZE 1000\r\n250 8BITMIME\r\n"));
        assertEquals("EHLO me\r\nMAIL FROM:<a@b.test> SIZE=" + MESSAGE.length + "\r\n", t2.takeString());
    }

    @Test
    void startTlsSwitchesThenSaysEhloAgain() {
        io.twisted.mail.TlsSwitchingTransport t = new io.twisted.mail.TlsSwitchingTransport();
        SmtpClientProtocol c = new SmtpClientProtocol(SmtpClientOptions.plain("me").withTls(io.twisted.mail.TlsSwitchingTransport.OPTIONS,
                SmtpClientOptions.TlsMode.OPPORTUNISTIC).withAuth("u", "p"), clock, MailAddress.parse("a@b.test"),
                List.of(MailAddress.parse("c@d.test")), MESSAGE);
        t.connect(c);
        c.dataReceived(ascii("220 x\r\n250-x\r\n250-AUTH PLAIN\r\n250 STARTTLS\r\n"));
        assertEquals("EHLO me\r\nSTARTTLS\r\n", t.takeString());
        c.dataReceived(ascii("220 go\r\n"));
        assertTrue(t.started() != null);
        assertEquals("EHLO me\r\n", t.tls.takeString());
        c.dataReceived(ascii("250-x\r\n250 AUTH LOGIN\r\n"));
        assertEquals("AUTH LOGIN\r\n", t.tls.takeString());
        c.dataReceived(ascii("334 VXNlcm5hbWU6\r\n"));
        assertEquals("dQ==\r\n", t.tls.takeString());
        c.dataReceived(ascii("334 UGFzc3dvcmQ6\r\n"));
        assertEquals("cA==\r\n", t.tls.takeString());
        c.dataReceived(ascii("235 ok\r\n"));
        assertEquals("MAIL FROM:<a@b.test>\r\n", t.tls.takeString());
    }

    @Test
    void refusesToSendAPasswordInClearAndTimesOut() {
        StringTransport t = new StringTransport();
        SmtpClientProtocol c = scripted(SmtpClientOptions.plain("me").withAuth("u", "p"), t);
        c.dataReceived(ascii("220 x\r\n250-x\r\n250 AUTH PLAIN\r\n"));
        assertEquals("EHLO me\r\nQUIT\r\n", t.takeString());

        StringTransport t2 = new StringTransport();
        SmtpClientProtocol c2 = scripted(SmtpClientOptions.plain("me"), t2);
        clock.advance(SmtpClientOptions.DEFAULT_TIMEOUT);
        assertTrue(t2.isAborted());
        c2.connectionLost(new Failure(new io.twisted.internet.error.ConnectionAborted("aborted")));
        assertInstanceOf(TimeoutError.class, outcome(c2));
    }

    @Test
    void badReplyLinesEndTheSession() {
        StringTransport t = new StringTransport();
        SmtpClientProtocol c = scripted(SmtpClientOptions.plain("me"), t);
        c.dataReceived(ascii("hello there\r\n"));
        assertTrue(t.isDisconnecting());
        c.connectionLost(new Failure(new io.twisted.internet.error.ConnectionDone("closed")));
        assertInstanceOf(SmtpClientException.class, outcome(c));
    }

    @Test
    void pipelinesMailRcptAndDataWhenOffered() {
        StringTransport t = new StringTransport();
        SmtpClientProtocol c = new SmtpClientProtocol(SmtpClientOptions.plain("me"), clock, MailAddress.parse("a@b.test"),
                List.of(MailAddress.parse("c@d.test"), MailAddress.parse("e@f.test")), MESSAGE);
        c.makeConnection(t);
        c.dataReceived(ascii("220 x\r\n250-x\r\n250 PIPELINING\r\n"));
        assertEquals("EHLO me\r\nMAIL FROM:<a@b.test>\r\nRCPT TO:<c@d.test>\r\nRCPT TO:<e@f.test>\r\nDATA\r\n", t.takeString());
        c.dataReceived(ascii("250 ok\r\n550 no\r\n250 ok\r\n354 go\r\n"));
        assertTrue(t.takeString().endsWith("end\r\n.\r\n"));
        c.dataReceived(ascii("250 stored\r\n221 bye\r\n"));
        c.connectionLost(new Failure(new io.twisted.internet.error.ConnectionDone("closed")));
        SmtpSendResult r = (SmtpSendResult) outcome(c);
        assertEquals(1, r.acceptedCount());
    }

    @Test
    void pipelinedRefusalsAreReadToTheEnd() {
        StringTransport t = new StringTransport();
        SmtpClientProtocol c = scripted(SmtpClientOptions.plain("me"), t);
        c.dataReceived(ascii("220 x\r\n250-x\r\n250 PIPELINING\r\n"));
        t.clear();
        // All recipients refused, but the server still says 354: the client ends the data empty.
        c.dataReceived(ascii("250 ok\r\n550 no\r\n354 go\r\n"));
        assertEquals(".\r\n", t.takeString());
        c.dataReceived(ascii("554 no valid recipients\r\n"));
        assertEquals("QUIT\r\n", t.takeString());
        c.dataReceived(ascii("221 bye\r\n"));
        c.connectionLost(new Failure(new io.twisted.internet.error.ConnectionDone("closed")));
        assertTrue(((SmtpClientException) outcome(c)).getMessage().contains("every recipient was refused"));

        StringTransport t2 = new StringTransport();
        SmtpClientProtocol c2 = scripted(SmtpClientOptions.plain("me"), t2);
        c2.dataReceived(ascii("220 x\r\n250-x\r\n250 PIPELINING\r\n"));
        t2.clear();
        c2.dataReceived(ascii("550 sender refused\r\n503 need MAIL\r\n503 need RCPT\r\n"));
        assertEquals("QUIT\r\n", t2.takeString());
        c2.dataReceived(ascii("221 bye\r\n"));
        c2.connectionLost(new Failure(new io.twisted.internet.error.ConnectionDone("closed")));
        assertEquals(550, ((SmtpClientException) outcome(c2)).reply().code());
    }
}
