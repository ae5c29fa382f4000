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
import io.twisted.mail.mime.MimeParser;
import io.twisted.testing.Chunkings;
import io.twisted.testing.StringTransport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** FETCH ENVELOPE, BODY, BODYSTRUCTURE and nested BODY[section] (RFC 3501 sections 6.4.5, 7.4.2). */
class ImapFetchStructureTest {

    static final String SIMPLE = "Subject: two\r\n\r\nsecond body\r\n";
    static final String HEADERS = String.join("\r\n",
            "Date: Tue, 1 Jul 2003 10:52:37 +0200",
            "From: \"Joe Q. Public\" <john.q.public@example.com>",
            "Sender: s@x.test",
            "To: Mary <mary@x.test>, jdoe@example.org",
            "Cc: undisclosed-recipients:;",
            "Subject: =?ISO-8859-1?Q?caf=E9?=",
            "Message-ID: <1234@local.machine.example>",
            "In-Reply-To: <0@x>",
            "",
            "hi",
            "");
    static final String NESTED = String.join("\r\n",
            "Subject: nested",
            "Content-Type: multipart/mixed; boundary=\"outer\"",
            "",
            "preamble",
            "--outer",
            "Content-Type: multipart/alternative; boundary=inner",
            "",
            "--inner",
            "Content-Type: text/plain; charset=utf-8",
            "",
            "plain body",
            "--inner",
            "Content-Type: text/html",
            "",
            "<p>html</p>",
            "--inner--",
            "--outer",
            "Content-Type: message/rfc822",
            "Content-Disposition: attachment; filename=\"fwd.eml\"",
            "Content-Language: en, fr",
            "",
            "Subject: inner",
            "From: a@b.test",
            "",
            "inner body",
            "--outer--",
            "epilogue",
            "");

    @TempDir
    Path dir;

    private final Clock clock = new Clock();
    private final StringTransport transport = new StringTransport();
    private Portal portal;

