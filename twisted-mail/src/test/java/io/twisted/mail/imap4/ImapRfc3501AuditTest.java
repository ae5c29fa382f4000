package io.twisted.mail.imap4;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Command by command against RFC 3501 sections 6 and 7 and the formal syntax of section 9. */
class ImapRfc3501AuditTest {

    @TempDir
    Path dir;

    private ImapTestServer server;

    @BeforeEach
    void setUp() throws Exception {
        server = new ImapTestServer(dir, 2);
        server.deliver("one");
        server.deliver("two");
        server.deliver("three");
    }

    @Test
    void commandsInTheWrongStateOrUnknownGetBad() {
        ImapTestServer.Session s = server.connect();
        for (String cmd : new String[] {"SELECT INBOX", "LIST \"\" *", "FETCH 1 FLAGS", "APPEND INBOX {1+}\r\nx", "IDLE"}) {
            String out = s.send("x " + cmd + "\r\n");
            assertTrue(out.startsWith("x BAD "), cmd + ": " + out);
        }
        assertTrue(s.send("y FROBNICATE\r\n").startsWith("y BAD "));
        s.send("a LOGIN alice secret\r\n");
        for (String cmd : new String[] {"FETCH 1 FLAGS", "STORE 1 +FLAGS (\\Seen)", "SEARCH ALL", "EXPUNGE", "CLOSE", "COPY 1 INBOX",
                "UID FETCH 1 FLAGS", "MOVE 1 INBOX", "LOGIN alice secret", "AUTHENTICATE PLAIN", "FROBNICATE"}) {
            String out = s.send("x " + cmd + "\r\n");
            assertTrue(out.startsWith("x BAD "), cmd + ": " + out);
        }
        assertEquals("* BYE imap.test logging out\r\nz OK LOGOUT completed\r\n", s.send("z LOGOUT\r\n"));
    }

    @Test
    void authenticatePlainCancelAndFailures() {
        ImapTestServer.Session s = server.connect();
        assertEquals("+ \r\n", s.send("a AUTHENTICATE PLAIN\r\n"));
        assertEquals("a BAD Authentication cancelled\r\n", s.send("*\r\n"));
        s.send("b AUTHENTICATE PLAIN\r\n");
        assertEquals("b BAD Cannot decode response\r\n", s.send("!!!\r\n"));
        s.send("c AUTHENTICATE PLAIN\r\n");
        String wrong = Base64.getEncoder().encodeToString("\0alice\0nope".getBytes(StandardCharsets.UTF_8));
        assertEquals("c NO [AUTHENTICATIONFAILED] Authentication failed\r\n", s.send(wrong + "\r\n"));
        assertEquals("d NO Unsupported authentication mechanism\r\n", s.send("d AUTHENTICATE CRAM-MD5\r\n"));
        String right = Base64.getEncoder().encodeToString("alice\0alice\0secret".getBytes(StandardCharsets.UTF_8));
        s.send("e AUTHENTICATE PLAIN\r\n");
        assertTrue(s.send(right + "\r\n").startsWith("e OK [CAPABILITY "));
    }

    @Test
    void selectAndExamineResponseCodes() {
        ImapTestServer.Session s = server.login();
        s.send("b SELECT INBOX\r\nc STORE 1 +FLAGS.SILENT (\\Seen)\r\n");
        String sel = s.send("d SELECT INBOX\r\n");
        assertEquals("* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)\r\n"
                + "* OK [PERMANENTFLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft \\*)] Flags permitted\r\n"
                + "* 3 EXISTS\r\n* 0 RECENT\r\n* OK [UNSEEN 2] First unseen\r\n* OK [UIDVALIDITY 1234] UIDs valid\r\n"
                + "* OK [UIDNEXT 4] Predicted next UID\r\nd OK [READ-WRITE] SELECT completed\r\n", sel);
        String ex = s.send("e EXAMINE INBOX\r\n");
        assertTrue(ex.contains("* OK [PERMANENTFLAGS ()] Flags permitted\r\n"), ex);
        assertTrue(ex.endsWith("e OK [READ-ONLY] EXAMINE completed\r\n"), ex);
        assertEquals("f NO Mailbox is read-only\r\n", s.send("f EXPUNGE\r\n"));
        // A failed SELECT leaves no mailbox selected (RFC 3501 section 6.3.1).
        assertEquals("g NO [NONEXISTENT] No such mailbox\r\n", s.send("g SELECT Nope\r\n"));
        assertTrue(s.send("h FETCH 1 FLAGS\r\n").startsWith("h BAD "));
    }

