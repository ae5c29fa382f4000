package io.twisted.mail.imap4.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twisted.cred.Login;
import io.twisted.cred.Portal;
import io.twisted.cred.Realm;
import io.twisted.cred.checkers.InMemoryUsernamePasswordDatabase;
import io.twisted.internet.defer.Deferred;
import io.twisted.internet.defer.Failure;
import io.twisted.internet.task.Clock;
import io.twisted.internet.tls.PrivateCertificate;
import io.twisted.internet.tls.SelfSigned;
import io.twisted.internet.tls.TlsOptions;
import io.twisted.mail.MaildirImapMailbox;
import io.twisted.mail.imap4.ImapMailbox;
import io.twisted.mail.imap4.ImapServerProtocol;
import io.twisted.mail.maildir.Maildir;
import io.twisted.mail.maildir.MaildirNames;
import io.twisted.testing.Chunkings;
import io.twisted.testing.LoopbackPump;
import io.twisted.testing.StringTransport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link ImapClientProtocol} against our own {@link ImapServerProtocol} over a temporary Maildir,
 * in memory through {@link LoopbackPump} with chunk sizes 1, 7 and whole; and against scripted
 * responses on a {@link StringTransport} fed whole, split at every point and byte by byte.
 */
class ImapClientProtocolTest {

    private static final String MSG1 = "From: a@b.test\r\nSubject: one\r\n\r\nhello\r\n.dot\r\n";
    /** Eight-bit octets, a NUL-free "}" and a line that looks like a literal: the client must count octets. */
    private static final byte[] MSG2 = bytes("Subject: two\r\nContent-Transfer-Encoding: 8bit\r\n\r\nb\u00e9te {5}\r\n) \"x\r\n");

    @TempDir
    Path dir;

    private final Clock clock = new Clock();
    private Maildir maildir;
    private Portal portal;

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @BeforeEach
    void setUp() throws IOException {
        maildir = Maildir.open(dir.resolve("alice"),
                new MaildirNames(java.time.Clock.fixed(Instant.ofEpochSecond(1_700_000_000), ZoneOffset.UTC), "h"));
        maildir.deliver(MSG1.getBytes(StandardCharsets.US_ASCII));
        maildir.deliver(MSG2);
        Realm realm = new Realm() {
            @Override
            public <A> Deferred<Login<A>> requestAvatar(Object id, Object mind, List<Class<? extends A>> ifaces) {
                ImapMailbox box = new MaildirImapMailbox(maildir, java.time.Clock.fixed(Instant.ofEpochSecond(1234), ZoneOffset.UTC));
                return Deferred.succeed(new Login<>(ifaces.get(0), ifaces.get(0).cast(box), null));
            }
        };
        portal = new Portal(realm, List.of(new InMemoryUsernamePasswordDatabase().addUser("alice", "secret")));
    }

    private ImapServerProtocol server(TlsOptions tls) {
        return new ImapServerProtocol(new ImapServerProtocol.Options("imap.test", portal, tls, tls == null, 1800, 2), clock);
    }

    private static <T> T result(Deferred<T> d) {
        assertTrue(d.isCalled(), "the Deferred has fired");
        Object[] box = new Object[1];
        d.addCallbacks(r -> box[0] = r, f -> box[0] = f);
        if (box[0] instanceof Failure f) {
            throw new AssertionError(f.getTraceback());
        }
        @SuppressWarnings("unchecked")
        T t = (T) box[0];
        return t;
    }

    private static Failure failure(Deferred<?> d) {
        assertTrue(d.isCalled(), "the Deferred has fired");
        Object[] box = new Object[1];
        d.addCallbacks(r -> box[0] = r, f -> box[0] = f);
        return assertInstanceOf(Failure.class, box[0]);
    }