    @BeforeEach
    void setUp() throws Exception {
        Maildir maildir = Maildir.open(dir.resolve("alice"),
                new MaildirNames(java.time.Clock.fixed(Instant.ofEpochSecond(1_700_000_000), ZoneOffset.UTC), "h"));
        for (String m : List.of(SIMPLE, HEADERS, NESTED)) {
            maildir.deliver(m.getBytes(StandardCharsets.ISO_8859_1));
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

    private ImapServerProtocol selected(StringTransport t) {
        ImapServerProtocol p = new ImapServerProtocol(new ImapServerProtocol.Options("imap.test", portal, null, true, 1800, 2), clock);
        p.makeConnection(t);
        p.dataReceived(ascii("a LOGIN alice secret\r\nb SELECT INBOX\r\n"));
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

    static final String INNER_ENVELOPE = "(NIL \"inner\" ((NIL NIL \"a\" \"b.test\")) ((NIL NIL \"a\" \"b.test\")) ((NIL NIL \"a\" \"b.test\")) NIL NIL NIL NIL NIL)";
    static final String NESTED_STRUCTURE = "((("
            + "\"text\" \"plain\" (\"charset\" \"utf-8\") NIL NIL \"7BIT\" 10 1 NIL NIL NIL NIL)"
            + "(\"text\" \"html\" NIL NIL NIL \"7BIT\" 11 1 NIL NIL NIL NIL)"
            + " \"alternative\" (\"boundary\" \"inner\") NIL NIL NIL)"
            + "(\"message\" \"rfc822\" NIL NIL NIL \"7BIT\" 44 " + INNER_ENVELOPE
            + " (\"TEXT\" \"PLAIN\" (\"CHARSET\" \"US-ASCII\") NIL NIL \"7BIT\" 10 1 NIL NIL NIL NIL) 4"
            + " NIL (\"attachment\" (\"filename\" \"fwd.eml\")) (\"en\" \"fr\") NIL)"
            + " \"mixed\" (\"boundary\" \"outer\") NIL NIL NIL)";

    @Test
    void bodystructureOfNestedMultipartsWithExtensionData() {
        ImapServerProtocol p = selected(transport);
        assertEquals("* 3 FETCH (BODYSTRUCTURE " + NESTED_STRUCTURE + ")\r\nf OK FETCH completed\r\n", send(p, "f FETCH 3 BODYSTRUCTURE\r\n"));
        assertEquals("* 3 FETCH (BODY (((\"text\" \"plain\" (\"charset\" \"utf-8\") NIL NIL \"7BIT\" 10 1)(\"text\" \"html\" NIL NIL NIL \"7BIT\" 11 1)"
                + " \"alternative\")(\"message\" \"rfc822\" NIL NIL NIL \"7BIT\" 44 " + INNER_ENVELOPE
                + " (\"TEXT\" \"PLAIN\" (\"CHARSET\" \"US-ASCII\") NIL NIL \"7BIT\" 10 1) 4) \"mixed\"))\r\ng OK FETCH completed\r\n",
                send(p, "g FETCH 3 BODY\r\n"));
        assertEquals("* 1 FETCH (BODYSTRUCTURE (\"TEXT\" \"PLAIN\" (\"CHARSET\" \"US-ASCII\") NIL NIL \"7BIT\" 13 1 NIL NIL NIL NIL))\r\n"
                + "h OK FETCH completed\r\n", send(p, "h FETCH 1 BODYSTRUCTURE\r\n"));
    }

    @Test
    void envelopeKeepsEncodedWordsAndListsGroups() {
        ImapServerProtocol p = selected(transport);
        assertEquals("* 2 FETCH (ENVELOPE (\"Tue, 1 Jul 2003 10:52:37 +0200\" \"=?ISO-8859-1?Q?caf=E9?=\""
                + " ((\"Joe Q. Public\" NIL \"john.q.public\" \"example.com\")) ((NIL NIL \"s\" \"x.test\"))"
                + " ((\"Joe Q. Public\" NIL \"john.q.public\" \"example.com\"))"
                + " ((\"Mary\" NIL \"mary\" \"x.test\")(NIL NIL \"jdoe\" \"example.org\"))"
                + " ((NIL NIL \"undisclosed-recipients\" NIL)(NIL NIL NIL NIL)) NIL \"<0@x>\" \"<1234@local.machine.example>\"))\r\n"
                + "e OK FETCH completed\r\n", send(p, "e FETCH 2 ENVELOPE\r\n"));
        assertEquals("* 1 FETCH (ENVELOPE (NIL \"two\" NIL NIL NIL NIL NIL NIL NIL NIL))\r\nf OK FETCH completed\r\n",
                send(p, "f FETCH 1 ENVELOPE\r\n"));
    }

    @Test
    void eightBitHeaderTextIsSentAsALiteral() {
        byte[] env = BodyStructureWriter.envelope(MimeParser.parse("Subject: caf\u00e9 \"q\"\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1)));
        assertEquals("(NIL {8}\r\ncaf\u00e9 \"q\" NIL NIL NIL NIL NIL NIL NIL NIL)", new String(env, StandardCharsets.ISO_8859_1));
        byte[] quoted = BodyStructureWriter.envelope(MimeParser.parse("Subject: a \"b\" \\c\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1)));
        assertEquals("(NIL \"a \\\"b\\\" \\\\c\" NIL NIL NIL NIL NIL NIL NIL NIL)", new String(quoted, StandardCharsets.ISO_8859_1));
    }

    /** Every prefix of a nested message, and seeded random bytes, parse and format without throwing. */
    @Test
    void truncatedAndRandomMessagesStillGiveAStructure() {
        byte[] nested = NESTED.getBytes(StandardCharsets.ISO_8859_1);
        for (int n = 0; n <= nested.length; n++) {
            io.twisted.mail.mime.MimePart p = MimeParser.parse(java.util.Arrays.copyOf(nested, n));
            String s = new String(BodyStructureWriter.structure(p, true), StandardCharsets.ISO_8859_1);
            assertTrue(s.startsWith("(") && s.endsWith(")"), n + ": " + s);
            BodyStructureWriter.envelope(p);
        }
        java.util.Random random = new java.util.Random(42);
        byte[] alphabet = "-\r\n:;=\"()<>@,. abXY".getBytes(StandardCharsets.ISO_8859_1);
        for (int round = 0; round < 2000; round++) {
            byte[] junk = new byte[random.nextInt(300)];
            for (int i = 0; i < junk.length; i++) {
                junk[i] = random.nextInt(4) == 0 ? (byte) random.nextInt(256) : alphabet[random.nextInt(alphabet.length)];
            }
            String prefix = round % 2 == 0 ? "Content-Type: multipart/mixed; boundary=X\r\nTo: " : "Content-Type: message/rfc822\r\n\r\nFrom: ";
            byte[] msg = (prefix + new String(junk, StandardCharsets.ISO_8859_1)).getBytes(StandardCharsets.ISO_8859_1);
            io.twisted.mail.mime.MimePart p = MimeParser.parse(msg);
            assertTrue(BodyStructureWriter.structure(p, true).length > 0);
            assertTrue(BodyStructureWriter.envelope(p).length > 0);
        }
    }

    @Test
    void fetchAllAndFullAreTheRfcMacros() {
        ImapServerProtocol p = selected(transport);
        String all = send(p, "a FETCH 1 ALL\r\n");
        assertTrue(all.matches("\\* 1 FETCH \\(FLAGS \\(\\\\Recent\\) INTERNALDATE \"[^\"]+\" RFC822.SIZE 29 ENVELOPE \\(NIL \"two\" NIL NIL NIL NIL NIL NIL NIL NIL\\)\\)\r\n"
                + "a OK FETCH completed\r\n"), all);
        String full = send(p, "b FETCH 1 FULL\r\n");
        assertTrue(full.contains(" RFC822.SIZE 29 ENVELOPE (NIL \"two\" NIL NIL NIL NIL NIL NIL NIL NIL)"
                + " BODY (\"TEXT\" \"PLAIN\" (\"CHARSET\" \"US-ASCII\") NIL NIL \"7BIT\" 13 1))\r\n"), full);
        String fast = send(p, "c FETCH 1 FAST\r\n");
        assertFalse(fast.contains("ENVELOPE"), fast);
    }

    @Test
    void nestedSectionsMimeHeadersAndPartials() {
        ImapServerProtocol p = selected(transport);
        assertEquals("* 3 FETCH (BODY[1.1] {10}\r\nplain body)\r\na OK FETCH completed\r\n", send(p, "a FETCH 3 BODY.PEEK[1.1]\r\n"));
        assertEquals("* 3 FETCH (BODY[1.2.MIME] {27}\r\nContent-Type: text/html\r\n\r\n)\r\nb OK FETCH completed\r\n",
                send(p, "b FETCH 3 BODY.PEEK[1.2.MIME]\r\n"));
        assertEquals("* 3 FETCH (BODY[2.HEADER] {34}\r\nSubject: inner\r\nFrom: a@b.test\r\n\r\n)\r\nc OK FETCH completed\r\n",
                send(p, "c FETCH 3 BODY.PEEK[2.HEADER]\r\n"));
        assertEquals("* 3 FETCH (BODY[2.TEXT] {10}\r\ninner body BODY[2.1] {10}\r\ninner body)\r\nd OK FETCH completed\r\n",
                send(p, "d FETCH 3 (BODY.PEEK[2.TEXT] BODY.PEEK[2.1])\r\n"));
        assertEquals("* 3 FETCH (BODY[2] {44}\r\nSubject: inner\r\nFrom: a@b.test\r\n\r\ninner body)\r\ne OK FETCH completed\r\n",
                send(p, "e FETCH 3 BODY.PEEK[2]\r\n"));
        assertEquals("* 3 FETCH (BODY[2.HEADER.FIELDS (FROM)] {18}\r\nFrom: a@b.test\r\n\r\n"
                + " BODY[2.HEADER.FIELDS.NOT (FROM)] {18}\r\nSubject: inner\r\n\r\n)\r\nf OK FETCH completed\r\n",
                send(p, "f FETCH 3 (BODY.PEEK[2.HEADER.FIELDS (From)] BODY.PEEK[2.HEADER.FIELDS.NOT (FROM)])\r\n"));
        assertEquals("* 3 FETCH (BODY[1.1]<6> {4}\r\nbody)\r\ng OK FETCH completed\r\n", send(p, "g FETCH 3 BODY.PEEK[1.1]<6.10>\r\n"));
        assertEquals("* 3 FETCH (BODY[4] {0}\r\n)\r\nh OK FETCH completed\r\n", send(p, "h FETCH 3 BODY.PEEK[4]\r\n"));
        assertEquals("* 1 FETCH (BODY[1] {13}\r\nsecond body\r\n)\r\ni OK FETCH completed\r\n", send(p, "i FETCH 1 BODY.PEEK[1]\r\n"));
        assertEquals("j BAD Invalid arguments: unsupported section [MIME]\r\n", send(p, "j FETCH 1 BODY[MIME]\r\n"));
        assertEquals("* 3 FETCH (BODY[1.1] {10}\r\nplain body FLAGS (\\Seen \\Recent))\r\nk OK FETCH completed\r\n", send(p, "k FETCH 3 BODY[1.1]\r\n"));
    }

    @Test
    void structureFetchInEveryChunking() {
        String session = "c FETCH 3 (BODYSTRUCTURE BODY.PEEK[2.HEADER.FIELDS (SUBJECT)])\r\nd LOGOUT\r\n";
        for (Chunkings.Chunking c : Chunkings.of(session)) {
            StringTransport t = new StringTransport();
            ImapServerProtocol p = selected(t);
            t.clear();
            c.forEach(buf -> {
                p.dataReceived(buf);
                while (t.producer() != null) {
                    clock.advance(0);
                }
            });
            assertEquals("* 3 FETCH (BODYSTRUCTURE " + NESTED_STRUCTURE + " BODY[2.HEADER.FIELDS (SUBJECT)] {18}\r\nSubject: inner\r\n\r\n)\r\n"
                    + "c OK FETCH completed\r\n* BYE imap.test logging out\r\nd OK LOGOUT completed\r\n", t.valueAsString(), c.name());
        }
    }
}
