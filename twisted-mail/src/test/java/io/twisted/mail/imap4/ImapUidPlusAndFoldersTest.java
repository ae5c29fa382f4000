package io.twisted.mail.imap4;

import static io.twisted.testing.Bytes.ascii;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twisted.cred.Login;
import io.twisted.cred.Portal;
import io.twisted.cred.Realm;
import io.twisted.cred.checkers.InMemoryUsernamePasswordDatabase;
import io.twisted.internet.defer.Deferred;
import io.twisted.internet.task.Clock;
import io.twisted.mail.MaildirImapMailbox;
import io.twisted.mail.maildir.Maildir;
import io.twisted.mail.maildir.MaildirNames;
import io.twisted.testing.StringTransport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** UIDPLUS (RFC 4315), DELETE and RENAME, and untagged updates between two sessions on one mailbox. */
class ImapUidPlusAndFoldersTest {

    @TempDir
    Path dir;

    private final Clock clock = new Clock();
    private Maildir maildir;
    private Portal portal;

    @BeforeEach
    void setUp() throws Exception {
        maildir = Maildir.open(dir.resolve("alice"),
                new MaildirNames(java.time.Clock.fixed(Instant.ofEpochSecond(1_700_000_000), ZoneOffset.UTC), "h"));
        for (int i = 1; i <= 4; i++) {
            maildir.deliver(("Subject: m" + i + "\r\n\r\nbody " + i + "\r\n").getBytes(StandardCharsets.US_ASCII));
        }
        Realm realm = new Realm() {
            @Override
            public <A> Deferred<Login<A>> requestAvatar(Object id, Object mind, List<Class<? extends A>> ifaces) {
                ImapMailbox box = new MaildirImapMailbox(maildir, java.time.Clock.fixed(Instant.ofEpochSecond(1234), ZoneOffset.UTC));
                return Deferred.succeed(new Login<>(ifaces.get(0), ifaces.get(0).cast(box), null));
            }
        };
        portal = new Portal(realm, List.of(new InMemoryUsernamePasswordDatabase().addUser("alice", "secret")));
    }

    private ImapServerProtocol session(StringTransport t) {
        ImapServerProtocol p = new ImapServerProtocol(new ImapServerProtocol.Options("imap.test", portal, null, true, 1800, 2), clock);
        p.makeConnection(t);
        p.dataReceived(ascii("a LOGIN alice secret\r\nb SELECT INBOX\r\n"));
        t.clear();
        return p;
    }

    private String send(ImapServerProtocol p, StringTransport t, String text) {
        t.clear();
        p.dataReceived(ascii(text));
        while (t.producer() != null) {
            clock.advance(0);
        }
        return t.valueAsString();
    }

    @Test
    void uidSetsAreCompressed() {
        assertEquals("1:3,5,7:8", ImapServerProtocol.uidSet(List.of(1L, 2L, 3L, 5L, 7L, 8L)));
        assertEquals("4", ImapServerProtocol.uidSet(List.of(4L)));
    }

    @Test
    void copyAndAppendReportNewUids() {
        StringTransport t = new StringTransport();
        ImapServerProtocol p = session(t);
        send(p, t, "c CREATE Saved\r\n");
        assertEquals("d OK [COPYUID 1234 1:2,4 1:3] COPY completed\r\n", send(p, t, "d COPY 1:2,4 Saved\r\n"));
        assertEquals("e OK [COPYUID 1234 3 4] UID COPY completed\r\n", send(p, t, "e UID COPY 3 Saved\r\n"));
        assertEquals("f OK UID COPY completed\r\n", send(p, t, "f UID COPY 99 Saved\r\n"));
        assertEquals("g OK [APPENDUID 1234 5] APPEND completed\r\n", send(p, t, "g APPEND Saved {3+}\r\nx\r\n\r\n"));
        String status = send(p, t, "h STATUS Saved (MESSAGES UIDNEXT)\r\n");
        assertEquals("* STATUS \"Saved\" (MESSAGES 5 UIDNEXT 6)\r\nh OK STATUS completed\r\n", status);
    }

    @Test
    void uidExpungeRemovesOnlyTheNamedDeletedMessages() throws Exception {
        StringTransport t = new StringTransport();
        ImapServerProtocol p = session(t);
        send(p, t, "s STORE 1:3 +FLAGS.SILENT (\\Deleted)\r\n");
        assertEquals("* 3 EXPUNGE\r\n* 2 EXPUNGE\r\nx OK EXPUNGE completed\r\n", send(p, t, "x UID EXPUNGE 2:4\r\n"));
        assertEquals("* 1 FETCH (UID 1 FLAGS (\\Deleted \\Recent))\r\n* 2 FETCH (UID 4 FLAGS (\\Recent))\r\ny OK FETCH completed\r\n",
                send(p, t, "y FETCH 1:* (UID FLAGS)\r\n"));
        assertEquals(2, maildir.messages().size());
    }