    @ParameterizedTest(name = "chunk size {0}")
    @ValueSource(ints = {1, 7, Integer.MAX_VALUE})
    void fullSessionAgainstOurServer(int chunk) throws IOException {
        ImapClientProtocol client = new ImapClientProtocol(clock);
        List<Long> expungedSeen = new ArrayList<>();
        client.setListener(new ImapUntaggedListener() {
            @Override
            public void expunged(long n) {
                expungedSeen.add(n);
            }
        });
        LoopbackPump pump = LoopbackPump.builder().clock(clock).chunkSize(chunk).maxSteps(1_000_000).connect(server(null), client);
        Deferred<Set<String>> caps = client.capability();
        Deferred<String> badLogin = client.login("alice", "wrong password");
        Deferred<String> login = client.login("alice", "secret");
        Deferred<String> create = client.create("Archive");
        Deferred<List<ImapListEntry>> list = client.list("", "*");
        Deferred<ImapMailboxInfo> select = client.select("INBOX");
        Deferred<Map<Long, Map<String, Object>>> fetch = client.fetch("1:*", "(UID FLAGS RFC822.SIZE BODY.PEEK[])");
        Deferred<Map<Long, Map<String, Object>>> store = client.store("1", "+FLAGS", List.of("\\Seen"));
        Deferred<List<Long>> seen = client.search("SEEN");
        Deferred<String> copy = client.copy("2", "Archive");
        byte[] appended = bytes("Subject: appended\r\n\r\nvia APPEND \u00ff\r\n");
        Deferred<String> append = client.append("INBOX", List.of("\\Flagged"), appended);
        // our server announces the appended message at the next command that checks the mailbox
        Deferred<String> noop = client.noop();
        Deferred<List<Long>> flagged = client.search("FLAGGED");
        Deferred<Map<Long, Map<String, Object>>> silent = client.store("1", "+FLAGS.SILENT", List.of("\\Deleted"));
        Deferred<List<Long>> expunge = client.expunge();
        Deferred<Map<Long, Map<String, Object>>> after = client.fetch("1:*", "(BODY.PEEK[])");
        Deferred<ImapMailboxInfo> archive = client.examine("Archive");
        Deferred<String> logout = client.logout();
        pump.pump();

        assertTrue(result(caps).contains("IMAP4REV1"), result(caps).toString());
        ImapServerException refused = assertInstanceOf(ImapServerException.class, failure(badLogin).value());
        assertEquals("NO", refused.response().type());
        assertFalse(refused.getMessage().contains("wrong password"));
        result(login);
        result(create);
        assertTrue(result(list).stream().anyMatch(e -> e.name().equals("Archive")), result(list).toString());
        ImapMailboxInfo info = result(select);
        assertEquals(2, info.exists());
        assertTrue(info.uidValidity() > 0);
        assertTrue(info.flags().contains("\\Seen"), info.flags().toString());
        assertFalse(info.readOnly());

        Map<Long, Map<String, Object>> messages = result(fetch);
        assertEquals(Set.of(1L, 2L), messages.keySet());
        assertArrayEquals(MSG1.getBytes(StandardCharsets.US_ASCII), (byte[]) messages.get(1L).get("BODY[]"));
        assertArrayEquals(MSG2, (byte[]) messages.get(2L).get("BODY[]"));
        assertEquals(String.valueOf(MSG2.length), messages.get(2L).get("RFC822.SIZE"));
        assertEquals(List.of("\\Recent"), messages.get(1L).get("FLAGS"), "new mail is \\Recent for the session that selected it first");

        assertTrue(((List<?>) result(store).get(1L).get("FLAGS")).contains("\\Seen"));
        assertEquals(List.of(1L), result(seen));
        result(copy);
        result(append);
        result(noop);
        assertEquals(List.of(3L), result(flagged));
        assertEquals(Map.of(), result(silent));
        assertEquals(List.of(1L), result(expunge));
        assertEquals(List.of(1L), expungedSeen, "the listener hears EXPUNGE too");
        Map<Long, Map<String, Object>> left = result(after);
        assertArrayEquals(MSG2, (byte[]) left.get(1L).get("BODY[]"));
        assertArrayEquals(appended, (byte[]) left.get(2L).get("BODY[]"));
        ImapMailboxInfo archived = result(archive);
        assertEquals(1, archived.exists());
        assertTrue(archived.readOnly());
        result(logout);
        assertTrue(pump.isClosed());
    }

