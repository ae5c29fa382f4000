package io.twisted.mail.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twisted.internet.defer.Deferred;
import io.twisted.internet.error.ConnectionRefusedError;
import io.twisted.internet.task.Clock;
import io.twisted.mail.smtp.MailAddress;
import io.twisted.mail.smtp.SmtpReply;
import io.twisted.mail.smtp.client.RecipientResult;
import io.twisted.mail.smtp.client.SendResult;
import io.twisted.mail.smtp.client.SmtpDeliveryException;
import io.twisted.names.client.DnsNameError;
import io.twisted.names.client.DnsResult;
import io.twisted.names.client.Resolver;
import io.twisted.names.dns.DnsName;
import io.twisted.names.dns.DnsQuestion;
import io.twisted.names.dns.DnsRecord;
import io.twisted.names.dns.DnsType;
import io.twisted.names.dns.Rdata;
import io.twisted.testing.StringTransport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The relay queue and manager on a {@link Clock}, with a fake DNS and a fake SMTP sender. */
class RelayManagerTest {

    static final double EPOCH = 1_700_000_000;
    static final MailAddress ALICE = MailAddress.parse("alice@local.test");
    static final MailAddress BOB = MailAddress.parse("bob@example.com");
    static final MailAddress CAROL = MailAddress.parse("carol@example.com");
    static final byte[] MESSAGE = "Subject: hello\r\nFrom: alice@local.test\r\n\r\n.body\r\n".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path dir;

    private Clock clock = new Clock();
    private final Map<String, List<Rdata>> zone = new HashMap<>();
    private final List<String> nxdomains = new ArrayList<>();
    private final List<Call> calls = new ArrayList<>();
    private final List<byte[]> bounces = new ArrayList<>();
    private final List<MailAddress> bounceTo = new ArrayList<>();
    private Function<Call, Deferred<SendResult>> server = c -> Deferred.fail(new ConnectionRefusedError("refused"));

    /** One send; the fake server reads the whole body (into {@code sink}) before it answers, as SMTP does. */
    record Call(double at, String host, String address, MailAddress from, List<MailAddress> to, StringTransport sink) { }

    private MessageSender fakeSender() {
        return (host, address, from, to, body) -> {
            Call c = new Call(clock.seconds(), host, address, from, to, new StringTransport());
            calls.add(c);
            return body.startProducing(c.sink()).addCallbackDeferred(v -> server.apply(c));
        };
    }

    private final Resolver resolver = new Resolver() {
        @Override
        public Deferred<DnsResult> query(DnsQuestion q) {
            String name = q.name().toString().replaceAll("\\.$", "");
            if (nxdomains.contains(name)) {
                return Deferred.fail(new DnsNameError(name));
            }
            List<DnsRecord> answers = new ArrayList<>();
            for (Rdata r : zone.getOrDefault(name, List.of())) {
                if (r.type().equals(q.type())) {
                    answers.add(new DnsRecord(q.name(), 300, r));
                }
            }
            return Deferred.succeed(new DnsResult(answers, List.of(), List.of()));
        }
    };

    private RelayQueue queue() throws Exception {
        return new RelayQueue(dir, () -> EPOCH + clock.seconds());
    }

    private RelayManager manager(RelayQueue q, List<Double> delays, double maxAge) {
        return new RelayManager(q, clock, () -> EPOCH + clock.seconds(), new MxResolver(resolver), fakeSender(), (to, msg) -> {
            bounceTo.add(to);
            bounces.add(msg);
            return Deferred.succeed(null);
        }, "relay.local.test", delays, maxAge);
    }

    private void exampleComHasTwoExchangers() {
        zone.put("example.com", List.of(Rdata.mx(20, DnsName.of("mx2.example.com")), Rdata.mx(10, DnsName.of("mx1.example.com"))));
        zone.put("mx1.example.com", List.of(Rdata.a("192.0.2.1")));
        zone.put("mx2.example.com", List.of(Rdata.a("192.0.2.2")));
    }

