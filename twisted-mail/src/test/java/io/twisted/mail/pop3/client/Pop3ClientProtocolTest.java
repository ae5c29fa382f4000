package io.twisted.mail.pop3.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
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
import io.twisted.mail.MaildirPop3Mailbox;
import io.twisted.mail.maildir.Maildir;
import io.twisted.mail.maildir.MaildirNames;
import io.twisted.mail.pop3.Pop3ServerProtocol;
import io.twisted.testing.Chunkings;
import io.twisted.testing.LoopbackPump;
import io.twisted.testing.StringTransport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link Pop3ClientProtocol} against our own {@link Pop3ServerProtocol} over a temporary Maildir,
 * in memory through {@link LoopbackPump} with chunk sizes 1, 7 and whole; and against scripted
 * replies on a {@link StringTransport} fed whole, split at every point and byte by byte.
 */
class Pop3ClientProtocolTest {

    private static final String MSG1 = "From: a@b.test\r\nSubject: one\r\n\r\nhello\r\n.dot line\r\n..two dots\r\n.\r\nlast\r\n";
    private static final String MSG2 = "Subject: two\r\n\r\nsecond body\r\n";

    @TempDir
    Path dir;

    private final Clock clock = new Clock();
    private Maildir maildir;
    private PrivateCertificate cert;

    @BeforeEach
    void setUp() throws IOException {
        maildir = Maildir.open(dir.resolve("alice"),
                new MaildirNames(java.time.Clock.fixed(Instant.ofEpochSecond(1_700_000_000), ZoneOffset.UTC), "h"));
        maildir.deliver(MSG1.getBytes(StandardCharsets.US_ASCII));
        maildir.deliver(MSG2.getBytes(StandardCharsets.US_ASCII));
    }