    @Test
    void closeExpungesSilentlyOnlyWhenReadWrite() throws Exception {
        ImapTestServer.Session s = server.select("INBOX");
        s.send("c STORE 1 +FLAGS.SILENT (\\Deleted)\r\n");
        s.send("d EXAMINE INBOX\r\n");
        assertEquals("e OK CLOSE completed\r\n", s.send("e CLOSE\r\n"));
        assertEquals(3, server.maildir.messages().size());
        s.send("f SELECT INBOX\r\n");
        assertEquals("g OK CLOSE completed\r\n", s.send("g CLOSE\r\n"));
        assertEquals(2, server.maildir.messages().size());
    }

    @Test
    void statusAnswersEveryItem() {
        ImapTestServer.Session s = server.login();
        assertEquals("* STATUS \"INBOX\" (MESSAGES 3 RECENT 3 UIDNEXT 4 UIDVALIDITY 1234 UNSEEN 3)\r\nc OK STATUS completed\r\n",
                s.send("c STATUS INBOX (MESSAGES RECENT UIDNEXT UIDVALIDITY UNSEEN)\r\n"));
        assertTrue(s.send("d STATUS INBOX (SIZE)\r\n").startsWith("d BAD "));
        assertEquals("e NO [NONEXISTENT] No such mailbox\r\n", s.send("e STATUS Nope (MESSAGES)\r\n"));
    }

    @Test
    void appendTakesFlagsAndADateTime() {
        server.select("INBOX"); // gives the three messages their UIDs first
        ImapTestServer.Session s = server.login();
        assertTrue(s.send("c APPEND INBOX (\\Seen) \"17-Jul-1996 02:44:25 -0700\" {3+}\r\nabc\r\n").startsWith("c OK [APPENDUID 1234 4]"));
        assertTrue(s.send("d APPEND INBOX \" 7-Jul-1996 02:44:25 +0000\" {3}\r\n").startsWith("+ "));
        assertTrue(s.send("abc\r\n").startsWith("d OK [APPENDUID 1234 5]"));
        s.send("s SELECT INBOX\r\n");
        assertEquals("* 4 FETCH (INTERNALDATE \"17-Jul-1996 09:44:25 +0000\")\r\n* 5 FETCH (INTERNALDATE \"07-Jul-1996 02:44:25 +0000\")\r\n"
                + "t OK FETCH completed\r\n", s.send("t FETCH 4:5 INTERNALDATE\r\n"));
        assertEquals("e BAD Invalid arguments: bad date-time: yesterday\r\n", s.send("e APPEND INBOX \"yesterday\" {3}\r\n"));
        assertEquals("f BAD Invalid arguments: unknown system flag \\Bogus\r\n", s.send("f APPEND INBOX (\\Bogus) {3}\r\n"));
        assertEquals("g NO [TRYCREATE] No such mailbox\r\n", s.send("g APPEND Nope {3}\r\n"));
    }

    @Test
    void searchCharsets() {
        ImapTestServer.Session s = server.select("INBOX");
        assertEquals("* SEARCH 2\r\nc OK SEARCH completed\r\n", s.send("c SEARCH CHARSET UTF-8 SUBJECT two\r\n"));
        assertEquals("* SEARCH 2\r\nd OK SEARCH completed\r\n", s.send("d SEARCH CHARSET us-ascii SUBJECT two\r\n"));
        assertEquals("e NO [BADCHARSET (US-ASCII UTF-8)] Unsupported charset\r\n", s.send("e SEARCH CHARSET KOI8-R SUBJECT two\r\n"));
    }