    @ParameterizedTest(name = "chunk size {0}")
    @ValueSource(ints = {1, 7, Integer.MAX_VALUE})
    void startTlsThenAuthenticatePlain(int chunk) {
        PrivateCertificate cert = SelfSigned.create("imap.test");
        ImapClientProtocol client = new ImapClientProtocol(clock);
        LoopbackPump pump = LoopbackPump.builder().clock(clock).chunkSize(chunk).maxSteps(1_000_000)
                .connect(server(TlsOptions.forServer(cert)), client);
        Deferred<String> plain = client.login("alice", "secret");
        pump.pump();
        assertInstanceOf(ImapServerException.class, failure(plain).value(), "no plain-text LOGIN before TLS");
        Deferred<String> tls = client.startTLS(TlsOptions.forClient("imap.test").withTrustRoots(List.of(cert.certificate())));
        Deferred<String> auth = client.authenticatePlain("alice", "secret");
        Deferred<ImapMailboxInfo> select = client.select("INBOX");
        pump.pump();
        result(tls);
        result(auth);
        assertEquals(2, result(select).exists());
    }

    @Test
    void idleHearsNewMailUntilDone() throws IOException {
        ImapClientProtocol client = new ImapClientProtocol(clock);
        List<Long> exists = new ArrayList<>();
        client.setListener(new ImapUntaggedListener() {
            @Override
            public void exists(long count) {
                exists.add(count);
            }
        });
        LoopbackPump pump = LoopbackPump.builder().clock(clock).connect(server(null), client);
        client.login("alice", "secret");
        Deferred<ImapMailboxInfo> select = client.select("INBOX");
        pump.pump();
        assertEquals(2, result(select).exists());
        exists.clear();
        ImapIdle idle = client.idle();
        Deferred<String> noopAfter = client.noop();
        pump.pump();
        result(idle.started());
        maildir.deliver(bytes("Subject: new\r\n\r\nwake up\r\n"));
        clock.advance(3);
        pump.pump();
        assertEquals(List.of(3L), exists);
        assertFalse(noopAfter.isCalled(), "commands wait while idling");
        Deferred<String> done = idle.done();
        pump.pump();
        result(done);
        result(noopAfter);
    }

    @Test
    void expungeInOneSessionReachesTheOthersListener() {
        ImapClientProtocol watcher = new ImapClientProtocol(clock);
        List<Long> expunged = new ArrayList<>();
        watcher.setListener(new ImapUntaggedListener() {
            @Override
            public void expunged(long n) {
                expunged.add(n);
            }
        });
        LoopbackPump watching = LoopbackPump.builder().clock(clock).connect(server(null), watcher);
        watcher.login("alice", "secret");
        watcher.select("INBOX");
        watching.pump();

        ImapClientProtocol actor = new ImapClientProtocol(clock);
        LoopbackPump acting = LoopbackPump.builder().clock(clock).connect(server(null), actor);
        actor.login("alice", "secret");
        actor.select("INBOX");
        actor.store("1", "+FLAGS.SILENT", List.of("\\Deleted"));
        Deferred<List<Long>> expunge = actor.expunge();
        acting.pump();
        assertEquals(List.of(1L), result(expunge));

        Deferred<String> noop = watcher.noop();
        watching.pump();
        result(noop);
        assertEquals(List.of(1L), expunged);
    }

    @Test
    void twentyMebibyteMessageFetchedByteExact() throws IOException {
        byte[] big = io.twisted.mail.pop3.client.Pop3ClientProtocolTestAccess.bigMessage();
        maildir.deliver(big);
        ImapClientProtocol client = new ImapClientProtocol(clock);
        LoopbackPump pump = LoopbackPump.builder().clock(clock).maxSteps(10_000_000).connect(server(null), client);
        client.login("alice", "secret");
        client.select("INBOX");
        Deferred<Map<Long, Map<String, Object>>> fetch = client.fetch("3", "(RFC822.SIZE BODY.PEEK[])");
        pump.pump();
        Map<String, Object> items = result(fetch).get(3L);
        assertEquals(String.valueOf(big.length), items.get("RFC822.SIZE"));
        assertArrayEquals(big, (byte[]) items.get("BODY[]"));
    }

    // ------------------------------------------------------------------ scripted server