    private Portal portal() {
        Realm realm = new Realm() {
            @Override
            public <A> Deferred<Login<A>> requestAvatar(Object id, Object mind, List<Class<? extends A>> ifaces) {
                try {
                    MaildirPop3Mailbox box = new MaildirPop3Mailbox(maildir);
                    return Deferred.succeed(new Login<>(ifaces.get(0), ifaces.get(0).cast(box), null));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
        return new Portal(realm, List.of(new InMemoryUsernamePasswordDatabase().addUser("alice", "secret")));
    }

    private Pop3ServerProtocol server(boolean tls) {
        TlsOptions t = null;
        if (tls) {
            cert = SelfSigned.create("pop.example.test");
            t = TlsOptions.forServer(cert);
        }
        return new Pop3ServerProtocol(new Pop3ServerProtocol.Options("pop.example.test", portal(), t, !tls, 600, new Random(3)), clock);
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

    private static String s(byte[] b) {
        return new String(b, StandardCharsets.US_ASCII);
    }

    @ParameterizedTest(name = "chunk size {0}")
    @ValueSource(ints = {1, 7, Integer.MAX_VALUE})
    void fullSessionAgainstOurServer(int chunk) throws IOException {
        Pop3ClientProtocol client = new Pop3ClientProtocol(clock);
        LoopbackPump pump = LoopbackPump.builder().clock(clock).chunkSize(chunk).maxSteps(1_000_000).connect(server(false), client);
        Deferred<List<String>> capa = client.capabilities();
        Deferred<String> login = client.login("alice", "secret");
        Deferred<Pop3Stat> stat = client.stat();
        Deferred<Map<Integer, Long>> list = client.listSize();
        Deferred<Map<Integer, String>> uidl = client.listUID();
        Deferred<byte[]> retr = client.retrieve(1);
        ByteArrayOutputStream streamed = new ByteArrayOutputStream();
        Deferred<Void> retr2 = client.retrieve(2, line -> {
            streamed.writeBytes(line);
            streamed.writeBytes(new byte[] {'\r', '\n'});
        });
        Deferred<byte[]> top = client.top(1, 1);
        Deferred<String> noop = client.noop();
        Deferred<String> dele = client.delete(2);
        Deferred<Pop3Stat> stat2 = client.stat();
        Deferred<String> rset = client.reset();
        Deferred<String> dele2 = client.delete(1);
        Deferred<String> quit = client.quit();
        pump.pump();

        assertTrue(result(client.greeting()).contains("@pop.example.test>"));
        assertTrue(result(capa).contains("UIDL"), result(capa).toString());
        assertNotNull(result(login));
        long size1 = MSG1.length();
        long size2 = MSG2.length();
        assertEquals(new Pop3Stat(2, size1 + size2), result(stat));
        assertEquals(Map.of(1, size1, 2, size2), result(list));
        assertEquals(2, result(uidl).size());
        assertArrayEquals(MSG1.getBytes(StandardCharsets.US_ASCII), result(retr));
        result(retr2);
        assertEquals(MSG2, streamed.toString(StandardCharsets.US_ASCII));
        assertEquals("From: a@b.test\r\nSubject: one\r\n\r\nhello\r\n", s(result(top)));
        result(noop);
        result(dele);
        assertEquals(new Pop3Stat(1, size1), result(stat2));
        result(rset);
        result(dele2);
        result(quit);
        assertTrue(pump.isClosed());
        assertEquals(1, maildir.messages().size(), "DELE 1 applied at QUIT");
    }

    @ParameterizedTest(name = "chunk size {0}")
    @ValueSource(ints = {1, 7, Integer.MAX_VALUE})
    void apopLogsInWithTheGreetingTimestamp(int chunk) {
        Pop3ClientProtocol client = new Pop3ClientProtocol(clock);
        LoopbackPump pump = LoopbackPump.builder().clock(clock).chunkSize(chunk).connect(server(false), client);
        Deferred<String> wrong = client.apop("alice", "nope");
        Deferred<String> ok = client.apop("alice", "secret");
        Deferred<Pop3Stat> stat = client.stat();
        pump.pump();
        assertNotNull(client.apopTimestamp());
        assertInstanceOf(Pop3ServerException.class, failure(wrong).value());
        result(ok);
        assertEquals(2, result(stat).messageCount());
    }

    @Test
    void startTlsThenLoginOverTls() {
        Pop3ServerProtocol server = server(true);
        Pop3ClientProtocol client = new Pop3ClientProtocol(clock);
        LoopbackPump pump = LoopbackPump.builder().clock(clock).maxSteps(100_000).connect(server, client);
        Deferred<String> refused = client.login("alice", "secret");
        pump.pump();
        Pop3ServerException e = assertInstanceOf(Pop3ServerException.class, failure(refused).value());
        assertFalse(e.getMessage().contains("secret"), "the password is never in an error message");
        Deferred<String> tls = client.startTLS(
                TlsOptions.forClient("pop.example.test").withTrustRoots(List.of(cert.certificate())));
        Deferred<String> login = client.login("alice", "secret");
        Deferred<byte[]> retr = client.retrieve(2);
        pump.pump();
        result(tls);
        result(login);
        assertEquals(MSG2, s(result(retr)));
    }

    @Test
    void errCarriesTheServerTextAndTheNextCommandProceeds() {
        Pop3ClientProtocol client = new Pop3ClientProtocol(clock);
        LoopbackPump pump = LoopbackPump.builder().clock(clock).connect(server(false), client);
        client.login("alice", "secret");
        Deferred<byte[]> missing = client.retrieve(9);
        Deferred<String> noop = client.noop();
        pump.pump();
        Pop3ServerException e = assertInstanceOf(Pop3ServerException.class, failure(missing).value());
        assertFalse(e.serverText().isEmpty());
        result(noop);
    }

    /** 20 MiB with 10,000-octet lines and dot-starting lines, as the mail issue's round trip asks. */
    static byte[] bigMessage() {
        StringBuilder line = new StringBuilder();
        String long1 = "y".repeat(10_000);
        ByteArrayOutputStream out = new ByteArrayOutputStream(21 << 20);
        out.writeBytes("Subject: big\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        int i = 0;
        while (out.size() < 20 << 20) {
            line.setLength(0);
            line.append(i % 3 == 0 ? "." : "").append(i % 7 == 0 ? ".." : "").append(long1).append(i++).append("\r\n");
            out.writeBytes(line.toString().getBytes(StandardCharsets.US_ASCII));
        }
        return out.toByteArray();
    }

    @Test
    void twentyMebibyteMessageRoundTripsByteExactCollectedAndStreamed() throws IOException {
        byte[] big = bigMessage();
        maildir.deliver(big);
        Pop3ClientProtocol client = new Pop3ClientProtocol(clock);
        LoopbackPump pump = LoopbackPump.builder().clock(clock).maxSteps(10_000_000).connect(server(false), client);
        client.login("alice", "secret");
        Deferred<byte[]> collected = client.retrieve(3);
        ByteArrayOutputStream streamed = new ByteArrayOutputStream(21 << 20);
        Deferred<Void> done = client.retrieve(3, line -> {
            streamed.writeBytes(line);
            streamed.writeBytes(new byte[] {'\r', '\n'});
        });
        pump.pump();
        assertArrayEquals(big, result(collected));
        result(done);
        assertArrayEquals(big, streamed.toByteArray());
    }

    // ------------------------------------------------------------------ scripted server

    private static final String SCRIPT = "+OK ready <1.2@host>\r\n"
            + "+OK 2 messages\r\n"
            + "1 10\r\n2 20\r\n.\r\n"
            + "+OK here\r\n"
            + "..leading dot\r\n"
            + ".\r\n";

    @Test
    void decodesScriptedRepliesInEveryChunking() {
        for (Chunkings.Chunking chunking : Chunkings.of(SCRIPT)) {
            StringTransport transport = new StringTransport();
            Pop3ClientProtocol client = new Pop3ClientProtocol(clock);
            client.makeConnection(transport);
            Deferred<Map<Integer, Long>> list = client.listSize();
            Deferred<byte[]> retr = client.retrieve(1);
            chunking.feedTo(client);
            assertEquals("<1.2@host>", client.apopTimestamp(), chunking.toString());
            assertEquals(Map.of(1, 10L, 2, 20L), result(list), chunking.toString());
            assertEquals(".leading dot\r\n", s(result(retr)), chunking.toString());
            assertEquals("LIST\r\nRETR 1\r\n", transport.valueAsString());
        }
    }

    @Test
    void oversizedResponseFailsThatCommandOnly() {
        StringTransport transport = new StringTransport();
        Pop3ClientProtocol client = new Pop3ClientProtocol(clock, 60, 1000, 16);
        client.makeConnection(transport);
        Deferred<byte[]> big = client.retrieve(1);
        Deferred<String> noop = client.noop();
        client.dataReceived(io.twisted.testing.Bytes.ascii("+OK hi\r\n+OK\r\n0123456789\r\n0123456789\r\n.\r\n+OK noop\r\n"));
        assertInstanceOf(Pop3ClientException.class, failure(big).value());
        assertEquals("noop", result(noop));
    }

    @Test
    void timesOutOnTheInjectedClockAndAborts() {
        StringTransport transport = new StringTransport();
        Pop3ClientProtocol client = new Pop3ClientProtocol(clock, 30, 1000, 1000);
        client.makeConnection(transport);
        client.dataReceived(io.twisted.testing.Bytes.ascii("+OK hi\r\n"));
        Deferred<Pop3Stat> stat = client.stat();
        clock.advance(29);
        assertFalse(stat.isCalled());
        clock.advance(1);
        assertInstanceOf(Pop3ClientException.class, failure(stat).value());
        assertTrue(transport.isAborted());
        Deferred<String> after = client.noop();
        assertInstanceOf(Pop3ClientException.class, failure(after).value());
    }

    @Test
    void malformedStatusAbortsAndFailsEverything() {
        StringTransport transport = new StringTransport();
        Pop3ClientProtocol client = new Pop3ClientProtocol(clock);
        client.makeConnection(transport);
        Deferred<String> noop = client.noop();
        Deferred<String> quit = client.quit();
        client.dataReceived(io.twisted.testing.Bytes.ascii("+OK hi\r\nHELLO?\r\n"));
        assertInstanceOf(Pop3ClientException.class, failure(noop).value());
        assertInstanceOf(Pop3ClientException.class, failure(quit).value());
    }
}