    @Test
    void searchresIsNotAdvertisedSoDollarIsBad() {
        ImapTestServer.Session s = server.select("INBOX");
        assertFalse(s.send("c CAPABILITY\r\n").contains("SEARCHRES"));
        assertTrue(s.send("d FETCH $ FLAGS\r\n").startsWith("d BAD "));
    }

    @Test
    void sequenceNumbersBeyondTheMailboxAreBadUidsAreNot() {
        ImapTestServer.Session s = server.select("INBOX");
        assertEquals("e BAD Invalid arguments: no such message (the mailbox has 3)\r\n", s.send("e FETCH 4 FLAGS\r\n"));
        assertTrue(s.send("f STORE 2:9 +FLAGS (\\Seen)\r\n").startsWith("f BAD "));
        assertEquals("g OK UID FETCH completed\r\n", s.send("g UID FETCH 9 FLAGS\r\n"));
        assertEquals("* 2 FETCH (UID 2)\r\n* 3 FETCH (UID 3)\r\nh OK FETCH completed\r\n", s.send("h FETCH 3:2 UID\r\n"));
        assertEquals("* 3 FETCH (UID 3)\r\ni OK FETCH completed\r\n", s.send("i FETCH * UID\r\n"));
        ImapTestServer.Session empty = server.login();
        empty.send("c CREATE Empty\r\nd SELECT Empty\r\n");
        assertTrue(empty.send("e FETCH * FLAGS\r\n").startsWith("e BAD "));
        assertEquals("f OK UID FETCH completed\r\n", empty.send("f UID FETCH 1:* FLAGS\r\n"));
    }

    @Test
    void noExpungeDuringFetchStoreOrSearchAndSequenceNumbersHold() {
        ImapTestServer.Session a = server.select("INBOX");
        ImapTestServer.Session b = server.select("INBOX");
        b.send("c STORE 1 +FLAGS.SILENT (\\Deleted)\r\nd EXPUNGE\r\n");
        // RFC 3501 section 7.4.1: no EXPUNGE during FETCH, STORE or SEARCH (UID forms included here).
        String fetch = a.send("e FETCH 2 (UID BODY.PEEK[HEADER.FIELDS (SUBJECT)])\r\n");
        assertEquals("* 2 FETCH (UID 2 BODY[HEADER.FIELDS (SUBJECT)] {16}\r\nSubject: two\r\n\r\n)\r\ne OK FETCH completed\r\n", fetch);
        assertEquals("* 3 FETCH (FLAGS (\\Flagged \\Recent))\r\nf OK STORE completed\r\n", a.send("f STORE 3 +FLAGS (\\Flagged)\r\n"));
        assertEquals("* SEARCH 1 2 3\r\ng OK SEARCH completed\r\n", a.send("g SEARCH ALL\r\n"));
        assertEquals("* SEARCH 1 2 3\r\nh OK SEARCH completed\r\n", a.send("h UID SEARCH ALL\r\n"));
        assertFalse(a.send("i UID FETCH 1:* FLAGS\r\n").contains("EXPUNGE"));
        assertEquals("* 1 EXPUNGE\r\nn OK NOOP completed\r\n", a.send("n NOOP\r\n"));
        assertEquals("* 1 FETCH (UID 2)\r\no OK FETCH completed\r\n", a.send("o FETCH 1 UID\r\n"));
        // The other session heard of the flag at its next NOOP, with its own numbers.
        assertEquals("* 2 FETCH (FLAGS (\\Flagged))\r\np OK NOOP completed\r\n", b.send("p NOOP\r\n"));
    }

