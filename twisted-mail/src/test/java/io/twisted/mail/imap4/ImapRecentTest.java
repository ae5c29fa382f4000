package io.twisted.mail.imap4;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** \Recent (RFC 3501 section 2.3.2) the Maildir way: new/ holds what no session has claimed. */
class ImapRecentTest {

    @TempDir
    Path dir;

    private ImapTestServer server;

    @BeforeEach
    void setUp() throws Exception {
        server = new ImapTestServer(dir, 2);
        server.deliver("one");
        server.deliver("two");
    }

    private long count(String sub) throws Exception {
        try (Stream<Path> s = Files.list(server.maildir.root().resolve(sub))) {
            return s.count();
        }
    }

    @Test
    void selectClaimsNewMailForThatSessionOnly() throws Exception {
        ImapTestServer.Session first = server.login();
        String sel = first.send("b SELECT INBOX\r\n");
        assertTrue(sel.contains("* 2 EXISTS\r\n* 2 RECENT\r\n"), sel);
        assertEquals(0, count("new"));
        assertEquals(2, count("cur"));
        assertEquals("* 1 FETCH (FLAGS (\\Recent))\r\n* 2 FETCH (FLAGS (\\Recent))\r\nc OK FETCH completed\r\n",
                first.send("c FETCH 1:* FLAGS\r\n"));
        assertEquals("* SEARCH 1 2\r\nd OK SEARCH completed\r\n", first.send("d SEARCH RECENT\r\n"));

        ImapTestServer.Session second = server.login();
        sel = second.send("b SELECT INBOX\r\n");
        assertTrue(sel.contains("* 2 EXISTS\r\n* 0 RECENT\r\n"), sel);
        assertEquals("* 1 FETCH (FLAGS ())\r\n* 2 FETCH (FLAGS ())\r\nc OK FETCH completed\r\n", second.send("c FETCH 1:* FLAGS\r\n"));
        assertEquals("* SEARCH\r\nd OK SEARCH completed\r\n", second.send("d SEARCH RECENT\r\n"));
        assertEquals("* SEARCH 1 2\r\ne OK SEARCH completed\r\n", second.send("e SEARCH OLD\r\n"));

        // Reselecting does not make them recent again: they were claimed.
        assertTrue(first.send("f SELECT INBOX\r\n").contains("* 0 RECENT\r\n"));
    }

    @Test
    void examineShowsRecentWithoutClaiming() throws Exception {
        ImapTestServer.Session reader = server.login();
        String ex = reader.send("b EXAMINE INBOX\r\n");
        assertTrue(ex.contains("* 2 RECENT\r\n"), ex);
        assertEquals(2, count("new"));
        assertEquals("* SEARCH 1 2\r\nc OK SEARCH completed\r\n", reader.send("c SEARCH NEW\r\n"));

        ImapTestServer.Session writer = server.login();
        assertTrue(writer.send("b SELECT INBOX\r\n").contains("* 2 RECENT\r\n"));
        assertEquals(0, count("new"));
    }

    @Test
    void statusRecentCountsWhatNoSessionClaimed() throws Exception {
        ImapTestServer.Session s = server.login();
        assertEquals("* STATUS \"INBOX\" (RECENT 2 MESSAGES 2)\r\nc OK STATUS completed\r\n", s.send("c STATUS INBOX (RECENT MESSAGES)\r\n"));
        server.select("INBOX");
        assertEquals("* STATUS \"INBOX\" (RECENT 0)\r\nd OK STATUS completed\r\n", s.send("d STATUS INBOX (RECENT)\r\n"));
        server.deliver("three");
        assertEquals("* STATUS \"INBOX\" (RECENT 1)\r\ne OK STATUS completed\r\n", s.send("e STATUS INBOX (RECENT)\r\n"));
    }

    @Test
    void mailArrivingWhileSelectedIsRecentWithItsExists() throws Exception {
        ImapTestServer.Session s = server.select("INBOX");
        s.send("c STORE 1 +FLAGS.SILENT (\\Seen)\r\n");
        server.deliver("three");
        assertEquals("* 3 EXISTS\r\n* 3 RECENT\r\nn OK NOOP completed\r\n", s.send("n NOOP\r\n"));
        assertEquals("* SEARCH 2 3\r\nd OK SEARCH completed\r\n", s.send("d SEARCH NEW\r\n"));
        assertEquals("* SEARCH 3\r\ne OK SEARCH completed\r\n", s.send("e SEARCH RECENT UID 3\r\n"));
    }

    @Test
    void storeNeverSetsOrClearsRecent() {
        ImapTestServer.Session s = server.select("INBOX");
        assertEquals("* 1 FETCH (FLAGS (\\Recent))\r\nc OK STORE completed\r\n", s.send("c STORE 1 -FLAGS (\\Recent)\r\n"));
        assertEquals("* 1 FETCH (FLAGS (\\Seen \\Recent))\r\nd OK STORE completed\r\n", s.send("d STORE 1 FLAGS (\\Seen)\r\n"));
        ImapTestServer.Session other = server.select("INBOX");
        assertEquals("* 2 FETCH (FLAGS ())\r\nc OK STORE completed\r\n", other.send("c STORE 2 +FLAGS (\\Recent)\r\n"));
    }

    @Test
    void expungedRecentMessagesLeaveTheRecentCount() throws Exception {
        ImapTestServer.Session s = server.select("INBOX");
        s.send("c STORE 1 +FLAGS.SILENT (\\Deleted)\r\nd EXPUNGE\r\n");
        server.deliver("three");
        assertEquals("* 2 EXISTS\r\n* 2 RECENT\r\nn OK NOOP completed\r\n", s.send("n NOOP\r\n"));
    }
}
