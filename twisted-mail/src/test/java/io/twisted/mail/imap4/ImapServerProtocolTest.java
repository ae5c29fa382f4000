package io.twisted.mail.imap4;

import static io.twisted.testing.Bytes.ascii;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import io.twisted.testing.Chunkings;
import io.twisted.testing.StringTransport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImapServerProtocolTest {

    private static final String MSG1 = "From: a@b.test\r\nSubject: one\r\n\r\nhello\r\n.dot\r\n";
    private static final String MSG2 = "Subject: two\r\n\r\nsecond body\r\n";

    @TempDir
    Path dir;

    private final Clock clock = new Clock();
    private final StringTransport transport = new StringTransport();
    private Maildir maildir;
    private Portal portal;

    @BeforeEach
    void setUp() throws Exception {
        maildir = Maildir.open(dir.resolve("alice"), new MaildirNames(java.time.Clock.fixed(Instant.ofEpochSecond(1_700_000_000), ZoneOffset.UTC), "h"));
        maildir.deliver(MSG1.getBytes(StandardCharsets.US_ASCII));
        maildir.deliver(MSG2.getBytes(StandardCharsets.US_ASCII));
        Realm realm = new Realm() {
            @Override
            public <A> Deferred<Login<A>> requestAvatar(Object id, Object mind, List<Class<? extends A>> ifaces) {
                ImapMailbox box = new MaildirImapMailbox(maildir, java.time.Clock.fixed(Instant.ofEpochSecond(1234), ZoneOffset.UTC));
                return Deferred.succeed(new Login<>(ifaces.get(0), ifaces.get(0).cast(box), null));
            }
        };
        portal = new Portal(realm, List.of(new InMemoryUsernamePasswordDatabase().addUser("alice", "secret")));
    }

    private ImapServerProtocol connect(boolean plaintext) {
        return connect(plaintext, transport);
    }

    private ImapServerProtocol connect(boolean plaintext, StringTransport t) {
        ImapServerProtocol p = new ImapServerProtocol(new ImapServerProtocol.Options("imap.test", portal, null, plaintext, 1800, 2), clock);
        p.makeConnection(t);
        return p;
    }

    private String send(ImapServerProtocol p, String text) {
        transport.clear();
        p.dataReceived(ascii(text));
        while (transport.producer() != null) {
            clock.advance(0);
        }
        return transport.valueAsString();
    }

    private ImapServerProtocol selected() {
        ImapServerProtocol p = connect(true);
        send(p, "a LOGIN alice secret\r\nb SELECT INBOX\r\n");
        return p;
    }

    @Test
    void greetingAndCapabilityWithoutTlsDisableLogin() {
        ImapServerProtocol p = connect(false);
        assertEquals("* OK [CAPABILITY IMAP4rev1 LITERAL+ IDLE UNSELECT NAMESPACE MOVE UIDPLUS CHILDREN ID LOGINDISABLED] imap.test IMAP4rev1 server ready\r\n",
                transport.valueAsString());
        assertEquals("* CAPABILITY IMAP4rev1 LITERAL+ IDLE UNSELECT NAMESPACE MOVE UIDPLUS CHILDREN ID LOGINDISABLED\r\nc OK CAPABILITY completed\r\n", send(p, "c CAPABILITY\r\n"));
        assertEquals("l NO [PRIVACYREQUIRED] LOGIN is disabled: use STARTTLS first\r\n", send(p, "l LOGIN alice secret\r\n"));
        assertEquals("s BAD STARTTLS not available\r\n", send(p, "s STARTTLS\r\n"));
        assertEquals("x BAD Command unknown or not allowed before login\r\n", send(p, "x SELECT INBOX\r\n"));
    }

    @Test
    void loginWithQuotedAndLiteralArguments() {
        ImapServerProtocol p = connect(true);
        assertEquals("a NO [AUTHENTICATIONFAILED] Authentication failed\r\n", send(p, "a LOGIN alice \"wrong\"\r\n"));
        assertEquals("+ Ready for literal data\r\n", send(p, "b LOGIN {5}\r\n"));
        assertEquals("b OK [CAPABILITY IMAP4rev1 LITERAL+ IDLE UNSELECT NAMESPACE MOVE UIDPLUS CHILDREN ID] Logged in\r\n", send(p, "alice {6+}\r\nsecret\r\n"));
    }

    @Test
    void authenticatePlain() {
        ImapServerProtocol p = connect(true);
        assertEquals("+ \r\n", send(p, "a AUTHENTICATE PLAIN\r\n"));
        String resp = Base64.getEncoder().encodeToString("\0alice\0secret".getBytes(StandardCharsets.UTF_8));
        assertTrue(send(p, resp + "\r\n").startsWith("a OK "));
    }

    @Test
    void selectReportsCountsAndUids() {
        ImapServerProtocol p = connect(true);
        send(p, "a LOGIN alice secret\r\n");
        assertEquals("* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)\r\n"
                + "* OK [PERMANENTFLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft \\*)] Flags permitted\r\n"
                + "* 2 EXISTS\r\n* 2 RECENT\r\n* OK [UNSEEN 1] First unseen\r\n* OK [UIDVALIDITY 1234] UIDs valid\r\n"
                + "* OK [UIDNEXT 3] Predicted next UID\r\nb OK [READ-WRITE] SELECT completed\r\n", send(p, "b SELECT inbox\r\n"));
        assertEquals("c NO [NONEXISTENT] No such mailbox\r\n", send(p, "c SELECT Nope\r\n"));
    }

    @Test
    void uidFetchBodyPeekIsByteExactAndLeavesSeenAlone() {
        ImapServerProtocol p = selected();
        assertEquals("* 1 FETCH (UID 1 BODY[] {" + MSG1.length() + "}\r\n" + MSG1 + " RFC822.SIZE " + MSG1.length() + ")\r\n"
                + "* 2 FETCH (UID 2 BODY[] {" + MSG2.length() + "}\r\n" + MSG2 + " RFC822.SIZE " + MSG2.length() + ")\r\n"
                + "f OK UID FETCH completed\r\n", send(p, "f UID FETCH 1:* (BODY.PEEK[] RFC822.SIZE)\r\n"));
        assertEquals("* 1 FETCH (FLAGS (\\Recent))\r\ng OK FETCH completed\r\n", send(p, "g FETCH 1 FLAGS\r\n"));
    }

    @Test
    void fetchBodySetsSeenAndSectionsAndPartials() {
        ImapServerProtocol p = selected();
        assertEquals("* 2 FETCH (BODY[TEXT] {13}\r\nsecond body\r\n FLAGS (\\Seen \\Recent))\r\nf OK FETCH completed\r\n",
                send(p, "f FETCH 2 BODY[TEXT]\r\n"));
        assertEquals("* 1 FETCH (BODY[HEADER.FIELDS (SUBJECT)] {16}\r\nSubject: one\r\n\r\n)\r\ng OK FETCH completed\r\n",
                send(p, "g FETCH 1 (BODY.PEEK[HEADER.FIELDS (SUBJECT)])\r\n"));
        assertEquals("* 1 FETCH (BODY[]<6> {4}\r\na@b.)\r\nh OK FETCH completed\r\n", send(p, "h FETCH 1 BODY.PEEK[]<6.4>\r\n"));
        assertEquals("* 1 FETCH (RFC822.HEADER {32}\r\nFrom: a@b.test\r\nSubject: one\r\n\r\n)\r\ni OK FETCH completed\r\n",
                send(p, "i FETCH 1 RFC822.HEADER\r\n"));
        assertEquals("j BAD Invalid arguments: unsupported FETCH item BODYSTRUCT\r\n", send(p, "j FETCH 1 BODYSTRUCT\r\n"));
    }

    @Test
    void storeSearchAndExpunge() throws Exception {
        ImapServerProtocol p = selected();
        assertEquals("* 1 FETCH (FLAGS (\\Deleted \\Seen \\Recent))\r\ns OK STORE completed\r\n", send(p, "s STORE 1 +FLAGS (\\Seen \\Deleted)\r\n"));
        assertEquals("t OK STORE completed\r\n", send(p, "t UID STORE 2 +FLAGS.SILENT (\\Flagged)\r\n"));
        assertEquals("* SEARCH 1\r\nu OK SEARCH completed\r\n", send(p, "u SEARCH DELETED\r\n"));
        assertEquals("* SEARCH 2\r\nv OK SEARCH completed\r\n", send(p, "v UID SEARCH UNSEEN FLAGGED\r\n"));
        assertEquals("* SEARCH 1 2\r\nw OK SEARCH completed\r\n", send(p, "w SEARCH OR DELETED FLAGGED\r\n"));
        assertEquals("* 1 EXPUNGE\r\nx OK EXPUNGE completed\r\n", send(p, "x EXPUNGE\r\n"));
        assertEquals(1, maildir.messages().size());
        assertEquals("* 1 FETCH (UID 2 FLAGS (\\Flagged \\Recent))\r\ny OK UID FETCH completed\r\n", send(p, "y UID FETCH 2 FLAGS\r\n"));
    }

    @Test
    void anotherSessionSeesExpungesAndNewMailAtNoopAndInIdle() throws Exception {
        ImapServerProtocol p = selected();
        StringTransport t2 = new StringTransport();
        ImapServerProtocol p2 = connect(true, t2);
        p2.dataReceived(ascii("a LOGIN alice secret\r\nb SELECT INBOX\r\nc STORE 1 +FLAGS (\\Deleted)\r\nd EXPUNGE\r\n"));
        assertTrue(t2.valueAsString().endsWith("* 1 EXPUNGE\r\nd OK EXPUNGE completed\r\n"), t2.valueAsString());
        assertEquals("* 1 EXPUNGE\r\nn OK NOOP completed\r\n", send(p, "n NOOP\r\n"));
        assertEquals("+ idling\r\n", send(p, "i IDLE\r\n"));
        maildir.deliver("Subject: three\r\n\r\nx\r\n".getBytes(StandardCharsets.US_ASCII));
        transport.clear();
        clock.advance(2);
        assertEquals("* 2 EXISTS\r\n* 2 RECENT\r\n", transport.valueAsString());
        assertEquals("i OK IDLE terminated\r\n", send(p, "DONE\r\n"));
    }

    @Test
    void listStatusCloseAndLogout() {
        ImapServerProtocol p = selected();
        assertEquals("* LIST (\\HasNoChildren) \".\" \"INBOX\"\r\nl OK LIST completed\r\n", send(p, "l LIST \"\" *\r\n"));
        assertEquals("* LIST (\\Noselect) \".\" \"\"\r\nm OK LIST completed\r\n", send(p, "m LIST \"\" \"\"\r\n"));
        assertEquals("* STATUS \"INBOX\" (MESSAGES 2 UNSEEN 2 UIDNEXT 3)\r\ns OK STATUS completed\r\n",
                send(p, "s STATUS INBOX (MESSAGES UNSEEN UIDNEXT)\r\n"));
        assertEquals("c OK CLOSE completed\r\n", send(p, "c CLOSE\r\n"));
        assertEquals("f BAD Command unknown or not allowed without a selected mailbox\r\n", send(p, "f FETCH 1 FLAGS\r\n"));
        assertEquals("* BYE imap.test logging out\r\nz OK LOGOUT completed\r\n", send(p, "z LOGOUT\r\n"));
        assertTrue(transport.isDisconnecting());
    }

    @Test
    void examineIsReadOnly() {
        ImapServerProtocol p = connect(true);
        send(p, "a LOGIN alice secret\r\n");
        assertTrue(send(p, "b EXAMINE INBOX\r\n").endsWith("b OK [READ-ONLY] EXAMINE completed\r\n"));
        assertEquals("s NO Mailbox is read-only\r\n", send(p, "s STORE 1 +FLAGS (\\Seen)\r\n"));
        send(p, "f FETCH 1 BODY[]\r\n");
        // EXAMINE shows new mail as \Recent without claiming it (it stays in new/).
        assertEquals("* 1 FETCH (FLAGS (\\Recent))\r\ng OK FETCH completed\r\n", send(p, "g FETCH 1 FLAGS\r\n"));
    }

    @Test
    void badInputGetsBad() {
        ImapServerProtocol p = selected();
        assertEquals("NOOP BAD Missing command\r\n", send(p, "NOOP\r\n"));
        assertEquals("* BAD Missing or invalid tag\r\n", send(p, "(x NOOP\r\n"));
        assertEquals("a BAD Syntax error: unterminated quoted string\r\n", send(p, "a LOGIN \"x\r\n"));
        assertEquals("b BAD Invalid arguments: sequence numbers start at 1\r\n", send(p, "b FETCH 0 FLAGS\r\n"));
        assertEquals("c BAD Command too long\r\n", send(p, "c LOGIN {999999}\r\n"));
        assertEquals("d OK NOOP completed\r\n", send(p, "d NOOP\r\n"));
        assertEquals("e BAD Command too long\r\n", send(p, "e LOGIN {70000+}\r\n" + "x".repeat(70000) + "\r\n"));
        assertEquals("f OK NOOP completed\r\n", send(p, "f NOOP\r\n"));
    }

    @Test
    void sessionInEveryChunking() {
        String session = "a LOGIN alice {6}\r\nsecret\r\nb SELECT INBOX\r\nc FETCH 2 BODY.PEEK[]\r\nd LOGOUT\r\n";
        for (Chunkings.Chunking c : Chunkings.of(session)) {
            StringTransport t = new StringTransport();
            ImapServerProtocol p = connect(true, t);
            c.forEach(buf -> {
                p.dataReceived(buf);
                while (t.producer() != null) {
                    clock.advance(0);
                }
            });
            String out = t.valueAsString();
            assertTrue(out.contains("* 2 FETCH (BODY[] {" + MSG2.length() + "}\r\n" + MSG2 + ")\r\nc OK FETCH completed\r\n"), c.name() + out);
            assertTrue(out.endsWith("d OK LOGOUT completed\r\n"), c.name());
            assertFalse(out.contains("BAD"), c.name() + out);
        }
    }

    @Test
    void startTlsSwitchesAndThenAllowsLogin() {
        io.twisted.mail.TlsSwitchingTransport t = new io.twisted.mail.TlsSwitchingTransport();
        ImapServerProtocol p = new ImapServerProtocol(new ImapServerProtocol.Options("imap.test", portal,
                io.twisted.mail.TlsSwitchingTransport.OPTIONS, false, 1800, 2), clock);
        t.connect(p);
        assertTrue(t.valueAsString().contains("STARTTLS LOGINDISABLED"));
        t.clear();
        p.dataReceived(ascii("a STARTTLS\r\nb LOGIN alice secret\r\n"));
        assertEquals("a OK Begin TLS negotiation now\r\n", t.valueAsString());
        assertEquals("b LOGIN alice secret\r\n", new String(t.tls.unreadValue(), StandardCharsets.US_ASCII));
        p.dataReceived(ascii("c CAPABILITY\r\n"));
        assertEquals("* CAPABILITY IMAP4rev1 LITERAL+ IDLE UNSELECT NAMESPACE MOVE UIDPLUS CHILDREN ID AUTH=PLAIN SASL-IR\r\nc OK CAPABILITY completed\r\n", t.tls.takeString());
        p.dataReceived(ascii("d LOGIN alice secret\r\n"));
        assertTrue(t.tls.takeString().startsWith("d OK "));
    }

    @Test
    void twoSessionsNeverGiveOneUidToTwoMessages() throws Exception {
        ImapServerProtocol p = selected();
        StringTransport t2 = new StringTransport();
        ImapServerProtocol p2 = connect(true, t2);
        p2.dataReceived(ascii("a LOGIN alice secret\r\nb SELECT INBOX\r\n"));
        maildir.deliver("Subject: three\r\n\r\nx\r\n".getBytes(StandardCharsets.US_ASCII));
        send(p, "n NOOP\r\n");
        maildir.deliver("Subject: four\r\n\r\ny\r\n".getBytes(StandardCharsets.US_ASCII));
        t2.clear();
        p2.dataReceived(ascii("c NOOP\r\nd UID FETCH 3:* (UID BODY.PEEK[HEADER.FIELDS (SUBJECT)])\r\n"));
        while (t2.producer() != null) {
            clock.advance(0);
        }
        String out2 = t2.valueAsString();
        assertTrue(out2.contains("(UID 3 BODY[HEADER.FIELDS (SUBJECT)] {18}\r\nSubject: three\r\n\r\n)"), out2);
        assertTrue(out2.contains("(UID 4 BODY[HEADER.FIELDS (SUBJECT)] {17}\r\nSubject: four\r\n\r\n)"), out2);
        String out1 = send(p, "e NOOP\r\nf UID FETCH 4 (BODY.PEEK[HEADER.FIELDS (SUBJECT)])\r\n");
        assertTrue(out1.contains("(UID 4 BODY[HEADER.FIELDS (SUBJECT)] {17}\r\nSubject: four\r\n\r\n)"), out1);
    }

    @Test
    void idleClientIsLoggedOut() {
        connect(true);
        transport.clear();
        clock.advance(1799);
        assertFalse(transport.isDisconnecting());
        clock.advance(1);
        assertEquals("* BYE Autologout; idle for too long\r\n", transport.valueAsString());
        assertTrue(transport.isDisconnecting());
    }

    @Test
    void createListAndCopyKeepFlags() throws Exception {
        ImapServerProtocol p = selected();
        assertEquals("c OK CREATE completed\r\n", send(p, "c CREATE Trash\r\n"));
        assertEquals("d NO [ALREADYEXISTS] folder exists: Trash\r\n", send(p, "d CREATE Trash\r\n"));
        assertEquals("e NO [CANNOT] bad Maildir++ folder name: a/b\r\n", send(p, "e CREATE a/b\r\n"));
        assertEquals("* LIST (\\HasNoChildren) \".\" \"INBOX\"\r\n* LIST (\\HasNoChildren) \".\" \"Trash\"\r\nl OK LIST completed\r\n",
                send(p, "l LIST \"\" *\r\n"));
        send(p, "s STORE 2 +FLAGS.SILENT (\\Flagged)\r\n");
        assertEquals("f OK [COPYUID 1234 2 1] UID COPY completed\r\n", send(p, "f UID COPY 2 Trash\r\n"));
        assertEquals("g NO [TRYCREATE] No such mailbox\r\n", send(p, "g COPY 1 Nope\r\n"));
        String sel = send(p, "h SELECT Trash\r\n");
        assertTrue(sel.contains("* 1 EXISTS\r\n"), sel);
        assertEquals("* 1 FETCH (FLAGS (\\Flagged) BODY[] {" + MSG2.length() + "}\r\n" + MSG2 + ")\r\ni OK FETCH completed\r\n",
                send(p, "i FETCH 1 (FLAGS BODY.PEEK[])\r\n"));
        assertEquals(2, maildir.messages().size());
    }

    @Test
    void appendStreamsTheLiteralIntoTheFolder() throws Exception {
        ImapServerProtocol p = selected();
        String big = "Subject: big\r\n\r\n" + ("z".repeat(998) + "\r\n").repeat(200);
        assertEquals("+ Ready for literal data\r\n", send(p, "a APPEND INBOX (\\Seen \\Flagged) {" + big.length() + "}\r\n"));
        assertEquals("* 3 EXISTS\r\n* 3 RECENT\r\na OK [APPENDUID 1234 3] APPEND completed\r\n", send(p, big + "\r\n"));
        assertEquals("* 4 EXISTS\r\n* 4 RECENT\r\nb OK [APPENDUID 1234 4] APPEND completed\r\n", send(p, "b APPEND INBOX {4+}\r\nx\r\ny\r\n"));
        assertEquals("c NO [TRYCREATE] No such mailbox\r\n", send(p, "c APPEND Nope {5}\r\n"));
        assertEquals("d NO [TRYCREATE] No such mailbox\r\nn OK NOOP completed\r\n", send(p, "d APPEND Nope {4+}\r\nx\r\ny\r\nn NOOP\r\n"));
        assertEquals("e NO [TOOBIG] Message too large\r\n", send(p, "e APPEND INBOX {99999999}\r\n"));
        assertEquals("f BAD Unexpected data after the APPEND literal\r\n", send(p, "f APPEND INBOX {1+}\r\nq junk\r\n"));
        String noop = send(p, "g NOOP\r\n");
        assertEquals("g OK NOOP completed\r\n", noop);
        assertEquals("* 3 FETCH (FLAGS (\\Flagged \\Seen \\Recent) RFC822.SIZE " + big.length() + ")\r\nh OK FETCH completed\r\n",
                send(p, "h FETCH 3 (FLAGS RFC822.SIZE)\r\n"));
        assertEquals("* 4 FETCH (BODY[] {4}\r\nx\r\ny)\r\ni OK FETCH completed\r\n", send(p, "i FETCH 4 BODY.PEEK[]\r\n"));
        assertEquals(4, maildir.messages().size());
        try (var tmp = java.nio.file.Files.list(maildir.root().resolve("tmp"))) {
            assertEquals(0, tmp.count());
        }
    }

    @Test
    void appendInEveryChunking() throws Exception {
        String session = "a APPEND INBOX {6}\r\nab\r\n.c\r\nz NOOP\r\n";
        int n = 0;
        for (Chunkings.Chunking c : Chunkings.of(session)) {
            StringTransport t = new StringTransport();
            ImapServerProtocol p = connect(true, t);
            p.dataReceived(ascii("l LOGIN alice secret\r\n"));
            t.clear();
            c.feedTo(p);
            assertEquals("+ Ready for literal data\r\na OK [APPENDUID 1234 " + (3 + n) + "] APPEND completed\r\nz OK NOOP completed\r\n", t.valueAsString(), c.name());
            n++;
        }
        assertEquals(2 + n, maildir.messages().size());
    }

    @Test
    void namespaceAndMove() throws Exception {
        ImapServerProtocol p = selected();
        assertEquals("* NAMESPACE ((\"\" \".\")) NIL NIL\r\nn OK NAMESPACE completed\r\n", send(p, "n NAMESPACE\r\n"));
        send(p, "c CREATE Archive\r\n");
        assertEquals("* OK [COPYUID 1234 1 1] Moved UIDs\r\n* 1 EXPUNGE\r\nm OK UID MOVE completed\r\n", send(p, "m UID MOVE 1 Archive\r\n"));
        assertEquals("* 1 FETCH (UID 2)\r\nf OK FETCH completed\r\n", send(p, "f FETCH 1:* UID\r\n"));
        assertEquals("* STATUS \"Archive\" (MESSAGES 1)\r\ns OK STATUS completed\r\n", send(p, "s STATUS Archive (MESSAGES)\r\n"));
        assertEquals("x NO [TRYCREATE] No such mailbox\r\n", send(p, "x MOVE 1 Nope\r\n"));
    }
}
