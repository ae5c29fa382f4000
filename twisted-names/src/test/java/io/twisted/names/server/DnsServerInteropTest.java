package io.twisted.names.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.twisted.internet.Reactor;
import io.twisted.internet.defer.Deferred;
import io.twisted.names.client.ClientResolver;
import io.twisted.names.client.DnsNameError;
import io.twisted.names.client.DnsResult;
import io.twisted.names.dns.DnsQuestion;
import io.twisted.names.dns.DnsRecord;
import io.twisted.names.dns.DnsType;
import java.util.function.Function;
import io.twisted.names.tap.DnsPortService;
import io.twisted.names.zone.Zone;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Our authoritative server against the real {@code dig} (bind9-dnsutils 9.18) with NSD 4.6 as the
 * reference: the same zone is served by both on 127.0.0.1, and for each question dig's view of
 * the two answers (status, flags, answer, authority and additional sections) must be equal.
 * Our secondary transfers the zone from NSD and answers like it. Our {@link ClientResolver} also asks NSD and must get the records dig gets (UDP, and TCP after
 * a truncated answer). With {@code CI=true} a missing dig or nsd fails the test instead of
 * skipping it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DnsServerInteropTest {

    private static final String DIG = "/usr/bin/dig";
    private static final String NSD = "/usr/sbin/nsd";

    static final String ZONE = """
            $ORIGIN example.com.
            $TTL 3600
            @   IN SOA ns1 hostmaster ( 2024010101 7200 900 1209600 300 )
                IN NS  ns1
                IN MX  10 mail
                IN TXT "v=spf1 -all" "second string; with \\"quotes\\""
                IN CAA 0 issue "ca.example.net"
            ns1 IN A 192.0.2.53
            www IN A 192.0.2.1
                IN AAAA 2001:db8::1
            mail IN A 192.0.2.25
            alias IN CNAME www
            alias2 IN CNAME alias
            out IN CNAME www.example.org.
            *.wild IN A 192.0.2.99
            _sip._tcp IN SRV 10 60 5060 www
            esc IN TXT "back\\\\slash" "tab\\009x" "semi;colon" "caf\\195\\169"
            a.b.ent IN A 192.0.2.7
            dn IN DNAME example.net.
            dn2 IN DNAME ent.example.com.
            sub IN NS ns.sub
            sub IN NS ns.elsewhere.org.
            ns.sub IN A 192.0.2.200
            big IN TXT "%1$s" "%1$s"
            big IN TXT "%2$s" "%2$s"
            big IN TXT "%3$s" "%3$s"
            huge IN TXT "%4$s1" "%4$s1" "%4$s1"
            huge IN TXT "%4$s2" "%4$s2" "%4$s2"
            huge IN TXT "%4$s3" "%4$s3" "%4$s3"
            """.formatted("a".repeat(120), "b".repeat(120), "c".repeat(120), "d".repeat(200));

    private Path dir;
    private Reactor reactor;
    private Thread reactorThread;
    private DnsPortService service;
    private DnsPortService forwarder;
    private int ourPort;
    private int forwarderPort;
    private Process nsd;
    private int nsdPort;

    private static boolean peersPresent() {
        boolean present = Files.isExecutable(Path.of(DIG)) && Files.isExecutable(Path.of(NSD));
        if (!present && "true".equals(System.getenv("CI"))) {
            fail("dig or nsd is not installed (CI=true): apt-get install bind9-dnsutils nsd");
        }
        return present;
    }

    @BeforeAll
    void startServers() throws Exception {
        assumeTrue(peersPresent(), "dig or nsd is not installed");
        dir = Files.createTempDirectory("names-interop");
        Path zoneFile = dir.resolve("example.com.zone");
        Files.writeString(zoneFile, ZONE);

        reactor = Reactor.create();
        reactorThread = new Thread(reactor::run, "dns-interop-reactor");
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Zone zone = Zone.fromMasterFile(zoneFile, null);
        reactor.callWhenRunning(() -> {
            try {
                DnsServerFactory factory = new DnsServerFactory(new DnsQueryHandler(List.of(zone)), reactor);
                service = new DnsPortService(reactor, factory, 0, "127.0.0.1");
                service.startService();
                port.complete(((InetSocketAddress) service.udpPort().getHost()).getPort());
            } catch (RuntimeException e) {
                port.completeExceptionally(e);
            }
        });
        reactorThread.start();
        ourPort = port.get(30, TimeUnit.SECONDS);

        nsdPort = freePort();
        CompletableFuture<Integer> fport = new CompletableFuture<>();
        reactor.callFromThread(() -> {
            try {
                ClientResolver upstream = new ClientResolver(reactor, List.of(new InetSocketAddress("127.0.0.1", nsdPort)));
                DnsQueryHandler handler = new DnsQueryHandler(List.of()).setRecursion(
                        new io.twisted.names.client.CachingResolver(upstream, reactor), AddressNetworks.parse("127.0.0.0/8"));
                forwarder = new DnsPortService(reactor, new DnsServerFactory(handler, reactor), 0, "127.0.0.1");
                forwarder.startService();
                fport.complete(((InetSocketAddress) forwarder.udpPort().getHost()).getPort());
            } catch (RuntimeException e) {
                fport.completeExceptionally(e);
            }
        });
        forwarderPort = fport.get(30, TimeUnit.SECONDS);
        String conf = """
                server:
                    ip-address: 127.0.0.1@%1$d
                    port: %1$d
                    username: ""
                    chroot: ""
                    zonesdir: "%2$s"
                    database: ""
                    zonelistfile: "%2$s/zone.list"
                    pidfile: "%2$s/nsd.pid"
                    xfrdfile: "%2$s/xfrd.state"
                    xfrdir: "%2$s"
                    server-count: 1
                    verbosity: 1
                remote-control:
                    control-enable: no
                zone:
                    name: "example.com"
                    zonefile: "%2$s/example.com.zone"
                    provide-xfr: 127.0.0.0/8 NOKEY
                """.formatted(nsdPort, dir);
        Files.writeString(dir.resolve("nsd.conf"), conf);
        nsd = new ProcessBuilder(NSD, "-d", "-c", dir.resolve("nsd.conf").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("nsd.log").toFile()).start();
        // NSD is another process: wait (bounded) until it answers.
        for (int i = 0; i < 100; i++) {
            if (dig(nsdPort, "+time=1", "+tries=1", "example.com", "SOA").contains("status: NOERROR")) {
                return;
            }
            if (!nsd.isAlive()) {
                break;
            }
            Thread.sleep(100);
        }
        fail("nsd did not start: " + Files.readString(dir.resolve("nsd.log")));
    }

    @AfterAll
    void stopServers() throws Exception {
        if (nsd != null) {
            nsd.destroy();
            if (!nsd.waitFor(10, TimeUnit.SECONDS)) {
                nsd.destroyForcibly();
            }
        }
        if (reactor != null) {
            CompletableFuture<Void> stopped = new CompletableFuture<>();
            reactor.callFromThread(() -> Deferred.gatherResults(List.of(service.stopService(), forwarder.stopService())).addBoth(r -> {
                stopped.complete(null);
                reactor.stop();
                return null;
            }));
            stopped.get(30, TimeUnit.SECONDS);
            reactorThread.join(30_000);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    private static String dig(int port, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(DIG, "@127.0.0.1", "-p", String.valueOf(port), "+norec", "+time=3", "+tries=1"));
        cmd.addAll(Arrays.asList(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("dig did not finish: " + cmd);
        }
        return out;
    }

    /** dig's view of a response without what legitimately differs (IDs, timings, EDNS details, cookies). */
    private static List<String> normalized(String digOutput) {
        List<String> header = new ArrayList<>();
        List<String> records = new ArrayList<>();
        for (String line : digOutput.split("\n")) {
            if (line.isBlank() || line.startsWith(";; Got answer") || line.startsWith("; EDNS") || line.startsWith("; EDE")
                    || line.startsWith("; COOKIE") || line.startsWith(";; OPT") || line.startsWith(";; Query time")
                    || line.startsWith(";; SERVER") || line.startsWith(";; WHEN") || line.startsWith(";; MSG SIZE")
                    || line.startsWith("; <<>> DiG") || line.startsWith(";; global options") || line.startsWith(";; WARNING")
                    || line.startsWith(";; XFR size") || line.startsWith(";; Warning")) {
                continue;
            }
            line = line.replaceAll("id: \\d+", "id: _");
            (line.startsWith(";") ? header : records).add(line);
        }
        records.sort(null);
        header.addAll(records);
        return header;
    }

    @ParameterizedTest(name = "dig {0}")
    @ValueSource(strings = {
        "www.example.com A",
        "www.example.com AAAA",
        "example.com MX",
        "example.com TXT",
        "esc.example.com TXT",
        "_sip._tcp.example.com SRV",
        "example.com CAA",
        "example.com SOA",
        "example.com NS",
        "alias.example.com A",
        "alias2.example.com AAAA",
        "out.example.com A",
        "x.wild.example.com A",
        "x.y.wild.example.com A",
        "x.wild.example.com TXT",
        "nope.example.com A",
        "www.example.com MX",
        "b.ent.example.com A",
        "host.sub.example.com A",
        "sub.example.com NS",
        "WwW.ExAmPlE.cOm A",
        "www.dn.example.com A",
        "a.b.dn2.example.com A",
        "dn.example.com DNAME",
        "dn.example.com A",
        "other.org A",
        "+tcp www.example.com A",
        "+tcp nope.example.com A",
        "+tcp big.example.com TXT",
        "+bufsize=512 +ignore big.example.com TXT",
        "+noedns +ignore big.example.com TXT",
        "+bufsize=1232 big.example.com TXT",
    })
    void answersLikeNsd(String query) throws Exception {
        String[] args = query.split(" ");
        List<String> theirs = normalized(dig(nsdPort, args));
        List<String> ours = normalized(dig(ourPort, args));
        assertTrue(theirs.stream().anyMatch(l -> l.contains("status:")), String.join("\n", theirs));
        assertEquals(String.join("\n", theirs), String.join("\n", ours));
    }

    @Test
    void truncatesLikeNsdAtBufsize512() throws Exception {
        String ours = dig(ourPort, "+bufsize=512", "+ignore", "big.example.com", "TXT");
        assertTrue(ours.matches("(?s).*flags: qr aa tc;.*"), ours);
    }

    @Test
    void transfersTheSameZoneAsNsd() throws Exception {
        List<String> theirs = normalized(dig(nsdPort, "example.com", "AXFR"));
        List<String> ours = normalized(dig(ourPort, "example.com", "AXFR"));
        assertTrue(theirs.size() > 20, String.join("\n", theirs));
        assertEquals(theirs, ours);
    }

    @Test
    void keepsAnsweringAfterMalformedDatagrams() throws Exception {
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getByName("127.0.0.1"))) {
            s.setSoTimeout(5000);
            byte[][] corpus = {
                {},
                {1, 2, 3},
                {0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, (byte) 0xc0, 0x0c, 0, 1, 0, 1},
                {0x12, 0x35, 0x01, 0x00, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0, 0, 0, 0, 0},
            };
            int answered = 0;
            for (byte[] bad : corpus) {
                s.send(new DatagramPacket(bad, bad.length, new InetSocketAddress("127.0.0.1", ourPort)));
            }
            for (int i = 0; i < 2; i++) {
                DatagramPacket reply = new DatagramPacket(new byte[512], 512);
                s.receive(reply);
                assertEquals(1, reply.getData()[3] & 15, "FORMERR");
                answered++;
            }
            assertEquals(2, answered);
        }
        String after = dig(ourPort, "www.example.com", "A");
        assertTrue(after.contains("192.0.2.1"), after);
        assertFalse(after.contains("timed out"));
    }

    /** Runs a lookup on the reactor thread and waits for its outcome. */
    private <T> T onReactor(Function<ClientResolver, Deferred<T>> lookup) throws Exception {
        CompletableFuture<T> out = new CompletableFuture<>();
        reactor.callFromThread(() -> {
            ClientResolver resolver = new ClientResolver(reactor, List.of(new InetSocketAddress("127.0.0.1", nsdPort)),
                    List.of(2.0, 2.0), new java.security.SecureRandom());
            lookup.apply(resolver).addCallbacks(r -> out.complete(r), f -> out.completeExceptionally(f.value()));
        });
        return out.get(30, TimeUnit.SECONDS);
    }

    private static List<String> rdataOf(DnsResult r, DnsType type) {
        return r.answers(type).stream().map(DnsRecord::rdata).map(Object::toString).sorted().toList();
    }

    private static List<String> digShort(int port, String name, String type) throws Exception {
        return dig(port, "+short", name, type).lines().filter(l -> !l.isBlank()).sorted().toList();
    }

    @ParameterizedTest(name = "resolver {0}")
    @ValueSource(strings = {"www.example.com A", "www.example.com AAAA", "example.com MX", "example.com TXT",
        "esc.example.com TXT", "_sip._tcp.example.com SRV", "example.com CAA", "alias2.example.com A", "x.wild.example.com A"})
    void ourResolverGetsWhatDigGetsFromNsd(String query) throws Exception {
        String[] q = query.split(" ");
        DnsType type = DnsType.fromText(q[1]);
        DnsResult r = onReactor(res -> res.query(DnsQuestion.of(q[0], type)));
        List<String> theirs = digShort(nsdPort, q[0], q[1]).stream().filter(l -> !l.endsWith(".") || type.equals(DnsType.MX)
                || type.equals(DnsType.SRV)).toList();
        assertEquals(theirs, rdataOf(r, type));
    }

    @Test
    void ourResolverFallsBackToTcpForTruncatedAnswers() throws Exception {
        String udp = dig(nsdPort, "+ignore", "+bufsize=1232", "huge.example.com", "TXT");
        assertTrue(udp.contains(" tc"), "NSD should truncate this answer over UDP:\n" + udp);
        DnsResult r = onReactor(res -> res.lookupText("huge.example.com"));
        assertEquals(3, r.answers().size());
        assertEquals(digShort(nsdPort, "huge.example.com", "TXT"), rdataOf(r, DnsType.TXT));
    }

    @Test
    void ourResolverReportsNxdomainAndGetsHostByName() throws Exception {
        Throwable e = assertThrows(java.util.concurrent.ExecutionException.class,
                () -> onReactor(res -> res.lookupAddress("nope.example.com"))).getCause();
        assertInstanceOf(DnsNameError.class, e);
        assertEquals("192.0.2.1", onReactor(res -> res.getHostByName("alias.example.com")));
    }

    @ParameterizedTest(name = "forwarded {0}")
    @ValueSource(strings = {"www.example.com A", "example.com MX", "alias2.example.com A", "+tcp huge.example.com TXT",
        "esc.example.com TXT"})
    void forwardsToNsdLikeAskingNsd(String query) throws Exception {
        String[] args = ("+rec +noall +answer " + query).split(" ");
        List<String> theirs = normalized(dig(nsdPort, args));
        List<String> ours = normalized(dig(forwarderPort, args));
        assertFalse(theirs.isEmpty());
        assertEquals(theirs, ours);
        String flags = dig(forwarderPort, "+rec", query.replace("+tcp ", "").split(" ")[0], "A");
        assertTrue(flags.matches("(?s).*flags: qr rd ra;.*"), flags);
    }

    @Test
    void forwardedNxdomain() throws Exception {
        String out = dig(forwarderPort, "+rec", "nope.example.com", "A");
        assertTrue(out.contains("status: NXDOMAIN"), out);
        assertTrue(dig(forwarderPort, "+norec", "www.example.com", "A").contains("status: REFUSED"));
    }

    @Test
    void secondaryTransfersFromNsdAndAnswersLikeIt() throws Exception {
        CompletableFuture<Integer> port = new CompletableFuture<>();
        DnsPortService[] listening = new DnsPortService[1];
        SecondaryZoneService[] secondary = new SecondaryZoneService[1];
        reactor.callFromThread(() -> {
            DnsQueryHandler handler = new DnsQueryHandler(List.of());
            secondary[0] = new SecondaryZoneService(reactor, handler, io.twisted.names.dns.DnsName.of("example.com."),
                    new InetSocketAddress("127.0.0.1", nsdPort));
            listening[0] = new DnsPortService(reactor, new DnsServerFactory(handler, reactor), 0, "127.0.0.1");
            listening[0].startService();
            secondary[0].transfer().addCallbacks(zone -> port.complete(((InetSocketAddress) listening[0].udpPort().getHost()).getPort()),
                    f -> port.completeExceptionally(f.value()));
        });
        // Longer than the transfer's own 30 s timeout, so a failed transfer reports its reason.
        int secondaryPort = port.get(60, TimeUnit.SECONDS);
        try {
            for (String q : List.of("www.example.com A", "example.com MX", "alias2.example.com A", "nope.example.com A",
                    "x.wild.example.com A", "host.sub.example.com A")) {
                String[] args = q.split(" ");
                assertEquals(normalized(dig(nsdPort, args)), normalized(dig(secondaryPort, args)), q);
            }
            assertEquals(normalized(dig(nsdPort, "example.com", "AXFR")), normalized(dig(secondaryPort, "example.com", "AXFR")));
        } finally {
            CompletableFuture<Void> stopped = new CompletableFuture<>();
            reactor.callFromThread(() -> listening[0].stopService().addBoth(r -> stopped.complete(null)));
            stopped.get(30, TimeUnit.SECONDS);
        }
    }
}
