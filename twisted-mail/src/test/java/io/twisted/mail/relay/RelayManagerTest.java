package io.twisted.mail.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
import io.twisted.names.client.DnsQueryTimeoutError;
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
    /** Names whose lookups time out. */
    private final List<String> timeouts = new ArrayList<>();
    private int maxAddresses = RelayManager.DEFAULT_MAX_ADDRESSES;
    private final List<Call> calls = new ArrayList<>();
    private final List<byte[]> bounces = new ArrayList<>();
    private final List<MailAddress> bounceTo = new ArrayList<>();
    /** A Random under which Collections.shuffle keeps the order. */
    static final java.util.Random NO_SHUFFLE = new java.util.Random() {
        @Override
        public int nextInt(int bound) {
            return bound - 1;
        }
    };

    private java.util.function.Supplier<Deferred<?>> bounceResult = () -> Deferred.succeed(null);
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
            if (timeouts.contains(name)) {
                return Deferred.fail(new DnsQueryTimeoutError("no answer for " + name));
            }
            List<DnsRecord> answers = new ArrayList<>();
            for (Rdata r : zone.getOrDefault(name, List.of())) {
                if (r.type().equals(q.type())) {
                    answers.add(new DnsRecord(q.name(), 300, r));
                } else if (r.type().equals(DnsType.CNAME)) {
                    // As a server does: the alias, then what its target has (here: nothing, or NXDOMAIN).
                    answers.add(new DnsRecord(q.name(), 300, r));
                    String target = r.name(0).toString().replaceAll("\\.$", "");
                    for (Rdata t : zone.getOrDefault(target, List.of())) {
                        if (t.type().equals(q.type())) {
                            answers.add(new DnsRecord(r.name(0), 300, t));
                        }
                    }
                }
            }
            return Deferred.succeed(new DnsResult(answers, List.of(), List.of()));
        }
    };

    private RelayQueue queue() throws Exception {
        return new RelayQueue(dir, () -> EPOCH + clock.seconds());
    }

    private RelayManager manager(RelayQueue q, List<Double> delays, double maxAge) {
        return new RelayManager(q, clock, () -> EPOCH + clock.seconds(), new MxResolver(resolver, NO_SHUFFLE), fakeSender(),
                (to, msg) -> {
                    bounceTo.add(to);
                    bounces.add(msg);
                    return bounceResult.get();
                }, "relay.local.test", delays, maxAge, maxAddresses);
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

    private List<String> tried() {
        return calls.stream().map(c -> c.host() + "/" + c.address()).toList();
    }

    private static final String V6_1 = "2001:db8:0:0:0:0:0:1";
    private static final String V6_2 = "2001:db8:0:0:0:0:0:2";

    private void dualStackExchangers() {
        zone.put("example.com", List.of(Rdata.mx(20, DnsName.of("mx2.example.com")), Rdata.mx(10, DnsName.of("mx1.example.com"))));
        zone.put("mx1.example.com", List.of(Rdata.a("192.0.2.1"), Rdata.aaaa("2001:db8::1")));
        zone.put("mx2.example.com", List.of(Rdata.aaaa("2001:db8::2"), Rdata.a("192.0.2.2")));
    }

    @Test
    void triesBothFamiliesOfAnExchangerBeforeTheNextPreference() throws Exception {
        dualStackExchangers();
        RelayQueue q = queue();
        manager(q, List.of(60.0), 10_000).start();
        q.enqueue(ALICE, List.of(BOB), MESSAGE);
        settle();
        assertEquals(List.of("mx1.example.com/" + V6_1, "mx1.example.com/192.0.2.1", "mx2.example.com/" + V6_2,
                "mx2.example.com/192.0.2.2"), tried(), "IPv6 first (RFC 6724), every address of preference 10 before 20");
        assertTrue(bounces.isEmpty());
        assertEquals(List.of(BOB), queue().load().get(0).recipients(), "kept for the next attempt");
    }

    @Test
    void prefersTheFamilyThatLastReachedAnExchanger() throws Exception {
        dualStackExchangers();
        // IPv6 is broken here: connections to it are refused; IPv4 works.
        server = c -> c.address().contains(":") ? Deferred.fail(new ConnectionRefusedError("no route"))
                : Deferred.succeed(results(new RecipientResult(c.to().get(0), SmtpReply.of(250, null, "ok"))));
        RelayQueue q = queue();
        manager(q, List.of(60.0), 10_000).start();
        q.enqueue(ALICE, List.of(BOB), MESSAGE);
        settle();
        assertEquals(List.of("mx1.example.com/" + V6_1, "mx1.example.com/192.0.2.1"), tried());
        q.enqueue(ALICE, List.of(CAROL), MESSAGE);
        settle();
        assertEquals("mx1.example.com/192.0.2.1", tried().get(2), "IPv4 first once it was the one that worked");
        assertEquals(3, calls.size());
        assertEquals(List.of(), queueFiles());
    }

    @Test
    void boundsTheConnectionsOfOneAttempt() throws Exception {
        List<Rdata> mxs = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            mxs.add(Rdata.mx(i, DnsName.of("mx" + i + ".example.com")));
            zone.put("mx" + i + ".example.com", List.of(Rdata.a("192.0.2." + (10 + i)), Rdata.aaaa("2001:db8::" + (10 + i))));
        }
        zone.put("example.com", mxs);
        maxAddresses = 5;
        RelayQueue q = queue();
        manager(q, List.of(60.0), 10_000).start();
        q.enqueue(ALICE, List.of(BOB), MESSAGE);
        settle();
        assertEquals(5, calls.size(), tried().toString());
        assertEquals("mx2.example.com/" + "2001:db8:0:0:0:0:0:12", tried().get(4));
        clock.advance(60);
        settle();
        assertEquals(10, calls.size(), "the next attempt starts from the most preferred again");
        assertEquals("mx0.example.com/2001:db8:0:0:0:0:0:10", tried().get(5));
    }

    @Test
    void exchangerWithoutAddressIsSkippedForTheNext() throws Exception {
        zone.put("example.com", List.of(Rdata.mx(10, DnsName.of("gone.example.com")), Rdata.mx(20, DnsName.of("mx2.example.com"))));
        nxdomains.add("gone.example.com");
        zone.put("mx2.example.com", List.of(Rdata.a("192.0.2.2")));
        server = c -> Deferred.succeed(results(new RecipientResult(BOB, SmtpReply.of(250, null, "ok"))));
        RelayQueue q = queue();
        manager(q, List.of(60.0), 10_000).start();
        q.enqueue(ALICE, List.of(BOB), MESSAGE);
        settle();
        assertEquals(List.of("mx2.example.com/192.0.2.2"), tried());
        assertTrue(bounces.isEmpty());
        assertEquals(List.of(), queueFiles());
    }

    @Test
    void exchangersThatHaveNoAddressBounceAtOnce() throws Exception {
        // One MX host does not exist, the other exists without A or AAAA records.
        zone.put("example.com", List.of(Rdata.mx(10, DnsName.of("gone.example.com")), Rdata.mx(20, DnsName.of("noaddr.example.com"))));
        nxdomains.add("gone.example.com");
        zone.put("noaddr.example.com", List.of(Rdata.txt("nothing here")));
        RelayQueue q = queue();
        manager(q, List.of(60.0), 10_000).start();
        q.enqueue(ALICE, List.of(BOB), MESSAGE);
        settle();
        assertTrue(calls.isEmpty());
        String bounce = new String(bounces.get(0), StandardCharsets.US_ASCII);
        assertTrue(bounce.contains("Status: 5.4.4\r\n"), bounce);
        assertTrue(bounce.contains("Diagnostic-Code: X-Twisted; no mail exchanger of example.com has an address:"
                + " mail exchanger noaddr.example.com has no address records (A or AAAA)\r\n"), bounce);
        assertEquals(List.of(), queueFiles());
    }

    @Test
    void exchangerThatIsADanglingAliasBouncesNamingTheAlias() throws Exception {
        zone.put("example.com", List.of(Rdata.mx(10, DnsName.of("alias.example.com"))));
        zone.put("alias.example.com", List.of(Rdata.cname(DnsName.of("nowhere.example.com"))));
        RelayQueue q = queue();
        manager(q, List.of(60.0), 10_000).start();
        q.enqueue(ALICE, List.of(BOB), MESSAGE);
        settle();
        assertTrue(calls.isEmpty());
        String bounce = new String(bounces.get(0), StandardCharsets.US_ASCII);
        assertTrue(bounce.contains("Status: 5.4.4\r\n"), bounce);
        assertTrue(bounce.contains("it is an alias (CNAME), which RFC 5321 section 5.1 does not allow"), bounce);
    }

    @Test
    void exchangerThatIsAnAliasWithAddressesIsUsed() throws Exception {
        zone.put("example.com", List.of(Rdata.mx(10, DnsName.of("alias.example.com"))));
        zone.put("alias.example.com", List.of(Rdata.cname(DnsName.of("real.example.com"))));
        zone.put("real.example.com", List.of(Rdata.a("192.0.2.7")));
        server = c -> Deferred.succeed(results(new RecipientResult(BOB, SmtpReply.of(250, null, "ok"))));
        RelayQueue q = queue();
        manager(q, List.of(60.0), 10_000).start();
        q.enqueue(ALICE, List.of(BOB), MESSAGE);
        settle();
        assertEquals(List.of("alias.example.com/192.0.2.7"), tried(), "the name stays the MX name (TLS checks it)");
        assertTrue(bounces.isEmpty());
    }

    @Test
    void implicitMxWithoutAddressBouncesAtOnce() throws Exception {
        zone.put("example.com", List.of(Rdata.txt("v=spf1 -all")));
        RelayQueue q = queue();
        manager(q, List.of(60.0), 10_000).start();
        q.enqueue(ALICE, List.of(BOB), MESSAGE);
        settle();
        String bounce = new String(bounces.get(0), StandardCharsets.US_ASCII);
        assertTrue(bounce.contains("Status: 5.4.4\r\n"), bounce);
        assertTrue(bounce.contains("example.com has no MX records and no address records (A or AAAA) to use as an implicit MX"),
                bounce);
    }

    @Test
    void addressLookupTimeoutIsRetriedNotBounced() throws Exception {
        zone.put("example.com", List.of(Rdata.mx(10, DnsName.of("slow.example.com"))));
        timeouts.add("slow.example.com");
        RelayQueue q = queue();
        manager(q, List.of(60.0), 10_000).start();
        q.enqueue(ALICE, List.of(BOB), MESSAGE);
        settle();
        assertTrue(bounces.isEmpty());
        assertEquals(List.of(BOB), queue().load().get(0).recipients());
        timeouts.clear();
        zone.put("slow.example.com", List.of(Rdata.aaaa("2001:db8::5")));
        server = c -> Deferred.succeed(results(new RecipientResult(BOB, SmtpReply.of(250, null, "ok"))));
        clock.advance(60);
        settle();
        assertEquals(List.of("slow.example.com/2001:db8:0:0:0:0:0:5"), tried());
        assertEquals(List.of(), queueFiles());
    }

    @Test
    void nullMxAmongOtherExchangersIsSkipped() throws Exception {
        zone.put("example.com", List.of(Rdata.mx(0, DnsName.ROOT), Rdata.mx(10, DnsName.of("mx1.example.com"))));
        zone.put("mx1.example.com", List.of(Rdata.a("192.0.2.1")));
        RelayQueue q = queue();
        manager(q, List.of(60.0), 10_000).start();
        q.enqueue(ALICE, List.of(BOB), MESSAGE);
        settle();
        assertEquals(List.of("mx1.example.com/192.0.2.1"), tried());
        assertTrue(bounces.isEmpty());
    }

    @Test
    void nullMxBounceSaysSo() throws Exception {
        zone.put("example.com", List.of(Rdata.mx(0, DnsName.ROOT)));
        RelayQueue q = queue();
        manager(q, List.of(60.0), 10_000).start();
        q.enqueue(ALICE, List.of(BOB), MESSAGE);
        settle();
        String bounce = new String(bounces.get(0), StandardCharsets.US_ASCII);
        assertTrue(bounce.contains("Diagnostic-Code: X-Twisted; example.com accepts no mail: it has a null MX (RFC 7505)\r\n"),
                bounce);
    }

    @Test
    void messageRefusedWith4xxAfterMixedRecipientsBouncesOnlyThe5xxOnes() throws Exception {
        exampleComHasTwoExchangers();
        MailAddress dave = MailAddress.parse("dave@example.com");
        server = c -> {
            if (c.host().equals("mx1.example.com")) {
                return Deferred.fail(new SmtpDeliveryException("message refused", SmtpReply.of(451, "4.3.0", "try later"),
                        List.of(new RecipientResult(BOB, SmtpReply.of(250, null, "ok")),
                                new RecipientResult(CAROL, SmtpReply.of(550, "5.1.1", "no such user")),
                                new RecipientResult(dave, SmtpReply.of(450, "4.2.1", "busy")))));
            }
            return Deferred.succeed(results(new RecipientResult(BOB, SmtpReply.of(250, null, "ok"))));
        };
        RelayQueue q = queue();
        manager(q, List.of(60.0), 10_000).start();
        q.enqueue(ALICE, List.of(BOB, CAROL, dave), MESSAGE);
        settle();
        assertEquals(List.of(BOB, CAROL, dave), calls.get(0).to());
        assertEquals(List.of(BOB), calls.get(1).to(), "only the recipient the message failed for goes to the next host");
        String bounce = new String(bounces.get(0), StandardCharsets.US_ASCII);
        assertTrue(bounce.contains("Final-Recipient: rfc822; carol@example.com\r\nAction: failed\r\nStatus: 5.1.1\r\n"), bounce);
        assertFalse(bounce.contains("bob@example.com") || bounce.contains("dave@example.com"), bounce);
        assertEquals(List.of(dave), queue().load().get(0).recipients(), "only the 4xx recipient waits");
    }

    @Test
    void fiveHundredGreetingTriesTheNextExchanger() throws Exception {
        exampleComHasTwoExchangers();
        server = c -> c.host().equals("mx1.example.com")
                ? Deferred.fail(new io.twisted.mail.smtp.client.SmtpClientException("server refused the connection",
                        SmtpReply.of(554, "5.7.1", "go away")))
                : Deferred.succeed(results(new RecipientResult(BOB, SmtpReply.of(250, null, "ok"))));
        RelayQueue q = queue();
        manager(q, List.of(60.0), 10_000).start();
        q.enqueue(ALICE, List.of(BOB), MESSAGE);
        settle();
        assertEquals(2, calls.size());
        assertTrue(bounces.isEmpty());
        assertEquals(List.of(), queueFiles());
    }

    @Test
    void failedBounceDeliveryIsQueuedForRelayFromTheNullSender() throws Exception {
        nxdomains.add("example.com");
        bounceResult = () -> Deferred.fail(new IllegalStateException("mailbox broken"));
        RelayQueue q = queue();
        manager(q, List.of(60.0), 10_000).start();
        q.enqueue(ALICE, List.of(BOB), MESSAGE);
        timeouts.add("local.test"); // so the queued bounce stays queued
        settle();
        List<RelayEnvelope> left = queue().load();
        assertEquals(1, left.size(), "the original entry is gone, the bounce is queued");
        assertTrue(left.get(0).from().isNull(), "a bounce has the null sender");
        assertEquals(List.of(ALICE), left.get(0).recipients());
        String queued = Files.readString(q.messagePath(left.get(0).id()), StandardCharsets.US_ASCII);
        assertTrue(queued.contains("Final-Recipient: rfc822; bob@example.com"), queued);
    }

    @Test
    void crashWhileSendingDeliversAgainAfterRestart() throws Exception {
        exampleComHasTwoExchangers();
        server = c -> new Deferred<>(); // the exchanger never answers: the process dies meanwhile
        RelayQueue q = queue();
        manager(q, List.of(60.0), 10_000).start();
        q.enqueue(ALICE, List.of(BOB), MESSAGE);
        settle();
        assertEquals(1, calls.size());
        assertEquals(List.of(BOB), queue().load().get(0).recipients(), "nothing is forgotten while sending");

        clock = new Clock();
        server = c -> Deferred.succeed(results(new RecipientResult(BOB, SmtpReply.of(250, null, "ok"))));
        manager(queue(), List.of(60.0), 10_000).start();
        settle();
        assertEquals(2, calls.size(), "sent again: at-least-once, a duplicate is possible");
        assertEquals(List.of(), queueFiles());
    }

    @Test
    void mxLookupTimeoutIsRetriedAndImplicitMxUsesAaaaToo() throws Exception {
        timeouts.add("example.com");
        RelayQueue q = queue();
        manager(q, List.of(60.0), 10_000).start();
        q.enqueue(ALICE, List.of(BOB), MESSAGE);
        settle();
        assertTrue(bounces.isEmpty(), "DNS trouble is temporary");
        assertTrue(calls.isEmpty());
        timeouts.clear();
        // No MX: the domain itself, by its AAAA and A records.
        zone.put("example.com", List.of(Rdata.a("192.0.2.9"), Rdata.aaaa("2001:db8::9")));
        clock.advance(60);
        settle();
        assertEquals(List.of("example.com/2001:db8:0:0:0:0:0:9", "example.com/192.0.2.9"), tried());
    }

    @Test
    void addressLiteralsAreTheirOwnExchangerWithoutDns() throws Exception {
        MailAddress four = MailAddress.parse("x@[192.0.2.44]");
        MailAddress six = MailAddress.parse("y@[IPv6:2001:db8::44]");
        nxdomains.add("[192.0.2.44]"); // never asked
        server = c -> Deferred.succeed(results(new RecipientResult(c.to().get(0), SmtpReply.of(250, null, "ok"))));
        RelayQueue q = queue();
        manager(q, List.of(60.0), 10_000).start();
        q.enqueue(ALICE, List.of(four, six), MESSAGE);
        settle();
        assertEquals(List.of("192.0.2.44/192.0.2.44", "2001:db8:0:0:0:0:0:44/2001:db8:0:0:0:0:0:44"), tried());
        assertTrue(bounces.isEmpty());
        assertEquals(List.of(), queueFiles());
    }

    @Test
    void malformedAddressLiteralBounces() throws Exception {
        assertThrows(RelayPermanentException.class, () -> MxResolver.literal("[IPv6:192.0.2.1]"));
        assertThrows(RelayPermanentException.class, () -> MxResolver.literal("[999.1.1.1]"));
        assertThrows(RelayPermanentException.class, () -> MxResolver.literal("[example.com]"));
        assertEquals("192.0.2.1", MxResolver.literal("[192.0.2.1]").getHostAddress());
    }
}