    private static final String SCRIPT = "* OK [CAPABILITY IMAP4rev1 IDLE] ready\r\n"
            + "* 1 FETCH (UID 7 FLAGS (\\Seen $Label) BODY[HEADER.FIELDS (SUBJECT)] {11}\r\nSubject: x\n"
            + " INTERNALDATE \"17-Jul-1996 02:44:25 -0700\" X-NIL NIL)\r\n"
            + "* 2 FETCH (BODY[]<0> {0}\r\n)\r\n"
            + "A1 OK FETCH done\r\n";

    @Test
    void parsesFetchResponsesInEveryChunking() {
        for (Chunkings.Chunking chunking : Chunkings.of(SCRIPT)) {
            StringTransport transport = new StringTransport();
            ImapClientProtocol client = new ImapClientProtocol(clock);
            client.makeConnection(transport);
            Deferred<Map<Long, Map<String, Object>>> fetch = client.fetch("1:2", "(UID FLAGS BODY[HEADER.FIELDS (SUBJECT)])");
            chunking.feedTo(client);
            assertEquals("A1 FETCH 1:2 (UID FLAGS BODY[HEADER.FIELDS (SUBJECT)])\r\n", transport.valueAsString());
            assertEquals(Set.of("IMAP4REV1", "IDLE"), client.lastCapabilities(), chunking.toString());
            Map<String, Object> one = result(fetch).get(1L);
            assertEquals("7", one.get("UID"));
            assertEquals(List.of("\\Seen", "$Label"), one.get("FLAGS"));
            assertArrayEquals(bytes("Subject: x\n"), (byte[]) one.get("BODY[HEADER.FIELDS (SUBJECT)]"), chunking.toString());
            assertArrayEquals(bytes("17-Jul-1996 02:44:25 -0700"), (byte[]) one.get("INTERNALDATE"));
            assertTrue(one.containsKey("X-NIL"));
            assertNull(one.get("X-NIL"));
            assertArrayEquals(new byte[0], (byte[]) result(fetch).get(2L).get("BODY[]<0>"));
        }
    }

    private static final String STATUS_SCRIPT = "* OK hi\r\n"
            + "* STATUS \"Sent Items\" (MESSAGES 231 UIDNEXT 44292 unseen 0)\r\nA1 OK STATUS done\r\n"
            + "* NAMESPACE ((\"\" \".\")) NIL ((\"#shared.\" \".\") (\"#public.\" NIL))\r\nA2 OK NAMESPACE done\r\n"
            + "* LSUB () \".\" news.misc\r\nA3 OK LSUB done\r\n";

    @Test
    void parsesStatusNamespaceAndLsubInEveryChunking() {
        for (Chunkings.Chunking chunking : Chunkings.of(STATUS_SCRIPT)) {
            StringTransport transport = new StringTransport();
            ImapClientProtocol client = new ImapClientProtocol(clock);
            client.makeConnection(transport);
            Deferred<Map<String, Long>> status = client.status("Sent Items", List.of("messages", "UIDNEXT", "UNSEEN"));
            Deferred<List<List<List<String>>>> ns = client.namespace();
            Deferred<List<ImapListEntry>> lsub = client.lsub("", "news.*");
            chunking.feedTo(client);
            assertEquals("A1 STATUS \"Sent Items\" (MESSAGES UIDNEXT UNSEEN)\r\n", transport.valueAsString().lines().findFirst().orElseThrow() + "\r\n");
            assertEquals(Map.of("MESSAGES", 231L, "UIDNEXT", 44292L, "UNSEEN", 0L), result(status), chunking.toString());
            List<List<List<String>>> namespaces = result(ns);
            assertEquals(List.of(List.of("", ".")), namespaces.get(0));
            assertEquals(List.of(), namespaces.get(1));
            assertEquals(java.util.Arrays.asList("#public.", null), namespaces.get(2).get(1));
            assertEquals(List.of(new ImapListEntry(List.of(), ".", "news.misc")), result(lsub));
        }
    }

    @Test
    void malformedStatusFailsTheCommand() {
        StringTransport transport = new StringTransport();
        ImapClientProtocol client = new ImapClientProtocol(clock);
        client.makeConnection(transport);
        Deferred<Map<String, Long>> status = client.status("INBOX", List.of("MESSAGES"));
        client.dataReceived(io.twisted.testing.Bytes.ascii("* OK hi\r\n* STATUS INBOX (MESSAGES)\r\nA1 OK done\r\n"));
        assertInstanceOf(ImapProtocolException.class, failure(status).value());
        assertThrows(IllegalArgumentException.class, () -> client.status("INBOX", List.of("MESSAGES)")));
        assertThrows(IllegalArgumentException.class, () -> client.uidStore("1", "FLAGZ", List.of()));
    }

