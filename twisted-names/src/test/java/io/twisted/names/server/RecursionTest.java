package io.twisted.names.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twisted.internet.defer.Deferred;
import io.twisted.names.client.DnsNameError;
import io.twisted.names.client.DnsQueryTimeoutError;
import io.twisted.names.client.DnsResult;
import io.twisted.names.client.Resolver;
import io.twisted.names.dns.DnsMessage;
import io.twisted.names.dns.DnsMessageCodec;
import io.twisted.names.dns.DnsName;
import io.twisted.names.dns.DnsQuestion;
import io.twisted.names.dns.DnsRcode;
import io.twisted.names.dns.DnsRecord;
import io.twisted.names.dns.DnsType;
import io.twisted.names.dns.Rdata;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The query handler forwarding questions outside its zones, with a scripted upstream resolver. */
class RecursionTest {

    private static final InetSocketAddress LOCAL = new InetSocketAddress("127.0.0.1", 5353);
    private static final InetSocketAddress REMOTE = new InetSocketAddress("198.51.100.7", 5353);

    private final List<DnsQuestion> asked = new ArrayList<>();
    private final Resolver upstream = q -> {
        asked.add(q);
        return switch (q.name().toString()) {
            case "www.example.org." -> Deferred.succeed(new DnsResult(
                    List.of(new DnsRecord(q.name(), 60, Rdata.a("203.0.113.5"))), List.of(), List.of()));
            case "nx.example.org." -> Deferred.fail(new DnsNameError(q.toString()));
            default -> Deferred.fail(new DnsQueryTimeoutError("timeout"));
        };
    };
    private final DnsQueryHandler handler = new DnsQueryHandler(List.of(TestZones.example()))
            .setRecursion(upstream, AddressNetworks.parse(AddressNetworks.LOOPBACK));

    private DnsMessage ask(String name, boolean rd, InetSocketAddress from) {
        DnsMessage q = DnsMessage.query(99, DnsQuestion.of(name, DnsType.A)).toBuilder().recursionDesired(rd).build();
        Object[] box = new Object[1];
        handler.respond(DnsMessageCodec.encode(q), false, from).addCallback(r -> box[0] = r);
        @SuppressWarnings("unchecked")
        List<byte[]> replies = (List<byte[]>) box[0];
        return DnsMessageCodec.decode(replies.get(0));
    }

    @Test
    void forwardsForAllowedClientsWithRd() {
        DnsMessage r = ask("www.example.org.", true, LOCAL);
        assertEquals(DnsRcode.NOERROR, r.rcode());
        assertTrue(r.isRecursionAvailable());
        assertFalse(r.isAuthoritative());
        assertEquals("203.0.113.5", r.answers().get(0).rdata().toString());
    }

    @Test
    void refusesOthersAndQueriesWithoutRd() {
        assertEquals(DnsRcode.REFUSED, ask("www.example.org.", true, REMOTE).rcode());
        assertFalse(ask("www.example.org.", true, REMOTE).isRecursionAvailable());
        assertEquals(DnsRcode.REFUSED, ask("www.example.org.", false, LOCAL).rcode());
        assertTrue(asked.isEmpty());
    }

    @Test
    void servedZonesStayAuthoritative() {
        DnsMessage r = ask("www.example.com.", true, LOCAL);
        assertTrue(r.isAuthoritative());
        assertTrue(r.isRecursionAvailable());
        assertTrue(asked.isEmpty());
    }

    @Test
    void passesOnNxdomainAndTurnsTimeoutsIntoServfail() {
        assertEquals(DnsRcode.NXDOMAIN, ask("nx.example.org.", true, LOCAL).rcode());
        assertEquals(DnsRcode.SERVFAIL, ask("slow.example.org.", true, LOCAL).rcode());
    }

    @Test
    void networksMatchByPrefix() {
        AddressNetworks n = AddressNetworks.parse("192.0.2.0/24, 2001:db8::/32,10.1.2.3");
        assertTrue(n.test(new InetSocketAddress("192.0.2.200", 1)));
        assertFalse(n.test(new InetSocketAddress("192.0.3.1", 1)));
        assertTrue(n.test(new InetSocketAddress("2001:db8:1::5", 1)));
        assertFalse(n.test(new InetSocketAddress("2001:db9::5", 1)));
        assertTrue(n.test(new InetSocketAddress("10.1.2.3", 1)));
        assertFalse(n.test(new InetSocketAddress("10.1.2.4", 1)));
        assertFalse(AddressNetworks.parse("").test(LOCAL));
        assertThrows(IllegalArgumentException.class, () -> AddressNetworks.parse("example.com/8"));
        assertThrows(IllegalArgumentException.class, () -> AddressNetworks.parse("10.0.0.0/33"));
        assertEquals(DnsName.of("x."), DnsName.of("X."));
    }
}
