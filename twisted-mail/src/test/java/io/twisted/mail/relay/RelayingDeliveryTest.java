package io.twisted.mail.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twisted.internet.defer.Deferred;
import io.twisted.internet.task.Clock;
import io.twisted.mail.smtp.MailAddress;
import io.twisted.mail.smtp.MessageDelivery;
import io.twisted.mail.smtp.MessageReceiver;
import io.twisted.mail.smtp.SmtpRejection;
import io.twisted.mail.smtp.SmtpServerOptions;
import io.twisted.mail.smtp.SmtpServerProtocol;
import io.twisted.mail.smtp.SmtpSession;
import io.twisted.testing.StringTransport;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The relaying delivery behind this project's SMTP server, in memory. */
class RelayingDeliveryTest {

    @TempDir
    Path dir;

    private final Clock clock = new Clock();

    /** Local delivery that refuses every local recipient (none is needed here). */
    private static final MessageDelivery NO_LOCAL = new MessageDelivery() {
        @Override
        public Deferred<MailAddress> validateFrom(SmtpSession session, MailAddress from) {
            return Deferred.succeed(from);
        }

        @Override
        public Deferred<Supplier<MessageReceiver>> validateTo(SmtpSession session, MailAddress from, MailAddress to) {
            return Deferred.fail(new SmtpRejection(550, "5.1.1", "No such user here"));
        }
    };

    private String session(MessageDelivery delivery, String input) {
        StringTransport t = new StringTransport();
        SmtpServerProtocol p = new SmtpServerProtocol(SmtpServerOptions.builder("mx.local.test").build(), delivery, clock);
        p.makeConnection(t);
        p.dataReceived(ByteBuffer.wrap(input.getBytes(StandardCharsets.US_ASCII)));
        return t.valueAsString();
    }

    @Test
    void anonymousClientsCannotRelay() throws Exception {
        RelayQueue queue = new RelayQueue(dir, () -> 0);
        String out = session(new RelayingDelivery(NO_LOCAL, d -> d.equals("local.test"), queue),
                "EHLO c\r\nMAIL FROM:<a@elsewhere.test>\r\nRCPT TO:<b@example.com>\r\n");
        assertTrue(out.endsWith("550 5.7.1 Relaying denied\r\n"), out);
        assertEquals(List.of(), queue.load());
    }

    @Test
    void trustedClientsRelayIntoTheQueue() throws Exception {
        RelayQueue queue = new RelayQueue(dir, () -> 42);
        String out = session(new RelayingDelivery(NO_LOCAL, d -> d.equals("local.test"), queue, s -> true),
                "EHLO c\r\nMAIL FROM:<a@local.test>\r\nRCPT TO:<b@example.com>\r\nRCPT TO:<x@local.test>\r\nDATA\r\n"
                        + "Subject: out\r\n\r\n..dot\r\n.\r\n");
        assertTrue(out.contains("550 5.1.1 No such user here\r\n"), out);
        assertTrue(out.matches("(?s).*\r\n250 [^\r\n]*\r\n$"), "the message is accepted: " + out);
        List<RelayEnvelope> queued = queue.load();
        assertEquals(1, queued.size());
        assertEquals(List.of(MailAddress.parse("b@example.com")), queued.get(0).recipients());
        String stored = Files.readString(queue.messagePath(queued.get(0).id()), StandardCharsets.US_ASCII);
        assertTrue(stored.startsWith("Received: from c"), stored);
        assertTrue(stored.endsWith("Subject: out\r\n\r\n.dot\r\n"), stored);
    }
}
