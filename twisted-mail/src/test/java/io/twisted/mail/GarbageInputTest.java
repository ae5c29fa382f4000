package io.twisted.mail;

import io.twisted.cred.Portal;
import io.twisted.cred.checkers.InMemoryUsernamePasswordDatabase;
import io.twisted.internet.Protocol;
import io.twisted.internet.task.Clock;
import io.twisted.mail.imap4.ImapServerProtocol;
import io.twisted.mail.maildir.MaildirNames;
import io.twisted.mail.maildir.MaildirStore;
import io.twisted.mail.pop3.Pop3ServerProtocol;
import io.twisted.mail.smtp.SmtpServerOptions;
import io.twisted.mail.smtp.SmtpServerProtocol;
import io.twisted.testing.StringTransport;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random command-shaped input never makes a server throw out of {@code dataReceived} (which would
 * drop the connection through the reactor's error path): every bad line gets the protocol's own
 * error reply. Seeded, so a failure is reproducible.
 */
class GarbageInputTest {

    @TempDir
    Path dir;

    private static final String[] WORDS = {"HELO", "EHLO", "MAIL", "FROM:", "RCPT", "TO:", "DATA", "RSET", "VRFY", "AUTH",
        "PLAIN", "LOGIN", "CRAM-MD5", "USER", "PASS", "APOP", "STAT", "LIST", "RETR", "DELE", "TOP", "UIDL", "CAPA",
        "STLS", "STARTTLS", "QUIT", "SELECT", "EXAMINE", "FETCH", "UID", "STORE", "SEARCH", "EXPUNGE", "IDLE", "DONE",
        "APPEND", "COPY", "MOVE", "CREATE", "STATUS", "LIST", "NOOP", "CLOSE", "INBOX", "alice", "secret", "*", "1:*",
        "0", "-1", "99999999999", "(", ")", "[", "]", "<", ">", "\"", "{3}", "{5+}", "{0}", "BODY[]", "BODY.PEEK[HEADER",
        "<a@example.com>", "<>", "<@x:y@z>", "=", "AAAA", "\\Seen", "+FLAGS", "FLAGS.SILENT", ".", "..", "a1", "\t",
        "SIZE=", "BODY=8BITMIME", "é", "\0"};

    private Portal portal() {
        try {
            new MaildirStore(dir, new MaildirNames(java.time.Clock.systemUTC(), "h")).mailbox("alice")
                    .deliver("Subject: s\r\n\r\n.body\r\n".getBytes(StandardCharsets.US_ASCII));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        MailDomains domains = new MailDomains().addDomain("example.com", new MaildirStore(dir, new MaildirNames(java.time.Clock.systemUTC(), "h")))
                .addUser("example.com", "alice");
        return new Portal(new MailRealm(domains, new LocalDelivery(domains, BlockingCalls.INLINE)),
                List.of(new InMemoryUsernamePasswordDatabase().addUser("alice", "secret")));
    }

    private void hammer(Supplier<Protocol> factory, Clock clock, String prelude) {
        Random rnd = new Random(1234);
        for (int session = 0; session < 200; session++) {
            Protocol p = factory.get();
            StringTransport t = new StringTransport();
            p.makeConnection(t);
            if (session % 2 == 0) {
                p.dataReceived(ByteBuffer.wrap(prelude.getBytes(StandardCharsets.UTF_8)));
            }
            for (int line = 0; line < 80 && !t.isDisconnecting(); line++) {
                StringBuilder sb = new StringBuilder();
                int n = rnd.nextInt(6);
                for (int i = 0; i < n; i++) {
                    sb.append(WORDS[rnd.nextInt(WORDS.length)]);
                    if (rnd.nextInt(4) > 0) {
                        sb.append(' ');
                    }
                }
                sb.append(rnd.nextInt(10) == 0 ? "\n" : "\r\n");
                p.dataReceived(ByteBuffer.wrap(sb.toString().getBytes(StandardCharsets.UTF_8)));
                while (t.producer() != null) {
                    clock.advance(0);
                }
            }
        }
    }

    @Test
    void smtpSurvivesGarbage() {
        Clock clock = new Clock();
        SmtpServerOptions o = SmtpServerOptions.builder("mx").portal(portal()).allowAuthWithoutTls(true).build();
        Portal portal = portal();
        MailDomains domains = new MailDomains().addDomain("example.com", new MaildirStore(dir.resolve("s"), new MaildirNames(java.time.Clock.systemUTC(), "h")))
                .addUser("example.com", "alice");
        hammer(() -> new SmtpServerProtocol(o, new LocalDelivery(domains, BlockingCalls.INLINE), clock), clock,
                "EHLO c\r\nMAIL FROM:<a@b.c>\r\nRCPT TO:<alice@example.com>\r\n");
    }

    @Test
    void pop3SurvivesGarbage() {
        Clock clock = new Clock();
        Pop3ServerProtocol.Options o = new Pop3ServerProtocol.Options("pop", portal(), null, true, 600, new Random(1));
        hammer(() -> new Pop3ServerProtocol(o, clock), clock, "USER alice\r\nPASS secret\r\n");
    }

    @Test
    void imapSurvivesGarbage() {
        Clock clock = new Clock();
        ImapServerProtocol.Options o = new ImapServerProtocol.Options("imap", portal(), null, true, 1800, 2);
        hammer(() -> new ImapServerProtocol(o, clock), clock, "a LOGIN alice secret\r\nb SELECT INBOX\r\n");
    }
}