    private List<String> queueFiles() throws Exception {
        try (Stream<Path> s = Files.list(dir.resolve("queue"))) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static SendResult results(RecipientResult... r) {
        return new SendResult(List.of(r), SmtpReply.of(250, "2.0.0", "ok"));
    }

    /** Runs the reactor's pending zero-delay calls (message streaming yields between bursts). */
    private void settle() {
        for (int i = 0; i < 5; i++) {
            clock.advance(0);
        }
    }

    @Test
    void deliversThroughTheMxHostsInPreferenceOrderAndRemovesTheEntry() throws Exception {
        exampleComHasTwoExchangers();
        server = c -> c.host().equals("mx1.example.com") ? Deferred.fail(new ConnectionRefusedError("down"))
                : Deferred.succeed(results(new RecipientResult(BOB, SmtpReply.of(250, null, "ok"))));
        RelayQueue q = queue();
        RelayManager m = manager(q, RelayManager.DEFAULT_RETRY_DELAYS, RelayManager.DEFAULT_MAX_AGE);
        m.start();
        q.enqueue(ALICE, List.of(BOB), MESSAGE);
        assertEquals(2, queueFiles().size());
        settle();
        assertEquals(List.of("mx1.example.com/192.0.2.1", "mx2.example.com/192.0.2.2"),
                calls.stream().map(c -> c.host() + "/" + c.address()).toList());
        assertEquals(new String(MESSAGE, StandardCharsets.US_ASCII), calls.get(1).sink().valueAsString());
        assertEquals(List.of(), queueFiles());
        assertTrue(bounces.isEmpty());
        assertEquals(0, m.pending());
    }

    @Test
    void domainWithoutMxIsItsOwnExchangerThroughItsARecord() throws Exception {
        zone.put("example.com", List.of(Rdata.a("192.0.2.9")));
        server = c -> Deferred.succeed(results(new RecipientResult(BOB, SmtpReply.of(250, null, "ok"))));
        RelayQueue q = queue();
        manager(q, RelayManager.DEFAULT_RETRY_DELAYS, RelayManager.DEFAULT_MAX_AGE).start();
        q.enqueue(ALICE, List.of(BOB), MESSAGE);
        settle();
        assertEquals(List.of("example.com/192.0.2.9"), calls.stream().map(c -> c.host() + "/" + c.address()).toList());
    }

    @Test
    void retriesOnTheScheduleThenBouncesWhenTooOld() throws Exception {
        exampleComHasTwoExchangers();
        zone.remove("mx2.example.com");
        zone.put("example.com", List.of(Rdata.mx(10, DnsName.of("mx1.example.com"))));
        RelayQueue q = queue();
        manager(q, List.of(60.0, 300.0), 1000).start();
        q.enqueue(ALICE, List.of(BOB), MESSAGE);
        for (int i = 0; i < 2000; i++) {
            clock.advance(1);
        }
        assertEquals(List.of(1.0, 61.0, 361.0, 661.0, 961.0), calls.stream().map(Call::at).toList());
        assertEquals(List.of(ALICE), bounceTo);
        String bounce = new String(bounces.get(0), StandardCharsets.US_ASCII);
        assertTrue(bounce.contains("Content-Type: multipart/report; report-type=delivery-status;"), bounce);
        assertTrue(bounce.contains("\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; relay.local.test\r\n"), bounce);
        assertTrue(bounce.contains("\r\nFinal-Recipient: rfc822; bob@example.com\r\nAction: failed\r\nStatus: 4.4.7\r\n"
                + "Remote-MTA: dns; mx1.example.com\r\n"), bounce);
        assertTrue(bounce.contains("\r\nContent-Type: text/rfc822-headers\r\n\r\nSubject: hello\r\nFrom: alice@local.test\r\n"), bounce);
        assertFalse(bounce.contains(".body"), "only the original header is returned");
        assertTrue(bounce.startsWith("From: Mail Delivery System <MAILER-DAEMON@relay.local.test>\r\nTo: <alice@local.test>\r\n"));
        assertTrue(bounce.endsWith("--\r\n"));
        assertEquals(List.of(), queueFiles());
    }

    @Test
    void permanentRefusalBouncesAtOnceWhileTemporaryOnesWait() throws Exception {
        exampleComHasTwoExchangers();
        server = c -> Deferred.succeed(results(new RecipientResult(BOB, SmtpReply.of(550, "5.1.1", "no such user")),
                new RecipientResult(CAROL, SmtpReply.of(452, "4.2.2", "mailbox full"))));
        RelayQueue q = queue();
        manager(q, List.of(60.0), 10_000).start();
        q.enqueue(ALICE, List.of(BOB, CAROL), MESSAGE);
        settle();
        assertEquals(1, calls.size());
        String bounce = new String(bounces.get(0), StandardCharsets.US_ASCII);
        assertTrue(bounce.contains("Final-Recipient: rfc822; bob@example.com\r\nAction: failed\r\nStatus: 5.1.1\r\n"
                + "Remote-MTA: dns; mx1.example.com\r\nDiagnostic-Code: smtp; 550 5.1.1 no such user\r\n"), bounce);
        assertFalse(bounce.contains("carol"));
        List<RelayEnvelope> left = queue().load();
        assertEquals(1, left.size());
        assertEquals(List.of(CAROL), left.get(0).recipients());
        assertEquals(1, left.get(0).attempts());
        assertEquals(EPOCH + 60, left.get(0).nextAttempt(), 1e-6);
        clock.advance(60);
        settle();
        assertEquals(List.of(CAROL), calls.get(1).to());
    }

    @Test
    void wholeTransactionRefusedWith5xxBouncesEveryone() throws Exception {
        exampleComHasTwoExchangers();
        server = c -> Deferred.fail(new SmtpDeliveryException("MAIL FROM refused", SmtpReply.of(553, "5.7.1", "sender denied"),
                List.of()));
        RelayQueue q = queue();
        manager(q, List.of(60.0), 10_000).start();
        q.enqueue(ALICE, List.of(BOB, CAROL), MESSAGE);
        settle();
        assertEquals(1, calls.size(), "a 5xx is not retried on the next exchanger");
        String bounce = new String(bounces.get(0), StandardCharsets.US_ASCII);
        assertTrue(bounce.contains("bob@example.com") && bounce.contains("carol@example.com"));
        assertTrue(bounce.contains("Status: 5.7.1"));
        assertEquals(List.of(), queueFiles());
    }

    @Test
    void nonexistentDomainBouncesAtOnce() throws Exception {
        nxdomains.add("example.com");
        RelayQueue q = queue();
        manager(q, List.of(60.0), 10_000).start();
        q.enqueue(ALICE, List.of(BOB), MESSAGE);
        settle();
        assertTrue(calls.isEmpty());
        String bounce = new String(bounces.get(0), StandardCharsets.US_ASCII);
        assertTrue(bounce.contains("Status: 5.1.2\r\n"), bounce);
        assertTrue(bounce.contains("Diagnostic-Code: X-Twisted; domain example.com does not exist\r\n"), bounce);
    }

    @Test
    void nullMxBouncesAtOnce() throws Exception {
        zone.put("example.com", List.of(Rdata.mx(0, DnsName.ROOT)));
        RelayQueue q = queue();
        manager(q, List.of(60.0), 10_000).start();
        q.enqueue(ALICE, List.of(BOB), MESSAGE);
        settle();
        assertTrue(calls.isEmpty());
        assertTrue(new String(bounces.get(0), StandardCharsets.US_ASCII).contains("Status: 5.1.10\r\n"));
    }

    @Test
    void bounceOfABounceIsDropped() throws Exception {
        nxdomains.add("example.com");
        RelayQueue q = queue();
        manager(q, List.of(60.0), 10_000).start();
        q.enqueue(MailAddress.NULL_SENDER, List.of(BOB), MESSAGE);
        settle();
        assertTrue(bounces.isEmpty());
        assertEquals(List.of(), queueFiles());
    }

    @Test
    void restartPicksUpTheQueueWhereItStopped() throws Exception {
        exampleComHasTwoExchangers();
        RelayQueue q = queue();
        RelayManager first = manager(q, List.of(60.0, 300.0), 100_000);
        first.start();
        q.enqueue(ALICE, List.of(BOB), MESSAGE);
        settle();
        assertEquals(2, calls.size(), "both exchangers refused");
        first.stop();
        // Leftovers of a crash: a half-written message in tmp/ and a message without an envelope.
        Files.write(dir.resolve("tmp/partial.msg"), new byte[] {1, 2, 3});
        Files.write(dir.resolve("queue/orphan.msg"), new byte[] {4});

        // A new process: a new reactor clock (starting at 0) while the wall clock went on by 30 s.
        double wallAtRestart = EPOCH + clock.seconds() + 30;
        clock = new Clock();
        RelayQueue q2 = new RelayQueue(dir, () -> wallAtRestart + clock.seconds());
        server = c -> Deferred.succeed(results(new RecipientResult(BOB, SmtpReply.of(250, null, "ok"))));
        List<Call> before = new ArrayList<>(calls);
        RelayManager second = new RelayManager(q2, clock, () -> wallAtRestart + clock.seconds(), new MxResolver(resolver),
                fakeSender(), (to, msg) -> Deferred.succeed(null), "relay.local.test", List.of(60.0, 300.0), 100_000);
        second.start();
        assertFalse(Files.exists(dir.resolve("tmp/partial.msg")));
        assertFalse(Files.exists(dir.resolve("queue/orphan.msg")));
        assertEquals(1, second.pending());
        clock.advance(29);
        assertEquals(before.size(), calls.size());
        clock.advance(1);
        settle();
        assertEquals(before.size() + 1, calls.size());
        assertEquals(new String(MESSAGE, StandardCharsets.US_ASCII), calls.get(calls.size() - 1).sink().valueAsString());
        assertEquals(List.of(), queueFiles());
    }
}