    @Test
    void storeSilentStillTellsOtherSessions() {
        ImapTestServer.Session a = server.select("INBOX");
        ImapTestServer.Session b = server.select("INBOX");
        assertEquals("c OK STORE completed\r\n", a.send("c STORE 1:2 +FLAGS.SILENT (\\Answered)\r\n"));
        assertEquals("* 1 FETCH (FLAGS (\\Answered))\r\n* 2 FETCH (FLAGS (\\Answered))\r\nn OK NOOP completed\r\n", b.send("n NOOP\r\n"));
        assertEquals("* 1 FETCH (UID 1 FLAGS (\\Recent))\r\nd OK STORE completed\r\n", a.send("d UID STORE 1 FLAGS ()\r\n"));
        // b's silent STORE still tells b of what a changed meanwhile (RFC 3501 section 6.4.6).
        assertEquals("* 1 FETCH (FLAGS (\\Flagged))\r\ne OK STORE completed\r\n", b.send("e STORE 1:2 +FLAGS.SILENT (\\Flagged)\r\n"));
    }

    @Test
    void fetchBodySetsSeenPeekDoesNotAndPartialsAnswerTheirOrigin() {
        ImapTestServer.Session s = server.select("INBOX");
        assertEquals("* 1 FETCH (BODY[]<0> {7}\r\nSubject)\r\nc OK FETCH completed\r\n", s.send("c FETCH 1 BODY.PEEK[]<0.7>\r\n"));
        assertEquals("* 1 FETCH (BODY[TEXT]<5> {3}\r\nof )\r\nd OK FETCH completed\r\n", s.send("d FETCH 1 BODY.PEEK[TEXT]<5.3>\r\n"));
        assertEquals("* 1 FETCH (BODY[]<999> {0}\r\n)\r\ne OK FETCH completed\r\n", s.send("e FETCH 1 BODY.PEEK[]<999.5>\r\n"));
        assertEquals("* 1 FETCH (BODY[HEADER.FIELDS.NOT (SUBJECT)] {2}\r\n\r\n)\r\nf OK FETCH completed\r\n",
                s.send("f FETCH 1 BODY.PEEK[HEADER.FIELDS.NOT (SUBJECT)]\r\n"));
        assertEquals("* 1 FETCH (FLAGS (\\Recent))\r\ng OK FETCH completed\r\n", s.send("g FETCH 1 FLAGS\r\n"));
        assertEquals("* 1 FETCH (BODY[1] {13}\r\nbody of one\r\n FLAGS (\\Seen \\Recent))\r\nh OK FETCH completed\r\n",
                s.send("h FETCH 1 BODY[1]\r\n"));
        assertEquals("* 2 FETCH (RFC822.TEXT {13}\r\nbody of two\r\n FLAGS (\\Seen \\Recent))\r\ni OK FETCH completed\r\n",
                s.send("i FETCH 2 RFC822.TEXT\r\n"));
        String fast = s.send("j FETCH 3 FAST\r\n");
        assertTrue(fast.matches("\\* 3 FETCH \\(FLAGS \\(\\\\Recent\\) INTERNALDATE \"[^\"]+\" RFC822.SIZE 33\\)\r\nj OK FETCH completed\r\n"), fast);
        assertTrue(s.send("k FETCH 1 (ALL)\r\n").startsWith("k BAD "));
    }

    @Test
    void idleWorksWithoutASelectedMailbox() {
        ImapTestServer.Session s = server.login();
        assertEquals("+ idling\r\n", s.send("c IDLE\r\n"));
        assertEquals("c OK IDLE terminated\r\n", s.send("DONE\r\n"));
    }

    @Test
    void copyOfAMessageExpungedElsewhereIsRefused() {
        ImapTestServer.Session a = server.select("INBOX");
        ImapTestServer.Session b = server.select("INBOX");
        a.send("c CREATE Archive\r\n");
        b.send("c STORE 2 +FLAGS.SILENT (\\Deleted)\r\nd EXPUNGE\r\n");
        assertEquals("d NO [EXPUNGEISSUED] [COPYUID 1234 1 1] Some of the messages no longer exist\r\n", a.send("d COPY 1:2 Archive\r\n"));
        assertTrue(a.send("e MOVE 2 Archive\r\n").startsWith("e NO [EXPUNGEISSUED] "));
        assertEquals("* 2 EXPUNGE\r\nf OK NOOP completed\r\n", a.send("f NOOP\r\n"));
    }

