package io.twisted.mail.imap4;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** LIST, LSUB, SUBSCRIBE and CREATE (RFC 3501 sections 6.3.3, 6.3.6 to 6.3.9; RFC 3348). */
class ImapListTest {

    @TempDir
    Path dir;

    private ImapTestServer server;
    private ImapTestServer.Session s;

    @BeforeEach
    void setUp() throws Exception {
        server = new ImapTestServer(dir, 2);
        s = server.login();
    }

    private static String list(String... lines) {
        StringBuilder sb = new StringBuilder();
        for (String l : lines) {
            sb.append(l).append("\r\n");
        }
        return sb.toString();
    }

    @Test
    void createMakesSuperiorsAndListShowsChildren() {
        assertEquals("c OK CREATE completed\r\n", s.send("c CREATE Lists.twisted.dev\r\n"));
        assertEquals(list("* LIST (\\HasNoChildren) \".\" \"INBOX\"", "* LIST (\\HasChildren) \".\" \"Lists\"",
                "* LIST (\\HasChildren) \".\" \"Lists.twisted\"", "* LIST (\\HasNoChildren) \".\" \"Lists.twisted.dev\"",
                "l OK LIST completed"), s.send("l LIST \"\" *\r\n"));
        assertEquals(list("* LIST (\\HasNoChildren) \".\" \"INBOX\"", "* LIST (\\HasChildren) \".\" \"Lists\"", "m OK LIST completed"),
                s.send("m LIST \"\" %\r\n"));
        assertEquals(list("* LIST (\\HasChildren) \".\" \"Lists.twisted\"", "n OK LIST completed"), s.send("n LIST \"\" Lists.%\r\n"));
        assertEquals(list("* LIST (\\HasChildren) \".\" \"Lists.twisted\"", "o OK LIST completed"), s.send("o LIST Lists. %\r\n"));
        assertEquals(list("* LIST (\\HasNoChildren) \".\" \"Lists.twisted.dev\"", "p OK LIST completed"), s.send("p LIST \"\" *.dev\r\n"));
        assertEquals(list("* LIST (\\HasNoChildren) \".\" \"Lists.twisted.dev\"", "q OK LIST completed"), s.send("q LIST \"\" %.%.%\r\n"));
        assertEquals(list("r OK LIST completed"), s.send("r LIST \"\" %.dev\r\n"));
    }

    @Test
    void aSuperiorWithoutItsOwnMaildirIsNoselect() throws Exception {
        // A Maildir++ folder ".Old.2023" made by another program, without ".Old".
        for (String sub : new String[] {"cur", "new", "tmp"}) {
            Files.createDirectories(server.maildir.root().resolve(".Old.2023").resolve(sub));
        }
        assertEquals(list("* LIST (\\Noselect \\HasChildren) \".\" \"Old\"", "l OK LIST completed"), s.send("l LIST \"\" Old\r\n"));
        assertEquals(list("* LIST (\\HasNoChildren) \".\" \"INBOX\"", "* LIST (\\Noselect \\HasChildren) \".\" \"Old\"", "m OK LIST completed"),
                s.send("m LIST \"\" %\r\n"));
        assertTrue(s.send("n SELECT Old\r\n").startsWith("n NO "));
    }

    @Test
    void deletingAParentLeavesItNoselect() {
        s.send("c CREATE Work.2024\r\n");
        assertEquals("d OK DELETE completed\r\n", s.send("d DELETE Work\r\n"));
        assertEquals(list("* LIST (\\Noselect \\HasChildren) \".\" \"Work\"", "* LIST (\\HasNoChildren) \".\" \"Work.2024\"", "l OK LIST completed"),
                s.send("l LIST \"\" Work*\r\n"));
        // RFC 3501 section 6.3.4: a \Noselect name with inferiors cannot be deleted.
        assertTrue(s.send("e DELETE Work\r\n").startsWith("e NO "));
    }

