package io.twisted.names.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twisted.internet.Reactor;
import io.twisted.internet.defer.Deferred;
import io.twisted.names.dns.DnsQuestion;
import io.twisted.names.dns.DnsRecord;
import io.twisted.names.dns.DnsType;
import io.twisted.names.server.DnsQueryHandler;
import io.twisted.names.server.DnsServerFactory;
import io.twisted.names.tap.DnsPortService;
import io.twisted.names.zone.Zone;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The iterative resolver walking a small hierarchy of our own authoritative servers on loopback:
 * a root on 127.0.0.2, {@code test.} on 127.0.0.3, {@code example.test.} and {@code other.} on
 * 127.0.0.4, all on one port (Linux routes all of 127/8 to loopback).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RecursiveResolverIntegrationTest {

    private static final String ROOT = """
            $ORIGIN .
            $TTL 60
            .            SOA ns.root. hm.root. 1 60 60 600 60
            .            NS  ns.root.
            ns.root.     A   127.0.0.2
            test.        NS  ns.test.
            ns.test.     A   127.0.0.3
            other.       NS  ns.example.test.     ; glueless: the server's name is under test.
            """;
    private static final String TEST = """
            $ORIGIN test.
            $TTL 60
            @  SOA ns hm 1 60 60 600 60
            @  NS ns
            ns A 127.0.0.3
            example NS ns.example
            ns.example A 127.0.0.4
            """;
    private static final String EXAMPLE = """
            $ORIGIN example.test.
            $TTL 60
            @  SOA ns hm 1 60 60 600 60
            @  NS ns
            ns A 127.0.0.4
            www A 192.0.2.1
            alias CNAME www.other.
            """;
    private static final String OTHER = """
            $ORIGIN other.
            $TTL 60
            @  SOA ns.example.test. hm 1 60 60 600 60
            @  NS ns.example.test.
            www A 192.0.2.9
            """;

    private Reactor reactor;
    private Thread thread;
    private final List<DnsPortService> services = new ArrayList<>();
    private int port;

    private static int commonFreePort() throws Exception {
        for (int i = 0; i < 20; i++) {
            int p;
            try (DatagramSocket s = new DatagramSocket(new InetSocketAddress("127.0.0.2", 0))) {
                p = s.getLocalPort();
            }
            boolean ok = true;
            for (String a : List.of("127.0.0.2", "127.0.0.3", "127.0.0.4")) {
                try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(a, p));
                        java.net.ServerSocket t = new java.net.ServerSocket(p, 1, InetAddress.getByName(a))) {
                    ok &= s.isBound() && t.isBound();
                } catch (java.io.IOException e) {
                    ok = false;
                }
            }
            if (ok) {
                return p;
            }
        }
        throw new IllegalStateException("no common free port on 127.0.0.2-4");
    }

    @BeforeAll
    void start() throws Exception {
        port = commonFreePort();
        reactor = Reactor.create();
        thread = new Thread(reactor::run, "recursive-it");
        CompletableFuture<Void> up = new CompletableFuture<>();
        reactor.callWhenRunning(() -> {
            try {
                serve("127.0.0.2", Zone.fromMasterText(ROOT, null));
                serve("127.0.0.3", Zone.fromMasterText(TEST, null));
                serve("127.0.0.4", Zone.fromMasterText(EXAMPLE, null), Zone.fromMasterText(OTHER, null));
                up.complete(null);
            } catch (RuntimeException e) {
                up.completeExceptionally(e);
            }
        });
        thread.start();
        up.get(30, TimeUnit.SECONDS);
    }

    private void serve(String address, Zone... zones) {
        DnsPortService s = new DnsPortService(reactor, new DnsServerFactory(new DnsQueryHandler(List.of(zones)), reactor), port, address);
        s.startService();
        services.add(s);
    }

    @AfterAll
    void stop() throws Exception {
        CompletableFuture<Void> stopped = new CompletableFuture<>();
        reactor.callFromThread(() -> {
            List<Deferred<Void>> all = new ArrayList<>();
            services.forEach(s -> all.add(s.stopService()));
            Deferred.gatherResults(all).addBoth(r -> {
                stopped.complete(null);
                reactor.stop();
                return null;
            });
        });
        stopped.get(30, TimeUnit.SECONDS);
        thread.join(30_000);
    }

    private <T> T onReactor(Function<Resolver, Deferred<T>> lookup) throws Exception {
        CompletableFuture<T> out = new CompletableFuture<>();
        InetAddress root = InetAddress.getByName("127.0.0.2");
        reactor.callFromThread(() -> {
            RecursiveResolver r = new RecursiveResolver(reactor, List.of(root), port, 2, new Random(1));
            lookup.apply(r).addCallbacks(v -> out.complete(v), f -> out.completeExceptionally(f.value()));
        });
        return out.get(30, TimeUnit.SECONDS);
    }

    private static List<String> texts(List<DnsRecord> records) {
        return records.stream().map(r -> r.name() + " " + r.type() + " " + r.rdata()).toList();
    }

    @Test
    void followsReferralsWithGlue() throws Exception {
        DnsResult r = onReactor(res -> res.lookupAddress("www.example.test"));
        assertEquals(List.of("www.example.test. A 192.0.2.1"), texts(r.answers()));
    }

    @Test
    void restartsAtCnameTargetsAndResolvesGluelessServers() throws Exception {
        DnsResult r = onReactor(res -> res.lookupAddress("alias.example.test"));
        assertEquals(List.of("alias.example.test. CNAME www.other.", "www.other. A 192.0.2.9"), texts(r.answers()));
    }

    @Test
    void nxdomainAndNodata() throws Exception {
        ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> onReactor(res -> res.lookupAddress("nope.example.test")));
        assertInstanceOf(DnsNameError.class, e.getCause());
        DnsResult nodata = onReactor(res -> res.query(DnsQuestion.of("www.example.test", DnsType.MX)));
        assertTrue(nodata.answers().isEmpty());
        assertEquals(DnsType.SOA, nodata.authority().get(0).type());
    }

    @Test
    void servesAsTheRecursorOfOurServer() throws Exception {
        String host = onReactor(res -> new CachingResolver(res, reactor).getHostByName("alias.example.test"));
        assertEquals("192.0.2.9", host);
    }
}