    @Test
    void deleteFolders() {
        StringTransport t = new StringTransport();
        ImapServerProtocol p = session(t);
        send(p, t, "c CREATE Old\r\nd CREATE Old.Sub\r\ne COPY 1 Old\r\n");
        assertEquals("f NO [INUSE] Mailbox is selected\r\n", send(p, t, "f DELETE INBOX\r\n"));
        assertEquals("g NO [NONEXISTENT] no such folder: Nope\r\n", send(p, t, "g DELETE Nope\r\n"));
        assertEquals("h OK DELETE completed\r\n", send(p, t, "h DELETE Old\r\n"));
        assertEquals("* LIST (\\HasNoChildren) \".\" \"INBOX\"\r\n* LIST (\\Noselect \\HasChildren) \".\" \"Old\"\r\n"
                + "* LIST (\\HasNoChildren) \".\" \"Old.Sub\"\r\ni OK LIST completed\r\n",
                send(p, t, "i LIST \"\" *\r\n"));
        send(p, t, "j SELECT Old.Sub\r\n");
        assertEquals("k NO [INUSE] Mailbox is selected\r\n", send(p, t, "k DELETE Old.Sub\r\n"));
        assertEquals("m NO [CANNOT] INBOX cannot be deleted\r\n", send(p, t, "m DELETE inbox\r\n"));
        assertEquals("l BAD Invalid arguments: DELETE wants a mailbox name\r\n", send(p, t, "l DELETE\r\n"));
    }

    @Test
    void renameFoldersWithChildrenAndInbox() throws Exception {
        StringTransport t = new StringTransport();
        ImapServerProtocol p = session(t);
        send(p, t, "c CREATE Work\r\nd CREATE Work.2024\r\ne CREATE Home\r\nf COPY 1 Work.2024\r\n");
        assertEquals("g OK RENAME completed\r\n", send(p, t, "g RENAME Work Job\r\n"));
        assertEquals("* LIST (\\HasNoChildren) \".\" \"INBOX\"\r\n* LIST (\\HasNoChildren) \".\" \"Home\"\r\n"
                + "* LIST (\\HasChildren) \".\" \"Job\"\r\n* LIST (\\HasNoChildren) \".\" \"Job.2024\"\r\nh OK LIST completed\r\n",
                send(p, t, "h LIST \"\" *\r\n"));
        assertEquals("* STATUS \"Job.2024\" (MESSAGES 1)\r\ni OK STATUS completed\r\n", send(p, t, "i STATUS Job.2024 (MESSAGES)\r\n"));
        assertEquals("j NO [ALREADYEXISTS] folder exists: Home\r\n", send(p, t, "j RENAME Job Home\r\n"));
        assertEquals("k NO [NONEXISTENT] no such folder: Nope\r\n", send(p, t, "k RENAME Nope X\r\n"));
        assertEquals("l NO [CANNOT] bad Maildir++ folder name: a/b\r\n", send(p, t, "l RENAME Home a/b\r\n"));
        send(p, t, "m UNSELECT\r\n");
        assertEquals("n OK RENAME completed\r\n", send(p, t, "n RENAME INBOX Before\r\n"));
        assertEquals(0, maildir.messages().size());
        assertEquals("* STATUS \"Before\" (MESSAGES 4)\r\no OK STATUS completed\r\n", send(p, t, "o STATUS Before (MESSAGES)\r\n"));
        assertEquals("* STATUS \"INBOX\" (MESSAGES 0)\r\nq OK STATUS completed\r\n", send(p, t, "q STATUS INBOX (MESSAGES)\r\n"));
    }

    @Test
    void twoSessionsSeeEachOthersExpungesNewMailAndFlags() {
        StringTransport t1 = new StringTransport();
        ImapServerProtocol one = session(t1);
        StringTransport t2 = new StringTransport();
        ImapServerProtocol two = session(t2);
        assertEquals("* 2 FETCH (FLAGS (\\Flagged))\r\nc OK STORE completed\r\n", send(two, t2, "c STORE 2 +FLAGS (\\Flagged)\r\n"));
        assertEquals("* 2 FETCH (FLAGS (\\Flagged \\Recent))\r\nn OK NOOP completed\r\n", send(one, t1, "n NOOP\r\n"));
        send(two, t2, "d STORE 1 +FLAGS.SILENT (\\Deleted)\r\n");
        assertEquals("* 1 EXPUNGE\r\ne OK EXPUNGE completed\r\n", send(two, t2, "e EXPUNGE\r\n"));
        assertTrue(send(two, t2, "f APPEND INBOX {3+}\r\nnew\r\n").startsWith("* 4 EXISTS\r\n* 1 RECENT\r\nf OK [APPENDUID 1234 5]"));
        send(two, t2, "g STORE 3 +FLAGS.SILENT (\\Seen)\r\n");
        assertEquals("* 1 EXPUNGE\r\n* 3 FETCH (FLAGS (\\Seen \\Recent))\r\n* 4 EXISTS\r\n* 3 RECENT\r\nh OK CHECK completed\r\n", send(one, t1, "h CHECK\r\n"));
        assertEquals("* SEARCH 1 2 3 4\r\ni OK SEARCH completed\r\n", send(one, t1, "i SEARCH ALL\r\n"));
        assertEquals("* 4 FETCH (UID 5)\r\nj OK FETCH completed\r\n", send(one, t1, "j FETCH 4 UID\r\n"));
        // The session that appended heard of its new message before APPEND's OK (as Dovecot does).
        assertEquals("k OK NOOP completed\r\n", send(two, t2, "k NOOP\r\n"));
    }
}