    @Test
    void emptyPatternAnswersTheDelimiter() {
        assertEquals(list("* LIST (\\Noselect) \".\" \"\"", "l OK LIST completed"), s.send("l LIST \"\" \"\"\r\n"));
        assertEquals(list("* LIST (\\Noselect) \".\" \"Lists.\"", "m OK LIST completed"), s.send("m LIST Lists.twisted \"\"\r\n"));
    }

    @Test
    void inboxMatchesInAnyCaseOtherNamesDoNot() {
        s.send("c CREATE Sent\r\n");
        assertEquals(list("* LIST (\\HasNoChildren) \".\" \"INBOX\"", "l OK LIST completed"), s.send("l LIST \"\" inbox\r\n"));
        assertEquals(list("m OK LIST completed"), s.send("m LIST \"\" sent\r\n"));
        assertEquals(list("* LIST (\\HasNoChildren) \".\" \"Sent\"", "n OK LIST completed"), s.send("n LIST \"\" Sent\r\n"));
    }

    @Test
    void subscriptionsPersistAndLsubListsThem() {
        s.send("c CREATE Lists.twisted\r\nd CREATE Sent\r\n");
        assertEquals("e OK SUBSCRIBE completed\r\n", s.send("e SUBSCRIBE Lists.twisted\r\n"));
        assertEquals("f OK SUBSCRIBE completed\r\n", s.send("f SUBSCRIBE inbox\r\n"));
        ImapTestServer.Session later = server.login();
        assertEquals(list("* LSUB (\\HasNoChildren) \".\" \"INBOX\"", "* LSUB (\\HasNoChildren) \".\" \"Lists.twisted\"", "l OK LSUB completed"),
                later.send("l LSUB \"\" *\r\n"));
        // "%" stops at Lists, which is not subscribed itself: \Noselect (RFC 3501 section 6.3.9).
        assertEquals(list("* LSUB (\\HasNoChildren) \".\" \"INBOX\"", "* LSUB (\\Noselect) \".\" \"Lists\"", "m OK LSUB completed"),
                later.send("m LSUB \"\" %\r\n"));
        assertEquals("n OK UNSUBSCRIBE completed\r\n", later.send("n UNSUBSCRIBE Lists.twisted\r\n"));
        assertEquals(list("* LSUB (\\HasNoChildren) \".\" \"INBOX\"", "o OK LSUB completed"), s.send("o LSUB \"\" *\r\n"));
        // A subscription outlives its mailbox (RFC 3501 section 6.3.6).
        s.send("p SUBSCRIBE Sent\r\nq DELETE Sent\r\n");
        assertEquals(list("* LSUB () \".\" \"Sent\"", "r OK LSUB completed"), s.send("r LSUB \"\" Sent\r\n"));
    }

    @Test
    void createRefusesWhatExistsAndAcceptsATrailingDelimiter() {
        assertEquals("c NO [ALREADYEXISTS] folder exists: inbox\r\n", s.send("c CREATE inbox\r\n"));
        assertEquals("d OK CREATE completed\r\n", s.send("d CREATE Drafts.\r\n"));
        assertEquals("e NO [ALREADYEXISTS] folder exists: Drafts\r\n", s.send("e CREATE Drafts\r\n"));
        assertFalse(s.send("l LIST \"\" *\r\n").contains("Drafts."));
    }

    @Test
    void globMatching() {
        assertTrue(MailboxListing.matches("*.%", "a.b.c"));
        assertTrue(MailboxListing.matches("%.*", "a.b.c"));
        assertFalse(MailboxListing.matches("%.%", "a.b.c"));
        assertTrue(MailboxListing.matches("a*c", "abc"));
        assertTrue(MailboxListing.matches("INBOX*", "INBOX"));
        assertTrue(MailboxListing.matches("Inbox", "INBOX"));
        assertFalse(MailboxListing.matches("work", "Work"));
        assertTrue(MailboxListing.matches("*" .repeat(500) + "x", "a".repeat(255) + "x"));
    }
}
