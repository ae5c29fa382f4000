package io.twisted.mail;

import static io.twisted.testing.Bytes.ascii;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twisted.internet.defer.Deferred;
import io.twisted.internet.task.Clock;
import io.twisted.mail.maildir.MaildirNames;
import io.twisted.mail.maildir.MaildirStore;
import io.twisted.mail.smtp.MailAddress;
import io.twisted.mail.smtp.MessageReceiver;
import io.twisted.mail.smtp.SmtpServerOptions;
import io.twisted.mail.smtp.SmtpServerProtocol;
import io.twisted.testing.StringTransport;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Aliases applied by the SMTP server: fan-out to mailboxes, mbox files, programs and forwarding. */
class AliasingDeliveryTest {

    @TempDir
    Path dir;

    private final List<String> forwarded = new ArrayList<>();

    private MailDomains domains() {
        return new MailDomains().addDomain("example.com",
                new MaildirStore(dir.resolve("mail"), new MaildirNames(java.time.Clock.systemUTC(), "example.com")))
                .addUser("example.com", "alice").addUser("example.com", "bob");
    }

    private MessageReceiver forward(MailAddress from, MailAddress to) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        return new MessageReceiver() {
            @Override
            public void write(ByteBuffer data) {
                byte[] b = new byte[data.remaining()];
                data.get(b);
                body.writeBytes(b);
            }

            @Override
            public Deferred<?> eomReceived() {
                forwarded.add(from + " -> " + to + ": " + body.toString(StandardCharsets.US_ASCII).lines().reduce((a, b) -> b).orElse(""));
                return Deferred.succeed(null);
            }

            @Override
            public void connectionLost() {
            }
        };
    }

    /** Sends one message to {@code rcpt} and returns the server's replies, one per line. */
    private List<String> send(String aliasText, boolean mayForward, String... rcpts) throws Exception {
        Path file = dir.resolve("aliases");
        Files.writeString(file, aliasText);
        MailDomains domains = domains();
        AliasingDelivery delivery = new AliasingDelivery(new LocalDelivery(domains, BlockingCalls.INLINE), domains, Aliases.load(file),
                mayForward ? this::forward : null, dir.resolve("spool"), BlockingCalls.INLINE);
        StringTransport t = new StringTransport();
        SmtpServerProtocol p = new SmtpServerProtocol(SmtpServerOptions.builder("mx.example.com").build(), delivery, new Clock());
        p.makeConnection(t);
        p.dataReceived(ascii("EHLO client.test\r\nMAIL FROM:<carol@elsewhere.test>\r\n"));
        for (String r : rcpts) {
            p.dataReceived(ascii("RCPT TO:<" + r + ">\r\n"));
        }
        p.dataReceived(ascii("DATA\r\n"));
        p.dataReceived(ascii("Subject: hi\r\n\r\nFrom the start\r\n..dot line\r\nlast line\r\n.\r\nQUIT\r\n"));
        return t.takeString().lines().toList();
    }

    private List<String> mailbox(String user) throws Exception {
        Path d = dir.resolve("mail").resolve(user).resolve("new");
        if (!Files.isDirectory(d)) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(d)) {
            for (Path p : s.toList()) {
                out.add(Files.readString(p, StandardCharsets.US_ASCII));
            }
        }
        return out;
    }

    private static String last(List<String> replies, String prefix) {
        return replies.stream().filter(r -> r.startsWith(prefix)).reduce((a, b) -> b).orElse("none");
    }

    @Test
    void anAliasFansOutToMailboxesAFileAndAProgram() throws Exception {
        Path mbox = dir.resolve("team.mbox");
        Path out = dir.resolve("program.out");
        List<String> replies = send("team: alice, bob, " + mbox + ", \"|cat > " + out + "\"\n", false, "team@example.com");
        assertTrue(replies.contains("250 2.0.0 Message accepted for delivery"), replies.toString());
        assertEquals(1, mailbox("alice").size());
        assertEquals(1, mailbox("bob").size());
        assertTrue(mailbox("alice").get(0).endsWith("Subject: hi\r\n\r\nFrom the start\r\n.dot line\r\nlast line\r\n"), mailbox("alice").get(0));
        String m = Files.readString(mbox, StandardCharsets.US_ASCII);
        assertTrue(m.startsWith("From carol@elsewhere.test "), m);
        assertTrue(m.contains("\n>From the start\n.dot line\nlast line\n"), "mboxrd quoting: " + m);
        String piped = Files.readString(out, StandardCharsets.US_ASCII);
        assertTrue(piped.endsWith("\r\nFrom the start\r\n.dot line\r\nlast line\r\n"), piped);
        try (Stream<Path> s = Files.list(dir.resolve("spool"))) {
            assertEquals(0, s.count(), "spool files are removed");
        }
    }

    @Test
    void aFailingProgramRefusesTheMessage() throws Exception {
        List<String> replies = send("bounce: alice, \"|exit 3\"\n", false, "bounce@example.com");
        assertEquals("554 5.3.0 Alias program failed with exit status 3", last(replies, "554"), replies.toString());
    }

    @Test
    void outsideTargetsAreForwardedOnlyWithAQueue() throws Exception {
        List<String> refused = send("ext: someone@example.org\n", false, "ext@example.com");
        assertTrue(last(refused, "550").startsWith("550 5.1.2"), refused.toString());
        List<String> ok = send("ext: someone@example.org, alice\n", true, "ext@example.com");
        assertTrue(ok.contains("250 2.0.0 Message accepted for delivery"), ok.toString());
        assertEquals(List.of("carol@elsewhere.test -> someone@example.org: last line"), forwarded);
        assertEquals(1, mailbox("alice").size());
    }

    @Test
    void unknownLocalTargetsAndPlainRecipientsBehaveAsWithoutAliases() throws Exception {
        List<String> replies = send("typo: nosuchuser\n", false, "typo@example.com", "bob@example.com", "nobody@example.com");
        assertEquals(2, replies.stream().filter(r -> r.startsWith("550 5.1.1")).count(), replies.toString());
        assertEquals(1, mailbox("bob").size());
    }
}