    @Test
    void appendWaitsForTheContinuation() {
        StringTransport transport = new StringTransport();
        ImapClientProtocol client = new ImapClientProtocol(clock);
        client.makeConnection(transport);
        client.dataReceived(io.twisted.testing.Bytes.ascii("* OK hi\r\n"));
        Deferred<String> append = client.append("Sent Items", List.of(), bytes("abc"));
        assertEquals("A1 APPEND \"Sent Items\" {3}\r\n", transport.valueAsString());
        client.dataReceived(io.twisted.testing.Bytes.ascii("+ go ahead\r\n"));
        assertEquals("A1 APPEND \"Sent Items\" {3}\r\nabc\r\n", transport.valueAsString());
        client.dataReceived(io.twisted.testing.Bytes.ascii("A1 OK [APPENDUID 1 5] done\r\n"));
        assertEquals("done", result(append));
    }

    @Test
    void oversizedLiteralAbortsAndFailsEverything() {
        StringTransport transport = new StringTransport();
        ImapClientProtocol client = new ImapClientProtocol(clock, 60, 1000, 100);
        client.makeConnection(transport);
        Deferred<Map<Long, Map<String, Object>>> fetch = client.fetch("1", "BODY[]");
        Deferred<String> noop = client.noop();
        client.dataReceived(io.twisted.testing.Bytes.ascii("* OK hi\r\n* 1 FETCH (BODY[] {101}\r\n"));
        assertInstanceOf(ImapProtocolException.class, failure(fetch).value());
        assertInstanceOf(ImapClientException.class, failure(noop).value());
        assertTrue(transport.isAborted());
    }

    @Test
    void malformedResponseIsAProtocolError() {
        for (String bad : List.of("* 1 FETCH (UID 1\r\n", "* 1 FETCH )\r\n", "* LIST (\\Noselect \"/\" \"unterminated\r\n")) {
            StringTransport transport = new StringTransport();
            ImapClientProtocol client = new ImapClientProtocol(clock);
            client.makeConnection(transport);
            Deferred<String> noop = client.noop();
            client.dataReceived(io.twisted.testing.Bytes.ascii("* OK hi\r\n" + bad));
            assertInstanceOf(ImapProtocolException.class, failure(noop).value(), bad);
            assertTrue(transport.isAborted(), bad);
        }
    }

    @Test
    void timesOutOnTheInjectedClock() {
        StringTransport transport = new StringTransport();
        ImapClientProtocol client = new ImapClientProtocol(clock, 30, 1000, 1000);
        client.makeConnection(transport);
        client.dataReceived(io.twisted.testing.Bytes.ascii("* OK hi\r\n"));
        Deferred<String> noop = client.noop();
        clock.advance(29);
        assertFalse(noop.isCalled());
        clock.advance(1);
        assertInstanceOf(ImapClientException.class, failure(noop).value());
        assertTrue(transport.isAborted());
    }

    @Test
    void parserHandlesStatusCodesAndNil() {
        ImapResponse r = ImapResponseParser.parse("* OK [PERMANENTFLAGS (\\Seen \\*)] Limited");
        assertEquals("PERMANENTFLAGS", r.codeName());
        assertEquals(List.of("\\Seen", "\\*"), r.code().get(1));
        assertEquals("Limited", r.text());
        ImapResponse list = ImapResponseParser.parse("* LIST (\\HasNoChildren) NIL \"a \\\"b\\\"\"");
        assertNull(list.data().get(1));
        assertEquals("a \"b\"", ImapClientProtocol.string(list.data().get(2)));
        ImapResponse cont = ImapResponseParser.parse("+ idling");
        assertEquals("+", cont.type());
        assertEquals("idling", cont.text());
    }

    @SuppressWarnings("unused")
    private static String s(ByteArrayOutputStream b) {
        return b.toString(StandardCharsets.ISO_8859_1);
    }
}
