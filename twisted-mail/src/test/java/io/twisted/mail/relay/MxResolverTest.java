package io.twisted.mail.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twisted.internet.defer.Deferred;
import io.twisted.internet.defer.Failure;
import io.twisted.names.client.DnsQueryTimeoutError;
import io.twisted.names.client.DnsResult;
import io.twisted.names.client.Resolver;
import io.twisted.names.dns.DnsName;
import io.twisted.names.dns.DnsQuestion;
import io.twisted.names.dns.DnsRecord;
import io.twisted.names.dns.DnsType;
import io.twisted.names.dns.Rdata;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@link MxResolver} against a fake resolver: MX order, shuffling of equal preferences, both address families. */
class MxResolverTest {

    private final Map<String, List<Rdata>> zone = new HashMap<>();
    private final Set<String> timeouts = new HashSet<>();

    private final Resolver resolver = new Resolver() {
        @Override
        public Deferred<DnsResult> query(DnsQuestion q) {
            String key = q.name().toString().replaceAll("\\.$", "") + "/" + q.type();
            if (timeouts.contains(key)) {
                return Deferred.fail(new DnsQueryTimeoutError(key));
            }
            List<DnsRecord> answers = new ArrayList<>();
            for (Rdata r : zone.getOrDefault(q.name().toString().replaceAll("\\.$", ""), List.of())) {
                if (r.type().equals(q.type())) {
                    answers.add(new DnsRecord(q.name(), 300, r));
                }
            }
            return Deferred.succeed(new DnsResult(answers, List.of(), List.of()));
        }
    };

    private static Object outcome(Deferred<?> d) {
        assertTrue(d.isCalled());
        Object[] box = new Object[1];
        d.addCallbacks(r -> box[0] = r, f -> box[0] = f);
        return box[0];
    }

    @Test
    void equalPreferencesAreShuffledButNeverPassALowerOne() {
        zone.put("example.com", List.of(Rdata.mx(20, DnsName.of("c.example.com")), Rdata.mx(10, DnsName.of("a.example.com")),
                Rdata.mx(10, DnsName.of("b.example.com")), Rdata.mx(10, DnsName.of("B.example.com"))));
        Set<List<String>> orders = new HashSet<>();
        Random random = new Random(42);
        for (int i = 0; i < 50; i++) {
            @SuppressWarnings("unchecked")
            List<String> hosts = (List<String>) outcome(new MxResolver(resolver, random).exchanges("example.com"));
            assertEquals(3, hosts.size(), "duplicates (any case) are dropped: " + hosts);
            assertEquals("c.example.com", hosts.get(2));
            orders.add(hosts.subList(0, 2).stream().map(h -> h.toLowerCase()).toList());
        }
        assertEquals(Set.of(List.of("a.example.com", "b.example.com"), List.of("b.example.com", "a.example.com")), orders);
    }

    @Test
    void implicitMxIsTheDomainWithPreferenceZero() {
        @SuppressWarnings("unchecked")
        List<MxResolver.Exchanger> l = (List<MxResolver.Exchanger>) outcome(new MxResolver(resolver).exchangers("example.com"));
        assertEquals(List.of(new MxResolver.Exchanger("example.com", 0, true)), l);
    }

    @Test
    void addressesAreIpv6ThenIpv4() throws Exception {
        zone.put("mx.example.com", List.of(Rdata.a("192.0.2.1"), Rdata.aaaa("2001:db8::1"), Rdata.a("192.0.2.2")));
        assertEquals(List.of(InetAddress.getByName("2001:db8::1"), InetAddress.getByName("192.0.2.1"),
                InetAddress.getByName("192.0.2.2")), outcome(new MxResolver(resolver).addresses("mx.example.com")));
    }

    @Test
    void oneFamilyFailingLeavesTheOther() throws Exception {
        zone.put("mx.example.com", List.of(Rdata.a("192.0.2.1")));
        timeouts.add("mx.example.com/AAAA");
        assertEquals(List.of(InetAddress.getByName("192.0.2.1")), outcome(new MxResolver(resolver).addresses("mx.example.com")));
    }

    @Test
    void noAddressWithAFailedLookupIsTemporary() {
        timeouts.add("mx.example.com/A");
        Failure f = assertInstanceOf(Failure.class, outcome(new MxResolver(resolver).addresses("mx.example.com")));
        assertInstanceOf(RelayTemporaryException.class, f.value());
        assertTrue(f.value().getMessage().contains("cannot look up the A records of mx.example.com"), f.value().getMessage());
    }

    @Test
    void noAddressAtAllIsPermanent() {
        Failure f = assertInstanceOf(Failure.class, outcome(new MxResolver(resolver).addresses("mx.example.com")));
        RelayPermanentException e = assertInstanceOf(RelayPermanentException.class, f.value());
        assertEquals("5.4.4", e.status());
    }
}
