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
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SEARCH with the key set of RFC 3501 section 6.4.4. */
class ImapSearchTest {

    /** Three messages delivered on 14-Nov-2023 (UTC), sent on different days. */
    static final List<String> MESSAGES = List.of(
            "From: Alice <alice@a.test>\r\nTo: bob@b.test\r\nCc: carol@c.test\r\nSubject: Lunch plans\r\n"
                    + "Date: Mon, 6 Nov 2023 12:00:00 +0000\r\nX-Priority: 1\r\n\r\nPizza at noon?\r\n",
            "From: bob@b.test\r\nTo: alice@a.test\r\nBcc: secret@s.test\r\nSubject: Re: Lunch plans\r\n"
                    + "Date: 7 Nov 23 09:00 -0500\r\n\r\nYes, caf\u00c3\u00a9 later. " + "x".repeat(200) + "\r\n",
            "From: dave@d.test\r\nSubject: report\r\nDate: garbage\r\n\r\nquarterly NUMBERS\r\n");

    @TempDir
    Path dir;

    private final Clock clock = new Clock();
    private final StringTransport transport = new StringTransport();
    private Portal portal;

    @BeforeEach
    void setUp() throws Exception {
        Maildir maildir = Maildir.open(dir.resolve("alice"),
                new MaildirNames(java.time.Clock.fixed(Instant.ofEpochSecond(1_700_000_000), ZoneOffset.UTC), "h"));
        for (String m : MESSAGES) {
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
        p.dataReceived(ascii("a LOGIN alice secret\r\nb SELECT INBOX\r\nc STORE 1 +FLAGS.SILENT (\\Seen \\Answered)\r\n"
                + "d STORE 2 +FLAGS.SILENT (\\Flagged \\Draft)\r\ne STORE 3 +FLAGS.SILENT (\\Deleted)\r\n"));
        return p;
    }

    private String search(ImapServerProtocol p, String keys) {
        transport.clear();
        p.dataReceived(java.nio.ByteBuffer.wrap(("s SEARCH " + keys + "\r\n").getBytes(StandardCharsets.ISO_8859_1)));
        String out = transport.valueAsString().replace("+ Ready for literal data\r\n", "");
        if (!out.endsWith("s OK SEARCH completed\r\n")) {
            return out;
        }
        return out.substring("* SEARCH".length(), out.indexOf("\r\n")).trim();
    }

    @Test
    void flagKeys() {
        ImapServerProtocol p = selected(transport);
        assertEquals("1 2 3", search(p, "ALL"));
        assertEquals("1", search(p, "ANSWERED"));
        assertEquals("2 3", search(p, "UNANSWERED"));
        assertEquals("3", search(p, "DELETED"));
        assertEquals("1 2", search(p, "UNDELETED"));
        assertEquals("2", search(p, "DRAFT"));
        assertEquals("1 3", search(p, "UNDRAFT"));
        assertEquals("2", search(p, "FLAGGED"));
        assertEquals("1 3", search(p, "UNFLAGGED"));
        assertEquals("1", search(p, "SEEN"));
        assertEquals("2 3", search(p, "UNSEEN"));
        assertEquals("1 2 3", search(p, "RECENT"));
        assertEquals("2 3", search(p, "NEW"));
        assertEquals("", search(p, "OLD"));
        assertEquals("", search(p, "KEYWORD $Junk"));
        assertEquals("1 2 3", search(p, "UNKEYWORD $Junk"));
        assertTrue(search(p, "KEYWORD \\flagged").startsWith("s BAD"), "a system flag is not a keyword (RFC 3501 section 9)");
    }

    @Test
    void headerAndTextKeys() {
        ImapServerProtocol p = selected(transport);
        assertEquals("1 2", search(p, "OR FROM \"b.test\" FROM alice"));
        assertEquals("2", search(p, "FROM \"b.test\" OR FROM alice TO alice"));
        assertEquals("1", search(p, "CC CAROL"));
        assertEquals("2", search(p, "BCC secret"));
        assertEquals("1 2", search(p, "SUBJECT lunch"));
        assertEquals("2", search(p, "SUBJECT \"re: LUNCH\""));
        assertEquals("1", search(p, "HEADER X-Priority \"\""));
        assertEquals("1", search(p, "HEADER x-priority 1"));
        assertEquals("3", search(p, "BODY numbers"));
        assertEquals("", search(p, "BODY subject"));
        assertEquals("1 2 3", search(p, "TEXT subject"));
        assertEquals("2", search(p, "CHARSET UTF-8 BODY {5}\r\ncaf\u00c3\u00a9"));
        assertEquals("2", search(p, "CHARSET us-ascii TEXT Yes"));
        assertEquals("s NO [BADCHARSET (US-ASCII UTF-8)] Unsupported charset\r\n", search(p, "CHARSET KOI8-R TEXT x"));
    }

    @Test
    void sizeDateAndSetKeys() {
        ImapServerProtocol p = selected(transport);
        assertEquals("2", search(p, "LARGER 200"));
        assertEquals("1 3", search(p, "SMALLER 200"));
        // Delivered 2023-11-14 22:13:20 UTC.
        assertEquals("1 2 3", search(p, "ON 14-Nov-2023"));
        assertEquals("", search(p, "BEFORE 14-nov-2023"));
        assertEquals("1 2 3", search(p, "BEFORE 15-Nov-2023"));
        assertEquals("1 2 3", search(p, "SINCE 14-Nov-2023"));
        assertEquals("", search(p, "SINCE \"15-Nov-2023\""));
        assertEquals("1", search(p, "SENTON 6-Nov-2023"));
        assertEquals("2", search(p, "SENTSINCE 7-Nov-2023"));
        assertEquals("1", search(p, "SENTBEFORE 7-Nov-2023"));
        assertEquals("2 3", search(p, "2:*"));
        assertEquals("1 3", search(p, "1,3"));
        assertEquals("3", search(p, "UID 3:*"));
        assertEquals("1 2", search(p, "NOT UID 3"));
        assertEquals("1 3", search(p, "OR (SEEN ANSWERED) (DELETED UNSEEN)"));
        assertEquals("2", search(p, "NOT (OR SEEN DELETED)"));
        assertEquals("2", search(p, "UNDELETED (UNSEEN)"));
    }

    @Test
    void uidSearchAnswersUids() {
        ImapServerProtocol p = selected(transport);
        transport.clear();
        p.dataReceived(ascii("u UID SEARCH OR 1 FLAGGED\r\n"));
        assertEquals("* SEARCH 1 2\r\nu OK SEARCH completed\r\n", transport.valueAsString());
    }

    @Test
    void badProgramsGetBad() {
        ImapServerProtocol p = selected(transport);
        assertEquals("s BAD Invalid arguments: unknown search key FOO\r\n", search(p, "FOO"));
        assertEquals("s BAD Invalid arguments: LARGER needs a number\r\n", search(p, "LARGER x"));
        assertEquals("s BAD Invalid arguments: SUBJECT needs an argument\r\n", search(p, "SUBJECT"));
        assertEquals("s BAD Invalid arguments: BEFORE needs a date such as 1-Feb-1994\r\n", search(p, "BEFORE 2023-11-14"));
        assertEquals("s BAD Invalid arguments: empty search group\r\n", search(p, "()"));
        assertEquals("s BAD Invalid arguments: SEARCH needs a key\r\n", search(p, ""));
        assertEquals("s BAD Invalid arguments: search program nested too deeply\r\n", search(p, "NOT ".repeat(200) + "ALL"));
    }

    @Test
    void sentDayReadsRfc5322Dates() {
        assertEquals(LocalDate.of(2003, 7, 1), SearchQuery.sentDay("Tue, 1 Jul 2003 10:52:37 +0200"));
        assertEquals(LocalDate.of(1999, 12, 31), SearchQuery.sentDay("31 Dec 99 23:00 EST (comment)"));
        assertEquals(null, SearchQuery.sentDay("31 Feb 2003"));
        assertEquals(null, SearchQuery.sentDay("yesterday"));
    }

    @Test
    void searchWithLiteralInEveryChunking() {
        String session = "s SEARCH CHARSET UTF-8 OR SUBJECT {6}\r\nreport FROM {5+}\r\nalice\r\n";
        for (Chunkings.Chunking c : Chunkings.of(session)) {
            StringTransport t = new StringTransport();
            ImapServerProtocol p = selected(t);
            t.clear();
            c.feedTo(p);
            assertEquals("+ Ready for literal data\r\n* SEARCH 1 3\r\ns OK SEARCH completed\r\n", t.valueAsString(), c.name());
        }
    }

    // ------------------------------------------------------------------ decoded text (SearchQuery directly)

    /** Base64 UTF-8 text with an encoded Subject and From. */
    static final String ENCODED = String.join("\r\n",
            "From: =?iso-8859-1?Q?J=F6rg?= <jorg@x.test>",
            "Subject: =?UTF-8?Q?Gr=C3=BC=C3=9Fe_aus?= =?UTF-8?B?IEvDtmxu?=",
            "X-Note: =?utf-8?B?zpXOu867zrfOvc65zrrOrA==?=",
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: base64",
            "",
            "R3LDvMOfZSBhdXMgS8O2bG4sIG1laW5lIFN0cmHDn2UuDQo=",
            "");

    /** Quoted-printable ISO-8859-1, a base64 attachment, an encapsulated message with an encoded Subject. */
    static final String MULTIPART = String.join("\r\n",
            "Subject: plain",
            "Content-Type: multipart/mixed; boundary=\"b\"",
            "",
            "--b",
            "Content-Type: text/plain; charset=ISO-8859-1",
            "Content-Transfer-Encoding: quoted-printable",
            "",
            "Caf=E9 cr=E8me br=FBl=E9e, a very long line that is broken by a soft=",
            " line break.",
            "--b",
            "Content-Type: application/octet-stream",
            "Content-Transfer-Encoding: base64",
            "",
            "c2VjcmV0IHBheWxvYWQ=",
            "--b",
            "Content-Type: message/rfc822",
            "",
            "Subject: =?koi8-r?B?0NLJ18XU?=",
            "",
            "inner",
            "--b--",
            "");

    private static final class Message implements SearchQuery.Candidate {
        final byte[] bytes;

        Message(String text) {
            this.bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        }

        @Override
        public long seq() {
            return 1;
        }

        @Override
        public ImapMessage message() {
            return new ImapMessage(1, java.util.Set.of(), bytes.length, Instant.EPOCH, null);
        }

        @Override
        public io.twisted.mail.mime.MimePart header() {
            return io.twisted.mail.mime.MimeParser.parse(bytes);
        }

        @Override
        public byte[] bytes() {
            return bytes;
        }
    }

    /** Whether {@code message} matches the key {@code key} with the string argument {@code arg} (UTF-8). */
    private static boolean matches(String message, String key, String arg) throws Exception {
        return matches(message, StandardCharsets.UTF_8, key, arg.getBytes(StandardCharsets.UTF_8));
    }

    private static boolean matches(String message, java.nio.charset.Charset cs, String key, byte[] arg) throws Exception {
        List<Object> args = new java.util.ArrayList<>();
        for (String k : key.split(" ")) {
            args.add(new ImapCommandParser.Atom(k));
        }
        args.add(arg);
        return SearchQuery.parse(args, cs, 1, 1).test(new Message(message));
    }

    @Test
    void headerKeysMatchDecodedEncodedWords() throws Exception {
        assertTrue(matches(ENCODED, "SUBJECT", "Gr\u00fc\u00dfe aus K\u00f6ln"));
        assertTrue(matches(ENCODED, "SUBJECT", "aus k\u00f6ln"));
        assertTrue(matches(ENCODED, "SUBJECT", "GR\u00dc\u00dfE"));
        assertTrue(matches(ENCODED, "FROM", "j\u00d6rg"));
        assertTrue(matches(ENCODED, "HEADER X-Note", "\u03b5\u03bb\u03bb\u03b7\u03bd\u03b9\u03ba\u03ac"));
        assertTrue(matches(ENCODED, "HEADER X-Note", "\u0395\u039b\u039b\u0397\u039d\u0399\u039a\u0386"));
        // The raw form still matches.
        assertTrue(matches(ENCODED, "SUBJECT", "=?utf-8?q?gr"));
        assertFalse(matches(ENCODED, "SUBJECT", "Gr\u00fc\u00dfe aus Bonn"));
        assertFalse(matches(ENCODED, "FROM", "Jurg"));
        assertFalse(matches(MULTIPART, "SUBJECT", "\u043f\u0440\u0438\u0432\u0435\u0442"));
    }

    @Test
    void bodyMatchesDecodedBase64AndQuotedPrintableText() throws Exception {
        assertTrue(matches(ENCODED, "BODY", "meine stra\u00dfe"));
        assertTrue(matches(ENCODED, "BODY", "K\u00d6LN"));
        assertTrue(matches(ENCODED, "BODY", "R3LDvMOf"));
        assertFalse(matches(ENCODED, "BODY", "Bonn"));
        assertTrue(matches(MULTIPART, "BODY", "caf\u00e9 CR\u00c8ME br\u00fbl\u00e9e"));
        assertTrue(matches(MULTIPART, "BODY", "soft line break"));
        assertTrue(matches(MULTIPART, "BODY", "Caf=E9"));
        // A non-text attachment is searched as written only.
        assertFalse(matches(MULTIPART, "BODY", "secret payload"));
        assertTrue(matches(MULTIPART, "BODY", "c2VjcmV0"));
        assertTrue(matches(MULTIPART, "BODY", "inner"));
        // BODY is not the top-level header.
        assertFalse(matches(ENCODED, "BODY", "\u03b5\u03bb\u03bb\u03b7\u03bd\u03b9\u03ba\u03ac"));
        assertFalse(matches(ENCODED, "BODY", "j\u00f6rg"));
    }

    @Test
    void textAlsoMatchesDecodedHeadersOfTheMessageAndEncapsulatedOnes() throws Exception {
        assertTrue(matches(ENCODED, "TEXT", "j\u00f6rg"));
        assertTrue(matches(ENCODED, "TEXT", "STRA\u00dfE"));
        assertTrue(matches(MULTIPART, "TEXT", "\u041f\u0420\u0418\u0412\u0415\u0422"));
        assertTrue(matches(MULTIPART, "BODY", "\u043f\u0440\u0438\u0432\u0435\u0442"));
        assertFalse(matches(MULTIPART, "TEXT", "\u043f\u0440\u0438\u0432\u0435\u0442!"));
    }

    @Test
    void searchStringsAreDecodedInTheSearchCharset() throws Exception {
        assertEquals(StandardCharsets.UTF_8, SearchQuery.searchCharset("utf-8"));
        assertEquals(StandardCharsets.US_ASCII, SearchQuery.searchCharset("US-ASCII"));
        assertEquals(null, SearchQuery.searchCharset("KOI8-R"));
        byte[] utf8 = "caf\u00e9".getBytes(StandardCharsets.UTF_8);
        assertTrue(matches(MULTIPART, StandardCharsets.UTF_8, "BODY", utf8));
        // The same octets read as ISO-8859-1 are another string.
        assertFalse(matches(MULTIPART, StandardCharsets.ISO_8859_1, "BODY", utf8));
        assertTrue(matches(MULTIPART, StandardCharsets.ISO_8859_1, "BODY", "caf\u00e9".getBytes(StandardCharsets.ISO_8859_1)));
        assertTrue(matches(MULTIPART, StandardCharsets.US_ASCII, "TEXT", "soft".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void decodedSearchThroughTheServer() throws Exception {
        Maildir maildir = Maildir.open(dir.resolve("decoded"),
                new MaildirNames(java.time.Clock.fixed(Instant.ofEpochSecond(1_700_000_000), ZoneOffset.UTC), "h"));
        maildir.deliver(ENCODED.getBytes(StandardCharsets.ISO_8859_1));
        maildir.deliver(MULTIPART.getBytes(StandardCharsets.ISO_8859_1));
        Realm realm = new Realm() {
            @Override
            public <A> Deferred<Login<A>> requestAvatar(Object id, Object mind, List<Class<? extends A>> ifaces) {
                ImapMailbox box = new MaildirImapMailbox(maildir, java.time.Clock.fixed(Instant.ofEpochSecond(1234), ZoneOffset.UTC));
                return Deferred.succeed(new Login<>(ifaces.get(0), ifaces.get(0).cast(box), null));
            }
        };
        portal = new Portal(realm, List.of(new InMemoryUsernamePasswordDatabase().addUser("alice", "secret")));
        ImapServerProtocol p = new ImapServerProtocol(new ImapServerProtocol.Options("imap.test", portal, null, true, 1800, 2), clock);
        p.makeConnection(transport);
        p.dataReceived(ascii("a LOGIN alice secret\r\nb SELECT INBOX\r\n"));
        assertEquals("1", search(p, "CHARSET UTF-8 SUBJECT {5}\r\nK\u00c3\u00b6ln"));
        assertEquals("2", search(p, "CHARSET UTF-8 BODY {5}\r\nCAF\u00c3\u0089"));
        assertEquals("1 2", search(p, "OR BODY \"stra\u00c3\u009fe\" TEXT \"cr\u00c3\u00a8me\""));
    }
}
