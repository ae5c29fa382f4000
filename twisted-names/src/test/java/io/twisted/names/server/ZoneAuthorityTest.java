package io.twisted.names.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twisted.names.dns.DnsName;
import io.twisted.names.dns.DnsRcode;
import io.twisted.names.dns.DnsRecord;
import io.twisted.names.dns.DnsType;
import java.util.List;
import org.junit.jupiter.api.Test;

class ZoneAuthorityTest {

    private final ZoneAuthority auth = new ZoneAuthority(TestZones.example());

    private ZoneAuthority.Answer ask(String name, DnsType type) {
        return auth.lookup(DnsName.of(name), type);
    }

    private static List<String> texts(List<DnsRecord> records) {
        return records.stream().map(r -> r.name() + " " + r.type() + " " + r.rdata()).toList();
    }

    @Test
    void answersDataAuthoritativelyWithApexNsAndGlue() {
        ZoneAuthority.Answer a = ask("www.example.com.", DnsType.A);
        assertEquals(DnsRcode.NOERROR, a.rcode());
        assertTrue(a.authoritative());
        assertEquals(List.of("www.example.com. A 192.0.2.1"), texts(a.answers()));
        assertEquals(List.of("example.com. NS ns1.example.com."), texts(a.authority()));
        assertEquals(List.of("ns1.example.com. A 192.0.2.53"), texts(a.additional()));
    }

    @Test
    void mxAnswerCarriesExchangeAddress() {
        ZoneAuthority.Answer a = ask("example.com.", DnsType.MX);
        assertEquals(List.of("mail.example.com. A 192.0.2.25", "ns1.example.com. A 192.0.2.53"), texts(a.additional()));
    }

    @Test
    void nxdomainAndNodataCarryTheSoaWithNegativeTtl() {
        ZoneAuthority.Answer nx = ask("nope.example.com.", DnsType.A);
        assertEquals(DnsRcode.NXDOMAIN, nx.rcode());
        assertTrue(nx.answers().isEmpty());
        assertEquals(DnsType.SOA, nx.authority().get(0).type());
        assertEquals(300, nx.authority().get(0).ttl());
        ZoneAuthority.Answer nodata = ask("www.example.com.", DnsType.MX);
        assertEquals(DnsRcode.NOERROR, nodata.rcode());
        assertTrue(nodata.answers().isEmpty());
        assertEquals(DnsType.SOA, nodata.authority().get(0).type());
        ZoneAuthority.Answer ent = ask("b.ent.example.com.", DnsType.A);
        assertEquals(DnsRcode.NOERROR, ent.rcode());
        assertTrue(ent.answers().isEmpty());
    }

    @Test
    void followsCnameChainsInsideTheZone() {
        ZoneAuthority.Answer a = ask("alias2.example.com.", DnsType.A);
        assertEquals(List.of("alias2.example.com. CNAME alias.example.com.", "alias.example.com. CNAME www.example.com.",
                "www.example.com. A 192.0.2.1"), texts(a.answers()));
        ZoneAuthority.Answer out = ask("out.example.com.", DnsType.A);
        assertEquals(List.of("out.example.com. CNAME www.example.org."), texts(out.answers()));
        assertEquals(DnsRcode.NOERROR, out.rcode());
        ZoneAuthority.Answer cname = ask("alias.example.com.", DnsType.CNAME);
        assertEquals(1, cname.answers().size());
        ZoneAuthority.Answer loop = ask("loop1.example.com.", DnsType.A);
        assertEquals(2, loop.answers().size());
    }

    @Test
    void expandsWildcardsOnlyForNamesThatDoNotExist() {
        ZoneAuthority.Answer a = ask("x.y.wild.example.com.", DnsType.A);
        assertEquals(List.of("x.y.wild.example.com. A 192.0.2.99"), texts(a.answers()));
        ZoneAuthority.Answer mx = ask("z.wild.example.com.", DnsType.MX);
        assertEquals(List.of("z.wild.example.com. MX 5 mail.example.com."), texts(mx.answers()));
        // An existing name below the wildcard's parent is not covered (RFC 4592 §2.2.1).
        ZoneAuthority.Answer explicit = ask("wcname.wild.example.com.", DnsType.A);
        assertTrue(explicit.answers().isEmpty());
        assertEquals(DnsRcode.NOERROR, explicit.rcode());
        // The wildcard does not match the parent itself (which is an empty non-terminal).
        assertEquals(DnsRcode.NOERROR, ask("wild.example.com.", DnsType.A).rcode());
        assertTrue(ask("wild.example.com.", DnsType.A).answers().isEmpty());
    }

    @Test
    void refersBelowZoneCutsWithGlue() {
        ZoneAuthority.Answer a = ask("host.sub.example.com.", DnsType.A);
        assertFalse(a.authoritative());
        assertEquals(DnsRcode.NOERROR, a.rcode());
        assertTrue(a.answers().isEmpty());
        assertEquals(List.of("sub.example.com. NS ns.sub.example.com.", "sub.example.com. NS ns.elsewhere.org."),
                texts(a.authority()));
        assertEquals(List.of("ns.sub.example.com. A 192.0.2.200"), texts(a.additional()));
        assertFalse(ask("sub.example.com.", DnsType.NS).authoritative());
        // The DS RRset at a cut belongs to the parent side: answered here (NODATA in this zone).
        assertTrue(ask("sub.example.com.", DnsType.DS).authoritative());
    }

    @Test
    void anyReturnsEveryRrset() {
        ZoneAuthority.Answer a = ask("www.example.com.", DnsType.ANY);
        assertEquals(2, a.answers().size());
    }

    @Test
    void synthesisesCnamesBelowDnames() {
        ZoneAuthority.Answer out = ask("www.dn.example.com.", DnsType.A);
        assertEquals(List.of("dn.example.com. DNAME example.net.", "www.dn.example.com. CNAME www.example.net."),
                texts(out.answers()));
        assertTrue(out.authority().isEmpty());
        ZoneAuthority.Answer in = ask("x.dn2.example.com.", DnsType.A);
        assertEquals(List.of("dn2.example.com. DNAME wild.example.com.", "x.dn2.example.com. CNAME x.wild.example.com.",
                "x.wild.example.com. A 192.0.2.99"), texts(in.answers()));
        assertEquals(List.of("dn.example.com. DNAME example.net."), texts(ask("dn.example.com.", DnsType.DNAME).answers()));
        String longLabel = "a".repeat(63);
        ZoneAuthority.Answer tooLong = ask(longLabel + "." + longLabel + "." + longLabel + "." + "b".repeat(20) + ".dn3.example.com.", DnsType.A);
        assertEquals(DnsRcode.YXDOMAIN, tooLong.rcode());
    }
}