    @Test
    void renameMakesMissingSuperiorsAndRenamingInboxEmptiesIt() throws Exception {
        ImapTestServer.Session s = server.login();
        s.send("c CREATE Work\r\n");
        assertEquals("d OK RENAME completed\r\n", s.send("d RENAME Work Old.Work\r\n"));
        assertEquals("* LIST (\\HasChildren) \".\" \"Old\"\r\n* LIST (\\HasNoChildren) \".\" \"Old.Work\"\r\nl OK LIST completed\r\n",
                s.send("l LIST \"\" Old*\r\n"));
        assertEquals("e OK RENAME completed\r\n", s.send("e RENAME INBOX Saved\r\n"));
        assertEquals("* STATUS \"INBOX\" (MESSAGES 0)\r\nf OK STATUS completed\r\n", s.send("f STATUS INBOX (MESSAGES)\r\n"));
        assertEquals("* STATUS \"Saved\" (MESSAGES 3)\r\ng OK STATUS completed\r\n", s.send("g STATUS Saved (MESSAGES)\r\n"));
    }

    @Test
    void uidOnlyPrefixesItsCommandsAndCheckNeedsASelectedMailbox() {
        ImapTestServer.Session s = server.login();
        assertEquals("c BAD CHECK needs a selected mailbox\r\n", s.send("c CHECK\r\n"));
        assertEquals("d BAD UID SELECT is not a command\r\n", s.send("d UID SELECT INBOX\r\n"));
        s.send("e SELECT INBOX\r\n");
        assertEquals("f BAD UID NOOP is not a command\r\n", s.send("f UID NOOP\r\n"));
        assertEquals("g OK CHECK completed\r\n", s.send("g CHECK\r\n"));
    }

    @Test
    void expungeAndCloseGoByTheFlagsAsTheyAreNow() throws Exception {
        ImapTestServer.Session a = server.select("INBOX");
        ImapTestServer.Session b = server.select("INBOX");
        a.send("c STORE 1:2 +FLAGS.SILENT (\\Deleted)\r\n");
        b.send("n NOOP\r\nd STORE 1 -FLAGS.SILENT (\\Deleted)\r\n");
        // a thought 1 and 2 were \Deleted; b undeleted 1 meanwhile.
        assertEquals("* 1 FETCH (FLAGS (\\Recent))\r\n* 2 EXPUNGE\r\ne OK EXPUNGE completed\r\n", a.send("e EXPUNGE\r\n"));
        assertEquals(2, server.maildir.messages().size());
        b.send("f NOOP\r\ng STORE 1 +FLAGS.SILENT (\\Deleted)\r\n");
        a.send("h STORE 2 +FLAGS.SILENT (\\Deleted)\r\ni STORE 1 -FLAGS.SILENT (\\Deleted)\r\n");
        // Now only message 2 (of a's numbering) is \Deleted: CLOSE removes it, silently.
        assertEquals("j OK CLOSE completed\r\n", a.send("j CLOSE\r\n"));
        assertEquals(1, server.maildir.messages().size());
    }

    @Test
    void saslIrIsAdvertisedAndAccepted() {
        ImapTestServer.Session s = server.connect();
        assertTrue(s.send("c CAPABILITY\r\n").contains(" AUTH=PLAIN SASL-IR\r\n"));
        String right = Base64.getEncoder().encodeToString("\0alice\0secret".getBytes(StandardCharsets.UTF_8));
        // "=" is an empty initial response: PLAIN then asks for the credentials.
        assertEquals("+ \r\n", s.send("d AUTHENTICATE PLAIN =\r\n"));
        assertEquals("d BAD Authentication cancelled\r\n", s.send("*\r\n"));
        assertEquals("e BAD Syntax: AUTHENTICATE mechanism [initial-response]\r\n", s.send("e AUTHENTICATE PLAIN a b\r\n"));
        assertTrue(s.send("f AUTHENTICATE PLAIN " + right + "\r\n").startsWith("f OK [CAPABILITY IMAP4rev1 "));
        assertFalse(s.send("g CAPABILITY\r\n").contains("SASL-IR"), "not after login");
    }
}
