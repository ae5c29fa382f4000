package io.twisted.mail.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.twisted.cred.Login;
import io.twisted.cred.Portal;
import io.twisted.cred.Realm;
import io.twisted.cred.checkers.InMemoryUsernamePasswordDatabase;
import io.twisted.internet.defer.Deferred;
import io.twisted.internet.task.Clock;
import io.twisted.mail.MaildirImapMailbox;
import io.twisted.mail.imap4.ImapServerProtocol;
import io.twisted.mail.maildir.Maildir;
import io.twisted.mail.maildir.MaildirNames;
import io.twisted.testing.StringTransport;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The IMAP server fed arbitrary bytes in arbitrary chunks after a login and SELECT, over a fresh
 * Maildir each run (a plain message, a multipart one with an attachment, a bare-LF one): no
 * exception leaves {@code dataReceived}, and every response line starts with a tag, {@code *}
 * or {@code +}, or belongs to a literal.
 */
class ImapServerFuzzTest {

    private static final Path BASE = FuzzDirs.tempDirDeletedAtExit("imap-fuzz");

    @FuzzTest(maxDuration = "60s")
    void survivesAnything(FuzzedDataProvider data) throws IOException {
        Path root = Files.createTempDirectory(BASE, "run");
        try {
            Maildir box = Maildir.open(root, new MaildirNames(java.time.Clock.systemUTC(), "fuzz"));
            box.deliver("Subject: one\r\nFrom: a@b.c\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII));
            box.deliver(("Subject: =?UTF-8?B?w6k=?=\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n"
                    + "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\ncaf=C3=A9\r\n"
                    + "--b\r\nContent-Type: message/rfc822\r\n\r\nSubject: inner\r\n\r\ninner body\r\n--b--\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            Files.writeString(root.resolve("cur").resolve("1500000000.M1P1Q1.lf:2,S"), "Subject: lf\n\nbare\nlines\n");
            Realm realm = new Realm() {
                @Override
                public <A> Deferred<Login<A>> requestAvatar(Object id, Object mind, List<Class<? extends A>> ifaces) {
                    Object mb = new MaildirImapMailbox(box, java.time.Clock.systemUTC());
                    return Deferred.succeed(new Login<>(ifaces.get(0), ifaces.get(0).cast(mb), null));
                }
            };
            Portal portal = new Portal(realm, List.of(new InMemoryUsernamePasswordDatabase().addUser("alice", "secret")));
            Clock clock = new Clock();
            StringTransport t = new StringTransport();
            ImapServerProtocol p = new ImapServerProtocol(new ImapServerProtocol.Options("imap.test", portal, null, true, 1800, 2), clock);
            p.makeConnection(t);
            p.dataReceived(ByteBuffer.wrap("a LOGIN alice secret\r\nb SELECT INBOX\r\n".getBytes(StandardCharsets.US_ASCII)));
            while (data.remainingBytes() > 0 && !t.isDisconnecting()) {
                p.dataReceived(ByteBuffer.wrap(data.consumeBytes(1 + data.consumeInt(0, 300))));
                while (t.producer() != null) {
                    clock.advance(0);
                }
            }
            clock.advance(3);
            check(t.value());
        } finally {
            FuzzDirs.delete(root);
        }
    }

    /** Every line is a response line or inside a literal. */
    private static void check(byte[] out) {
        String s = new String(out, StandardCharsets.ISO_8859_1);
        int i = 0;
        while (i < s.length()) {
            int eol = s.indexOf("\r\n", i);
            if (eol < 0) {
                throw new IllegalStateException("output does not end with CRLF: " + s.substring(i));
            }
            String line = s.substring(i, eol);
            i = eol + 2;
            if (line.isEmpty() || line.indexOf(' ') <= 0 && !line.equals("+")) {
                throw new IllegalStateException("not a response line: " + line);
            }
            // A literal continues the response after its octets.
            while (line.endsWith("}") && line.lastIndexOf('{') >= 0) {
                int n = Integer.parseInt(line.substring(line.lastIndexOf('{') + 1, line.length() - 1));
                i += n;
                eol = s.indexOf("\r\n", i);
                if (eol < 0) {
                    throw new IllegalStateException("a literal runs past the output");
                }
                line = s.substring(i, eol);
                i = eol + 2;
            }
        }
    }
}
