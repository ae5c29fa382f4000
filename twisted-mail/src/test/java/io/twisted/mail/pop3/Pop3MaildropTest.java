package io.twisted.mail.pop3;

import static io.twisted.testing.Bytes.ascii;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twisted.cred.Login;
import io.twisted.cred.Portal;
import io.twisted.cred.Realm;
import io.twisted.cred.checkers.InMemoryUsernamePasswordDatabase;
import io.twisted.cred.credentials.ApopCredentials;
import io.twisted.internet.defer.Deferred;
import io.twisted.internet.defer.Failure;
import io.twisted.internet.error.ConnectionLost;
import io.twisted.internet.task.Clock;
import io.twisted.mail.MaildirPop3Mailbox;
import io.twisted.mail.maildir.Maildir;
import io.twisted.mail.maildir.MaildirFlag;
import io.twisted.mail.maildir.MaildirMessage;
import io.twisted.mail.maildir.MaildirNames;
import io.twisted.testing.StringTransport;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The POP3 server over a real {@link MaildirPop3Mailbox}: the maildrop lock (RFC 1939 section 8,
 * {@code [IN-USE]} of RFC 2449), UPDATE only at QUIT, UIDL stability and octet counts.
 */
class Pop3MaildropTest {

    @TempDir
    Path dir;

    private final Clock clock = new Clock();
    private final MaildropLocks locks = new MaildropLocks();
    private final AtomicInteger logouts = new AtomicInteger();
    private Maildir maildir;
    private Portal portal;

    @BeforeEach
    void setUp() throws IOException {
        maildir = Maildir.open(dir.resolve("alice"),
                new MaildirNames(java.time.Clock.fixed(Instant.ofEpochSecond(1_700_000_000), ZoneOffset.UTC), "h"));
        maildir.deliver("Subject: one\r\n\r\nfirst\r\n".getBytes(StandardCharsets.US_ASCII));
        maildir.deliver("Subject: two\r\n\r\nsecond\r\n".getBytes(StandardCharsets.US_ASCII));
        Realm realm = new Realm() {
            @Override
            public <A> Deferred<Login<A>> requestAvatar(Object id, Object mind, List<Class<? extends A>> ifaces) {
                try {
                    Pop3Mailbox box = new MaildirPop3Mailbox(maildir, locks);
                    return Deferred.succeed(new Login<>(ifaces.get(0), ifaces.get(0).cast(box), logouts::incrementAndGet));
                } catch (IOException e) {
                    return Deferred.fail(e);
                }
            }
        };
        portal = new Portal(realm, List.of(new InMemoryUsernamePasswordDatabase().addUser("alice", "secret")));
    }

    /** One client connection. */
    private final class Session {
        final StringTransport transport = new StringTransport();
        final Pop3ServerProtocol protocol = new Pop3ServerProtocol(
                new Pop3ServerProtocol.Options("pop.test", portal, null, true, 600, new Random(7)), clock);

        Session() {
            protocol.makeConnection(transport);
            transport.clear();
        }

        String send(String text) {
            transport.clear();
            protocol.dataReceived(ascii(text));
            while (transport.producer() != null) {
                clock.advance(0);
            }
            return transport.valueAsString();
        }

        String login() {
            return send("USER alice\r\nPASS secret\r\n");
        }

        void drop() {
            protocol.connectionLost(new Failure(new ConnectionLost("gone")));
        }
    }

    private static final String READY = "+OK Send your password\r\n+OK Maildrop ready, 2 messages\r\n";
    private static final String IN_USE = "+OK Send your password\r\n-ERR [IN-USE] Maildrop already locked by another session\r\n";

    @Test
    void secondLoginWhileTheFirstIsInTransactionIsRefusedUntilQuit() {
        Session a = new Session();
        Session b = new Session();
        assertEquals(READY, a.login());
        assertEquals(IN_USE, b.login());
        assertEquals(1, logouts.get());
        // b stays in AUTHORIZATION and may try again.
        assertEquals("-ERR Not logged in\r\n", b.send("STAT\r\n"));
        String digest = ApopCredentials.digest(b.protocol.apopTimestamp(), "secret".toCharArray());
        assertEquals("-ERR [IN-USE] Maildrop already locked by another session\r\n", b.send("APOP alice " + digest + "\r\n"));
        assertEquals("+OK Bye\r\n", a.send("QUIT\r\n"));
        assertEquals(READY, b.login());
    }

    @Test
    void lockIsReleasedWhenTheConnectionDropsAndNothingIsDeleted() throws IOException {
        Session a = new Session();
        a.login();
        assertEquals("+OK Message 1 deleted\r\n", a.send("DELE 1\r\n"));
        assertEquals(0, logouts.get());
        a.drop();
        assertEquals(1, logouts.get());
        assertEquals(2, maildir.messages().size());
        Session b = new Session();
        assertEquals(READY, b.login());
    }

