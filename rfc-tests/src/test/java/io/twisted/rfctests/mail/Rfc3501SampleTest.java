package io.twisted.rfctests.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twisted.cred.Login;
import io.twisted.cred.Portal;
import io.twisted.cred.Realm;
import io.twisted.cred.checkers.InMemoryUsernamePasswordDatabase;
import io.twisted.internet.defer.Deferred;
import io.twisted.internet.task.Clock;
import io.twisted.mail.MaildirImapMailbox;
import io.twisted.mail.imap4.ImapMailbox;
import io.twisted.mail.imap4.ImapServerProtocol;
import io.twisted.mail.maildir.Maildir;
import io.twisted.mail.maildir.MaildirFlag;
import io.twisted.mail.maildir.MaildirMessage;
import io.twisted.mail.maildir.MaildirNames;
import io.twisted.testing.StringTransport;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RFC 3501 section 8: the sample connection (data file {@code rfc3501/section-8.txt}) replayed
 * against the IMAP server over a Maildir holding the sample's mailbox, comparing the responses as
 * the data file says.
 */
class Rfc3501SampleTest {

    @TempDir
    Path dir;

    /** Message 12 of the sample: its header as FETCH BODY[HEADER] shows it, and a 3028-octet body of 92 lines. */
    static byte[] sampleMessage() {
        String header = "Date: Wed, 17 Jul 1996 02:23:25 -0700 (PDT)\r\n"
                + "From: Terry Gray <gray@cac.washington.edu>\r\n"
                + "Subject: IMAP4rev1 WG mtg summary and minutes\r\n"
                + "To: imap@cac.washington.edu\r\n"
                + "cc: minutes@CNRI.Reston.VA.US, John Klensin <KLENSIN@MIT.EDU>\r\n"
                + "Message-Id: <B27397-0100000@cac.washington.edu>\r\n"
                + "MIME-Version: 1.0\r\n"
                + "Content-Type: TEXT/PLAIN; CHARSET=US-ASCII\r\n"
                + "\r\n";
        assertEquals(342, header.length());
        StringBuilder body = new StringBuilder();
        for (int line = 1; line <= 92; line++) {
            // 92 lines of 32 or 33 octets with CRLF: 3028 octets in all.
            String text = (line <= 84 ? "minutes of the working group " : "minutes of the meeting ") + line;
            body.append(text);
            body.append(" ".repeat(Math.max(0, (line <= 84 ? 31 : 30) - text.length()))).append("\r\n");
        }
        return (header + body).getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void section8SampleConnection() throws Exception {
        byte[] sample = sampleMessage();
        assertEquals(342 + 3028, sample.length, "the body is 3028 octets");
        assertEquals(92, new String(sample, 342, 3028, StandardCharsets.US_ASCII).split("\r\n", -1).length - 1);
        Instant sampleDate = OffsetDateTime.parse("1996-07-17T02:44:25-07:00").toInstant();
        List<MaildirMessage> delivered = new ArrayList<>();
        for (int i = 1; i <= 18; i++) {
            Instant at = sampleDate.plusSeconds(60L * (i - 12));   // delivered in order, 12 at the sample's date
            Maildir box = Maildir.open(dir, new MaildirNames(java.time.Clock.fixed(at, ZoneOffset.UTC), "h"));
            byte[] message = i == 12 ? sample : ("Subject: message " + i + "\r\n\r\nbody " + i + "\r\n").getBytes(StandardCharsets.US_ASCII);
            delivered.add(box.deliver(message));
        }
        Maildir box = Maildir.open(dir, new MaildirNames(java.time.Clock.systemUTC(), "h"));
        for (int i = 0; i < 16; i++) {
            box.setFlags(delivered.get(i), EnumSet.of(MaildirFlag.SEEN));
        }
        Realm realm = new Realm() {
            @Override
            public <A> Deferred<Login<A>> requestAvatar(Object id, Object mind, List<Class<? extends A>> ifaces) {
                ImapMailbox mb = new MaildirImapMailbox(box, java.time.Clock.systemUTC());
                return Deferred.succeed(new Login<>(ifaces.get(0), ifaces.get(0).cast(mb), null));
            }
        };
        Portal portal = new Portal(realm, List.of(new InMemoryUsernamePasswordDatabase().addUser("mrc", "secret")));
        Clock clock = new Clock();
        StringTransport t = new StringTransport();
        ImapServerProtocol p = new ImapServerProtocol(new ImapServerProtocol.Options("imap.test", portal, null, true, 1800, 2), clock);
        p.makeConnection(t);
        SessionScript script = SessionScript.load("/rfc3501/section-8.txt");
        script.play(line -> p.dataReceived(ByteBuffer.wrap((line + "\r\n").getBytes(StandardCharsets.US_ASCII))),
                (expected, deviations) -> {
                    while (t.producer() != null) {
                        clock.advance(0);
                    }
                    ImapExpectations.check("section 8", expected, deviations, new String(t.take(), StandardCharsets.ISO_8859_1));
                });
        assertTrue(t.isDisconnecting(), "LOGOUT closes the connection");
    }

}
