package io.twisted.mail.imap4;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Corners found by running the same sessions against Dovecot and this server. */
class ImapDifferentialFixesTest {

    @TempDir
    Path dir;

    @Test
    void aTagAloneGetsATaggedBad() throws Exception {
        ImapTestServer server = new ImapTestServer(dir, 2);
        ImapTestServer.Session s = server.connect();
        assertTrue(s.send("lonely\r\n").startsWith("lonely BAD"), "RFC 3501 7.1.3");
        assertTrue(s.send("\r\n").startsWith("* BAD"));
    }

    @Test
    void grammarViolationsAreBad() throws Exception {
        ImapTestServer server = new ImapTestServer(dir, 2);
        server.deliver("one");
        ImapTestServer.Session s = server.select("INBOX");
        assertTrue(s.send("c SEARCH KEYWORD \\Seen\r\n").startsWith("c BAD"), "a system flag is not a keyword");
        assertTrue(s.send("d SEARCH KEYWORD $Junk\r\n").contains("d OK"));
        assertTrue(s.send("e FETCH 1 BODY.PEEK[HEADER.FIELDS ()]\r\n").startsWith("e BAD"), "header-list needs a name");
        assertTrue(s.send("f FETCH 1 BODY.PEEK[HEADER.FIELDS (Subject)]\r\n").contains("Subject: one"));
    }

    @Test
    void copyAndMoveKeepTheInternalDate() throws Exception {
        ImapTestServer server = new ImapTestServer(dir, 2);
        // Delivered long before the server's clock (which new files are named by).
        java.nio.file.Files.writeString(server.maildir.root().resolve("cur").resolve("1500000000.M1P1Q1.old:2,S"),
                "Subject: dated\r\n\r\nold\r\n");
        ImapTestServer.Session s = server.select("INBOX");
        String original = internalDate(s.send("c FETCH 1 INTERNALDATE\r\n"));
        assertEquals("14-Jul-2017 02:40:00 +0000", original);
        s.send("d CREATE Archive\r\n");
        s.send("e CREATE Other\r\n");
        assertTrue(s.send("f COPY 1 Archive\r\n").contains("f OK"));
        assertTrue(s.send("g MOVE 1 Other\r\n").contains("g OK"));
        s.send("h SELECT Archive\r\n");
        assertEquals(original, internalDate(s.send("i FETCH 1 INTERNALDATE\r\n")));
        s.send("j SELECT Other\r\n");
        assertEquals(original, internalDate(s.send("k FETCH 1 INTERNALDATE\r\n")));
    }

    @Test
    void subscriptionsAreDovecotsFileInBothItsForms() throws Exception {
        ImapTestServer server = new ImapTestServer(dir, 2);
        Path root = server.maildir.root();
        java.nio.file.Files.createDirectories(root.resolve(".Archive.2024"));
        java.nio.file.Files.createDirectories(root.resolve(".Sent"));
        java.nio.file.Files.writeString(root.resolve("subscriptions"), "V\t2\n\nArchive\t2024\nSent\n");
        ImapTestServer.Session s = server.login();
        String lsub = s.send("c LSUB \"\" *\r\n");
        assertTrue(lsub.contains("\"Archive.2024\"") && lsub.contains("\"Sent\""), lsub);
        s.send("d UNSUBSCRIBE Sent\r\n");
        assertEquals("Archive.2024\n", java.nio.file.Files.readString(root.resolve("subscriptions")));
        s.send("e SUBSCRIBE Sent\r\n");
        assertEquals("Archive.2024\nSent\n", java.nio.file.Files.readString(root.resolve("subscriptions")));
    }

    @Test
    void idAnswersInAnyStateAndChildrenIsAdvertised() throws Exception {
        ImapTestServer server = new ImapTestServer(dir, 2);
        ImapTestServer.Session s = server.connect();
        String id = s.send("c ID (\"name\" \"Thunderbird\" \"version\" \"115\")\r\n");
        assertTrue(id.startsWith("* ID (\"name\" \"Twisted for Java\"") && id.endsWith("c OK ID completed\r\n"), id);
        assertTrue(s.send("d ID NIL\r\n").endsWith("d OK ID completed\r\n"));
        assertTrue(s.send("e ID (\"odd\")\r\n").startsWith("e BAD"));
        assertTrue(s.send("f CAPABILITY\r\n").contains(" CHILDREN"), "RFC 3348: \\HasChildren is sent, so CHILDREN is advertised");
    }

    private static String internalDate(String response) {
        Matcher m = Pattern.compile("INTERNALDATE \"([^\"]+)\"").matcher(response);
        assertTrue(m.find(), response);
        return m.group(1);
    }
}