    @Test
    void lockIsReleasedAtTheAutologoutTimeoutWithoutUpdate() throws IOException {
        Session a = new Session();
        a.login();
        a.send("DELE 2\r\n");
        Session b = new Session();
        clock.advance(599);
        assertEquals(IN_USE, b.login());
        clock.advance(1);
        assertTrue(a.transport.isDisconnecting());
        assertEquals(2, maildir.messages().size());
        assertEquals(READY, b.login());
    }

    @Test
    void deletionsHappenAtQuitAndTheLockGoesAfterThem() throws IOException {
        Session a = new Session();
        a.login();
        List<String> uidls = new ArrayList<>(List.of(a.send("UIDL\r\n").split("\r\n")));
        a.send("DELE 1\r\n");
        assertEquals(2, maildir.messages().size());
        assertEquals("+OK Bye, 1 messages deleted\r\n", a.send("QUIT\r\n"));
        a.drop();
        List<MaildirMessage> left = maildir.messages();
        assertEquals(1, left.size());
        Session b = new Session();
        assertEquals("+OK Send your password\r\n+OK Maildrop ready, 1 messages\r\n", b.login());
        // The survivor keeps its UIDL, now as message 1.
        assertEquals("+OK 1 " + uidls.get(2).substring(2) + "\r\n", b.send("UIDL 1\r\n"));
    }

    @Test
    void lockFileHeldElsewhereRefusesTheLogin() throws IOException {
        try (FileChannel ch = FileChannel.open(maildir.root().resolve(MaildirPop3Mailbox.LOCK_FILE),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            FileLock held = ch.lock();
            Session a = new Session();
            assertEquals(IN_USE, a.login());
            assertFalse(locks.isHeld(maildir.root().toRealPath().toString()));
            held.release();
        }
        assertEquals(READY, new Session().login());
    }

    @Test
    void uidlIsStableAcrossSessionsAndFlagChanges() throws IOException {
        Session a = new Session();
        a.login();
        String first = a.send("UIDL\r\n");
        a.send("QUIT\r\n");
        for (MaildirMessage m : maildir.messages()) {
            maildir.setFlags(m, Set.of(MaildirFlag.SEEN));
        }
        Session b = new Session();
        b.login();
        assertEquals(first, b.send("UIDL\r\n"));
        String[] lines = first.split("\r\n");
        assertNotEquals(lines[1].substring(2), lines[2].substring(2));
    }

    @Test
    void longUniqueNamesGiveDistinctValidUidls() throws IOException {
        Maildir long1 = Maildir.open(dir.resolve("long"),
                new MaildirNames(java.time.Clock.fixed(Instant.ofEpochSecond(1_700_000_000), ZoneOffset.UTC), "h".repeat(80)));
        for (int i = 0; i < 20; i++) {
            long1.deliver(("Subject: " + i + "\r\n\r\nx\r\n").getBytes(StandardCharsets.US_ASCII));
        }
        MaildirPop3Mailbox box = new MaildirPop3Mailbox(long1, locks);
        MaildirPop3Mailbox again = new MaildirPop3Mailbox(long1, locks);
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < box.messageCount(); i++) {
            String id = box.uniqueId(i);
            assertTrue(id.length() >= 1 && id.length() <= 70 && id.chars().allMatch(c -> c >= 0x21 && c <= 0x7e), id);
            assertEquals(id, again.uniqueId(i));
            ids.add(id);
        }
        assertEquals(20, ids.size());
    }

    @Test
    void octetCountsMatchWhatRetrSendsForBareLfMessages() throws IOException {
        // Another delivery agent wrote Unix line ends, and a line with a single dot.
        Files.writeString(maildir.root().resolve("new").resolve("1800000000.M1P1Q1.other"),
                "Subject: unix\n\n.\nbody\n", StandardCharsets.US_ASCII);
        Session a = new Session();
        assertTrue(a.login().endsWith("3 messages\r\n"));
        long total = 0;
        for (int n = 1; n <= 3; n++) {
            String list = a.send("LIST " + n + "\r\n");
            long size = Long.parseLong(list.trim().split(" ")[2]);
            String retr = a.send("RETR " + n + "\r\n");
            assertTrue(retr.startsWith("+OK " + size + " octets\r\n"), retr);
            String body = retr.substring(retr.indexOf("\r\n") + 2, retr.length() - ".\r\n".length());
            assertFalse(body.replace("\r\n", "").contains("\n"), "bare LF sent: " + body);
            String unstuffed = String.join("\r\n", body.split("\r\n", -1)).replaceAll("(?m)^\\.\\.", ".");
            assertEquals(size, unstuffed.length(), "message " + n + ": " + body);
            total += size;
        }
        assertEquals("+OK 3 " + total + "\r\n", a.send("STAT\r\n"));
        assertEquals("+OK Top of message follows\r\nSubject: unix\r\n\r\n..\r\n.\r\n", a.send("TOP 3 1\r\n"));
    }
}
