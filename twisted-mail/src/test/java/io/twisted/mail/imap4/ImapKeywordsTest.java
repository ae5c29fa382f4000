package io.twisted.mail.imap4;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twisted.mail.maildir.MaildirKeywords;
import io.twisted.mail.maildir.MaildirMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Keywords (RFC 3501 section 2.3.2) kept in the Maildir as Dovecot keeps them. */
class ImapKeywordsTest {

    private static final String SYSTEM = "\\Answered \\Flagged \\Deleted \\Seen \\Draft";

    @TempDir
    Path dir;

    private ImapTestServer server;

    @BeforeEach
    void setUp() throws Exception {
        server = new ImapTestServer(dir, 2);
        server.deliver("one");
        server.deliver("two");
    }

    @Test
    void selectAdvertisesThatKeywordsCanBeMade() {
        String sel = server.login().send("b SELECT INBOX\r\n");
        assertTrue(sel.startsWith("* FLAGS (" + SYSTEM + ")\r\n* OK [PERMANENTFLAGS (" + SYSTEM + " \\*)] Flags permitted\r\n"), sel);
    }

    @Test
    void storedKeywordsPersistInDovecotsScheme() throws Exception {
        ImapTestServer.Session s = server.select("INBOX");
        s.send("c STORE 2 +FLAGS.SILENT (\\Seen)\r\n");
        assertEquals("* FLAGS (" + SYSTEM + " Junk $Forwarded)\r\n"
                        + "* OK [PERMANENTFLAGS (" + SYSTEM + " Junk $Forwarded \\*)] Flags permitted\r\n"
                        + "* 2 FETCH (FLAGS ($Forwarded Junk \\Seen \\Recent))\r\nd OK STORE completed\r\n",
                s.send("d STORE 2 +FLAGS (Junk $Forwarded)\r\n"));
        assertEquals(List.of("0 Junk", "1 $Forwarded"),
                Files.readAllLines(server.maildir.root().resolve(MaildirKeywords.FILE_NAME), StandardCharsets.UTF_8));
        MaildirMessage m = server.maildir.messages().get(1);
        assertTrue(m.path().getFileName().toString().endsWith(":2,Sab"), m.path().toString());

        ImapTestServer.Session other = server.login();
        String sel = other.send("b SELECT INBOX\r\n");
        assertTrue(sel.startsWith("* FLAGS (" + SYSTEM + " Junk $Forwarded)\r\n"), sel);
        assertEquals("* 2 FETCH (FLAGS ($Forwarded Junk \\Seen))\r\nc OK FETCH completed\r\n", other.send("c FETCH 2 FLAGS\r\n"));
        assertEquals("* SEARCH 2\r\nd OK SEARCH completed\r\n", other.send("d SEARCH KEYWORD junk\r\n"));
        assertEquals("* SEARCH 1\r\ne OK SEARCH completed\r\n", other.send("e SEARCH UNKEYWORD $Forwarded\r\n"));

        // Removal is case-insensitive; the keyword stays defined.
        assertEquals("* 2 FETCH (FLAGS ($Forwarded \\Seen))\r\nf OK STORE completed\r\n", other.send("f STORE 2 -FLAGS (JUNK)\r\n"));
        assertTrue(server.maildir.messages().get(1).path().getFileName().toString().endsWith(":2,Sb"));
        // The first session hears of the change at its next NOOP.
        assertEquals("* 2 FETCH (FLAGS ($Forwarded \\Seen \\Recent))\r\nn OK NOOP completed\r\n", s.send("n NOOP\r\n"));
    }

    @Test
    void aKeywordDefinedElsewhereIsAnnouncedToTheSession() throws Exception {
        ImapTestServer.Session s = server.select("INBOX");
        server.select("INBOX").send("c STORE 1 +FLAGS.SILENT (Work)\r\n");
        assertEquals("* FLAGS (" + SYSTEM + " Work)\r\n* OK [PERMANENTFLAGS (" + SYSTEM + " Work \\*)] Flags permitted\r\n"
                + "* 1 FETCH (FLAGS (Work \\Recent))\r\nn OK NOOP completed\r\n", s.send("n NOOP\r\n"));
    }

