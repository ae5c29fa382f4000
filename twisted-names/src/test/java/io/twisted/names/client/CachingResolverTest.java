package io.twisted.names.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.twisted.internet.defer.Deferred;
import io.twisted.internet.defer.Failure;
import io.twisted.internet.task.Clock;
import io.twisted.names.dns.DnsName;
import io.twisted.names.dns.DnsQuestion;
import io.twisted.names.dns.DnsRecord;
import io.twisted.names.dns.DnsType;
import io.twisted.names.dns.Rdata;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CachingResolverTest {

    private static final DnsName WWW = DnsName.of("www.example.com.");
    private static final DnsRecord SOA = new DnsRecord(DnsName.of("example.com."), 3600,
            Rdata.soa(DnsName.of("ns.example.com."), DnsName.of("hm.example.com."), 1, 2, 3, 4, 60));

    /** Answers from a script and counts the questions it was asked. */
    private static final class Upstream implements Resolver {
        final List<DnsQuestion> asked = new ArrayList<>();

        @Override
        public Deferred<DnsResult> query(DnsQuestion q) {
            asked.add(q);
            return switch (q.name().toString()) {
                case "www.example.com." -> Deferred.succeed(new DnsResult(List.of(
                        new DnsRecord(WWW, 300, Rdata.a("192.0.2.1")), new DnsRecord(WWW, 100, Rdata.a("192.0.2.2"))),
                        List.of(), List.of()));
                case "nodata.example.com." -> Deferred.succeed(new DnsResult(List.of(), List.of(SOA), List.of()));
                case "nx.example.com." -> Deferred.fail(new DnsNameError(q.toString(), new DnsResult(List.of(), List.of(SOA), List.of())));
                case "nxnosoa.example.com." -> Deferred.fail(new DnsNameError(q.toString()));
                default -> Deferred.fail(new DnsQueryTimeoutError("no"));
            };
        }
    }

    private final Clock clock = new Clock();
    private final Upstream upstream = new Upstream();
    private final CachingResolver cache = new CachingResolver(upstream, clock, 3);

    private static Object outcome(Deferred<?> d) {
        Object[] box = new Object[1];
        d.addBoth(r -> box[0] = r);
        return box[0];
    }

    @Test
    void servesFromCacheWithTtlsCountedDownUntilTheSmallestTtl() {
        outcome(cache.lookupAddress("www.example.com"));
        clock.advance(40);
        DnsResult r = (DnsResult) outcome(cache.lookupAddress("WWW.example.com"));
        assertEquals(1, upstream.asked.size());
        assertEquals(List.of(260L, 60L), r.answers().stream().map(DnsRecord::ttl).toList());
        clock.advance(60);
        outcome(cache.lookupAddress("www.example.com"));
        assertEquals(2, upstream.asked.size());
    }

    @Test
    void cachesNegativeAnswersForTheSoaMinimum() {
        assertInstanceOf(DnsNameError.class, ((Failure) outcome(cache.lookupAddress("nx.example.com"))).value());
        assertInstanceOf(DnsNameError.class, ((Failure) outcome(cache.lookupAddress("nx.example.com"))).value());
        outcome(cache.lookupAddress("nodata.example.com"));
        outcome(cache.lookupAddress("nodata.example.com"));
        assertEquals(2, upstream.asked.size());
        clock.advance(60);
        outcome(cache.lookupAddress("nx.example.com"));
        assertEquals(3, upstream.asked.size());
    }

    @Test
    void doesNotCacheWithoutSoaOrOnOtherFailures() {
        outcome(cache.lookupAddress("nxnosoa.example.com"));
        outcome(cache.lookupAddress("nxnosoa.example.com"));
        outcome(cache.lookupAddress("timeout.example.com"));
        outcome(cache.lookupAddress("timeout.example.com"));
        assertEquals(4, upstream.asked.size());
        assertEquals(0, cache.size());
    }

    @Test
    void keepsAtMostMaxEntries() {
        outcome(cache.lookupAddress("www.example.com"));
        outcome(cache.lookupIPV6Address("www.example.com"));
        outcome(cache.lookupMailExchange("www.example.com"));
        outcome(cache.lookupText("www.example.com"));
        assertEquals(3, cache.size());
        outcome(cache.lookupAddress("www.example.com"));
        assertEquals(5, upstream.asked.size());
        assertEquals(DnsType.A, upstream.asked.get(4).type());
    }
}
