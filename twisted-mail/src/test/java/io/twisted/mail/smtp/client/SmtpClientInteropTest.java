package io.twisted.mail.smtp.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.twisted.internet.defer.Deferred;
import io.twisted.internet.tls.PrivateCertificate;
import io.twisted.internet.tls.SelfSigned;
import io.twisted.internet.tls.TlsOptions;
import io.twisted.mail.relay.MessageSender;
import io.twisted.mail.relay.MxResolver;
import io.twisted.mail.relay.RelayManager;
import io.twisted.mail.relay.RelayQueue;
import io.twisted.mail.smtp.MailAddress;
import io.twisted.mail.smtp.client.SmtpClientOptions.AuthMechanism;
import io.twisted.mail.smtp.client.SmtpClientOptions.TlsMode;
import io.twisted.names.client.DnsResult;
import io.twisted.names.client.Resolver;
import io.twisted.names.dns.DnsName;
import io.twisted.names.dns.DnsRecord;
import io.twisted.names.dns.DnsType;
import io.twisted.names.dns.Rdata;
import io.twisted.testing.ReactorThread;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our SMTP client against aiosmtpd 1.4.3 (Debian's python3-aiosmtpd, run by
 * {@code /usr/bin/python3} with this module's copy of {@code smtp_peer.py}): STARTTLS with a
 * certificate made here, AUTH PLAIN as alice/secret, one recipient refused with 550, and the
 * message read back from the peer's Maildir byte for byte; and the relay queue delivering a
 * queued message to the peer found through an MX lookup (a stand-in resolver). With {@code CI=true} a missing peer
 * fails the test instead of skipping it.
 */
class SmtpClientInteropTest {

    private static final String PYTHON = "/usr/bin/python3";

    @TempDir
    Path dir;

    private Process peer;
    private int port;
    private PrivateCertificate cert;

    private static void missing(String what) {
        if ("true".equals(System.getenv("CI"))) {
            fail("interop peer missing (CI=true): " + what);
        }
        Assumptions.assumeTrue(false, what + " is not installed");
    }

    @BeforeEach
    void startPeer() throws Exception {
        if (!Files.isExecutable(Path.of(PYTHON))) {
            missing(PYTHON);
        }
        Process probe = new ProcessBuilder(PYTHON, "-c", "import aiosmtpd").redirectErrorStream(true).start();
        probe.getInputStream().readAllBytes();
        if (!probe.waitFor(30, TimeUnit.SECONDS) || probe.exitValue() != 0) {
            missing("python3-aiosmtpd");
        }
        Path script = dir.resolve("smtp_peer.py");
        try (InputStream in = SmtpClientInteropTest.class.getResourceAsStream("smtp_peer.py")) {
            assertNotNull(in, "smtp_peer.py test resource");
            Files.copy(in, script);
        }
        cert = SelfSigned.create("mx.example.test");
        cert.writePem(dir.resolve("key.pem"), dir.resolve("cert.pem"));
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        peer = new ProcessBuilder(PYTHON, script.toString(), Integer.toString(port), dir.toString(),
                dir.resolve("cert.pem").toString(), dir.resolve("key.pem").toString())
                .redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(peer.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> ready = CompletableFuture.supplyAsync(() -> {
            try {
                for (String line; (line = out.readLine()) != null; ) {
                    if (line.startsWith("smtp peer listening")) {
                        return line;
                    }
                }
                return null;
            } catch (java.io.IOException e) {
                return null;
            }
        });
        String line = ready.get(30, TimeUnit.SECONDS);
        assertNotNull(line, "the peer did not start");
    }

    @AfterEach
    void stopPeer() throws Exception {
        if (peer != null) {
            peer.destroy();
            if (!peer.waitFor(10, TimeUnit.SECONDS)) {
                peer.destroyForcibly();
            }
        }
    }

    private static <T> Object await(ReactorThread rt, java.util.concurrent.Callable<Deferred<T>> start) throws Exception {
        CompletableFuture<Object> done = new CompletableFuture<>();
        rt.run(() -> {
            try {
                start.call().addCallbacks(r -> done.complete(r), f -> done.complete(f.value()));
            } catch (Exception e) {
                done.complete(e);
            }
        });
        try {
            return done.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e;
        }
    }

    @Test
    void startTlsAuthPlainAndPartialRefusalDeliversByteExact() throws Exception {
        // The longest line aiosmtpd takes: 998 octets + CRLF (RFC 5321 section 4.5.3.1.6); it answers 500 beyond.
        byte[] message = ("From: alice@example.org\r\nTo: bob@example.test\r\nSubject: interop\r\n\r\n"
                + ".leading dot\r\n..two dots\r\n.\r\ntrailing spaces   \r\n" + "x".repeat(998) + "\r\nlast line\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        SmtpClientOptions options = SmtpClientOptions.builder().heloName("client.example.org")
                .tls(TlsMode.REQUIRED, TlsOptions.forClient("mx.example.test").withTrustRoots(cert.certificateChain()))
                .auth("alice", "secret").mechanisms(AuthMechanism.PLAIN).build();
        Object outcome;
        try (ReactorThread rt = new ReactorThread("smtp-interop")) {
            outcome = await(rt, () -> SmtpClient.sendmail(rt.reactor, "127.0.0.1", port,
                    MailAddress.parse("alice@example.org"),
                    List.of(MailAddress.parse("bob@example.test"), MailAddress.parse("reject@example.test")),
                    message, options));
        }
        if (outcome instanceof Throwable t) {
            throw new AssertionError("sendmail failed", t);
        }
        SendResult result = (SendResult) outcome;
        assertEquals(List.of("bob@example.test"), result.accepted().stream().map(r -> r.address().toString()).toList());
        assertEquals(550, result.refused().get(0).reply().code());
        assertEquals("5.1.1", result.refused().get(0).reply().enhanced());
        assertEquals(250, result.dataReply().code());

        List<Path> files;
        try (Stream<Path> s = Files.list(dir.resolve("Maildir/new"))) {
            files = s.toList();
        }
        assertEquals(1, files.size());
        // Python's mailbox stores lines with LF and adds the peer's envelope header after the others.
        String text = new String(message, StandardCharsets.US_ASCII).replace("\r\n", "\n");
        int blank = text.indexOf("\n\n");
        String expected = text.substring(0, blank + 1) + "X-Peer-Envelope: from=<alice@example.org> to=<bob@example.test> tls=yes\n"
                + text.substring(blank + 1);
        assertArrayEquals(expected.getBytes(StandardCharsets.US_ASCII), Files.readAllBytes(files.get(0)));
    }

    @Test
    void wrongPasswordFailsWithTheServersReply() throws Exception {
        SmtpClientOptions options = SmtpClientOptions.builder()
                .tls(TlsMode.REQUIRED, TlsOptions.forClient("mx.example.test").withTrustRoots(cert.certificateChain()))
                .auth("alice", "wrong").mechanisms(AuthMechanism.LOGIN).build();
        Object outcome;
        try (ReactorThread rt = new ReactorThread("smtp-interop")) {
            outcome = await(rt, () -> SmtpClient.sendmail(rt.reactor, "127.0.0.1", port, "alice@example.org",
                    List.of("bob@example.test"), "Subject: x\r\n\r\nx\r\n".getBytes(StandardCharsets.US_ASCII), options));
        }
        SmtpAuthException e = assertInstanceOf(SmtpAuthException.class, outcome);
        assertEquals(535, e.reply().code());
        try (Stream<Path> s = Files.list(dir.resolve("Maildir/new"))) {
            assertTrue(s.findAny().isEmpty());
        }
    }

    @Test
    void relayQueueDeliversThroughMxLookupToThePeer() throws Exception {
        // DNS stand-in: example.test has MX mx.example.test, which is 127.0.0.1 (the peer).
        Resolver dns = q -> {
            String name = q.name().toString().replaceAll("\\.$", "");
            List<DnsRecord> answers = List.of();
            if (name.equals("example.test") && q.type().equals(DnsType.MX)) {
                answers = List.of(new DnsRecord(q.name(), 60, Rdata.mx(10, DnsName.of("mx.example.test"))));
            } else if (name.equals("mx.example.test") && q.type().equals(DnsType.A)) {
                answers = List.of(new DnsRecord(q.name(), 60, Rdata.a("127.0.0.1")));
            }
            return Deferred.succeed(new DnsResult(answers, List.of(), List.of()));
        };
        byte[] message = "From: alice@local.test\r\nSubject: relayed\r\n\r\n.dot line\r\nbody\r\n"
                .getBytes(StandardCharsets.US_ASCII);
        SmtpClientOptions options = SmtpClientOptions.builder().heloName("relay.local.test")
                .tls(TlsMode.REQUIRED, TlsOptions.forClient("mx.example.test").withTrustRoots(cert.certificateChain())).build();
        CompletableFuture<Object> sent = new CompletableFuture<>();
        try (ReactorThread rt = new ReactorThread("relay-interop")) {
            MessageSender smtp = MessageSender.smtp(rt.reactor, port, options);
            MessageSender watched = (host, address, from, to, body) -> smtp.send(host, address, from, to, body)
                    .addBoth(r -> {
                        sent.complete(r instanceof io.twisted.internet.defer.Failure f ? f.value() : r);
                        return r;
                    });
            RelayManager manager = rt.call(() -> {
                RelayQueue queue = new RelayQueue(dir.resolve("relay"), () -> System.currentTimeMillis() / 1000.0);
                RelayManager m = new RelayManager(queue, rt.reactor, () -> System.currentTimeMillis() / 1000.0,
                        new MxResolver(dns), watched, (to, bounce) -> Deferred.fail(new AssertionError("bounced")),
                        "relay.local.test");
                m.start();
                queue.enqueue(MailAddress.parse("alice@local.test"), List.of(MailAddress.parse("bob@example.test")), message);
                return m;
            });
            Object outcome = sent.get(30, TimeUnit.SECONDS);
            if (outcome instanceof Throwable t) {
                throw new AssertionError("relay failed", t);
            }
            assertEquals(1, ((SendResult) outcome).accepted().size());
            assertEquals(0, (int) rt.call(manager::pending));
        }
        try (Stream<Path> s = Files.list(dir.resolve("relay/queue"))) {
            assertTrue(s.findAny().isEmpty(), "delivered entries leave the queue");
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(dir.resolve("Maildir/new"))) {
            files = s.toList();
        }
        assertEquals(1, files.size());
        assertArrayEquals(("From: alice@local.test\nSubject: relayed\n"
                + "X-Peer-Envelope: from=<alice@local.test> to=<bob@example.test> tls=yes\n\n.dot line\nbody\n")
                .getBytes(StandardCharsets.US_ASCII), Files.readAllBytes(files.get(0)));
    }

    @Test
    void opportunisticRelayEncryptsToAPeerWhoseCertificateDoesNotVerify() throws Exception {
        // The MX is "other.example.test"; the peer's self-signed certificate names mx.example.test
        // and is in no trust store: opportunistic TLS (the relay's default) still encrypts.
        Resolver dns = q -> {
            String name = q.name().toString().replaceAll("\\.$", "");
            List<DnsRecord> answers = List.of();
            if (name.equals("example.test") && q.type().equals(DnsType.MX)) {
                answers = List.of(new DnsRecord(q.name(), 60, Rdata.mx(10, DnsName.of("other.example.test"))));
            } else if (name.equals("other.example.test") && q.type().equals(DnsType.A)) {
                answers = List.of(new DnsRecord(q.name(), 60, Rdata.a("127.0.0.1")));
            }
            return Deferred.succeed(new DnsResult(answers, List.of(), List.of()));
        };
        byte[] message = "Subject: opportunistic\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII);
        CompletableFuture<Object> sent = new CompletableFuture<>();
        try (ReactorThread rt = new ReactorThread("relay-interop-opportunistic")) {
            MessageSender smtp = MessageSender.smtp(rt.reactor, port,
                    SmtpClientOptions.builder().heloName("relay.local.test").build());
            MessageSender watched = (host, address, from, to, body) -> smtp.send(host, address, from, to, body)
                    .addBoth(r -> {
                        sent.complete(r instanceof io.twisted.internet.defer.Failure f ? f.value() : r);
                        return r;
                    });
            rt.call(() -> {
                RelayQueue queue = new RelayQueue(dir.resolve("relay"), () -> System.currentTimeMillis() / 1000.0);
                RelayManager m = new RelayManager(queue, rt.reactor, () -> System.currentTimeMillis() / 1000.0,
                        new MxResolver(dns), watched, (to, bounce) -> Deferred.fail(new AssertionError("bounced")),
                        "relay.local.test");
                m.start();
                queue.enqueue(MailAddress.parse("alice@local.test"), List.of(MailAddress.parse("bob@example.test")), message);
                return m;
            });
            Object outcome = sent.get(30, TimeUnit.SECONDS);
            if (outcome instanceof Throwable t) {
                throw new AssertionError("relay failed", t);
            }
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(dir.resolve("Maildir/new"))) {
            files = s.toList();
        }
        assertEquals(1, files.size());
        assertArrayEquals(("Subject: opportunistic\n"
                + "X-Peer-Envelope: from=<alice@local.test> to=<bob@example.test> tls=yes\n\nbody\n")
                .getBytes(StandardCharsets.US_ASCII), Files.readAllBytes(files.get(0)));
    }
}