    @Test
    void atMost26KeywordsAndThenNo() throws Exception {
        ImapTestServer.Session s = server.select("INBOX");
        StringBuilder kws = new StringBuilder();
        for (int i = 0; i < 25; i++) {
            kws.append(i == 0 ? "" : " ").append("k").append(i);
        }
        assertTrue(s.send("c STORE 1 +FLAGS.SILENT (" + kws + ")\r\n").endsWith("c OK STORE completed\r\n"));
        assertEquals("d NO [LIMIT] Too many keywords in this mailbox (at most 26)\r\n", s.send("d STORE 2 +FLAGS (x1 x2)\r\n"));
        String last = s.send("e STORE 2 +FLAGS.SILENT (x1)\r\n");
        // The 26th fills the table: PERMANENTFLAGS no longer offers \*.
        assertTrue(last.contains("x1)] Flags permitted\r\n"), last);
        assertFalse(last.contains("\\*)]"), last);
        assertEquals("f NO [LIMIT] Too many keywords in this mailbox (at most 26)\r\n", s.send("f STORE 2 +FLAGS (x2)\r\n"));
        // Known keywords still work, and so do system flags.
        assertTrue(s.send("g STORE 2 +FLAGS (k3 \\Flagged)\r\n").contains("FLAGS (\\Flagged k3 x1 \\Recent)"));
        assertEquals("h NO [LIMIT] Too many keywords in this mailbox\r\n", s.send("h APPEND INBOX (new1) {1+}\r\nx\r\n"));
        assertEquals(26, MaildirKeywords.load(server.maildir).keywords().size());
    }

    @Test
    void appendAndCopyCarryKeywords() throws Exception {
        ImapTestServer.Session s = server.select("INBOX");
        s.send("c CREATE Archive\r\n");
        assertTrue(s.send("d APPEND Archive (Later \\Seen) {3+}\r\nabc\r\n").startsWith("d OK [APPENDUID "));
        s.send("e STORE 1 +FLAGS.SILENT (Invoice)\r\n");
        assertTrue(s.send("f COPY 1 Archive\r\n").startsWith("f OK [COPYUID "));
        ImapTestServer.Session a = server.select("Archive");
        assertEquals("* 1 FETCH (FLAGS (Later \\Seen))\r\n* 2 FETCH (FLAGS (Invoice))\r\ng OK FETCH completed\r\n",
                a.send("g FETCH 1:2 FLAGS\r\n"));
        // Archive has its own table: Later is a, Invoice is b there (in INBOX Invoice is a).
        assertEquals(List.of("Later", "Invoice"), MaildirKeywords.load(server.maildir.folder("Archive")).keywords());
    }

    @Test
    void badFlagsGetBad() {
        ImapTestServer.Session s = server.select("INBOX");
        assertEquals("c BAD Invalid arguments: unknown system flag \\Bogus\r\n", s.send("c STORE 1 +FLAGS (\\Bogus)\r\n"));
        assertEquals("d BAD Invalid arguments: a keyword is an atom: a b\r\n", s.send("d STORE 1 +FLAGS (\"a b\")\r\n"));
        assertEquals("e BAD Invalid arguments: STORE wants FLAGS, +FLAGS or -FLAGS\r\n", s.send("e STORE 1 FLAGZ (x)\r\n"));
    }

    @Test
    void keywordsRecentAndIdleInEveryChunking() throws Exception {
        String session = "a LOGIN alice {6+}\r\nsecret\r\nb SELECT INBOX\r\nc STORE 1 +FLAGS ($Label1 Junk)\r\n"
                + "d IDLE\r\nDONE\r\ne SEARCH KEYWORD junk RECENT\r\nf LOGOUT\r\n";
        int n = 0;
        for (io.twisted.testing.Chunkings.Chunking c : io.twisted.testing.Chunkings.of(session)) {
            ImapTestServer fresh = new ImapTestServer(dir.resolve("chunking" + n++), 2);
            fresh.deliver("one");
            ImapTestServer.Session s = fresh.connect();
            StringBuilder out = new StringBuilder();
            c.forEach(buf -> {
                s.protocol.dataReceived(buf);
                out.append(s.take());
            });
            String all = out.toString();
            assertTrue(all.contains("* 1 EXISTS\r\n* 1 RECENT\r\n"), c.name() + all);
            assertTrue(all.contains("* 1 FETCH (FLAGS ($Label1 Junk \\Recent))\r\nc OK STORE completed\r\n"), c.name() + all);
            assertTrue(all.contains("+ idling\r\nd OK IDLE terminated\r\n* SEARCH 1\r\ne OK SEARCH completed\r\n"), c.name() + all);
            assertTrue(all.endsWith("f OK LOGOUT completed\r\n"), c.name() + all);
            assertFalse(all.contains("BAD"), c.name() + all);
        }
    }

    @Test
    void keywordsThatAreNotAtomsInTheFileAreNotShown() throws Exception {
        Files.write(server.maildir.root().resolve(MaildirKeywords.FILE_NAME), List.of("0 Bad(name", "1 Good"), StandardCharsets.UTF_8);
        MaildirMessage m = server.maildir.messages().get(0);
        server.maildir.setFlags(m, java.util.EnumSet.noneOf(io.twisted.mail.maildir.MaildirFlag.class), "ab");
        ImapTestServer.Session s = server.login();
        assertTrue(s.send("b SELECT INBOX\r\n").startsWith("* FLAGS (" + SYSTEM + " Good)\r\n"));
        assertEquals("* 1 FETCH (FLAGS (Good))\r\nc OK FETCH completed\r\n", s.send("c FETCH 1 FLAGS\r\n"));
    }
}
