package io.twisted.names.zone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twisted.names.dns.DnsClass;
import io.twisted.names.dns.DnsFormatException;
import io.twisted.names.dns.DnsName;
import io.twisted.names.dns.DnsRecord;
import io.twisted.names.dns.DnsType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MasterFileParserTest {

    static final String ZONE = """
            $ORIGIN example.com.
            $TTL 1h
            @   IN SOA ns1 hostmaster ( 2024010101 ; serial
                        7200 900 1209600 300 )
                IN NS  ns1
                IN MX  10 mail
                IN TXT "v=spf1 -all" "second string; with \\"quotes\\""
            ns1 IN A 192.0.2.53
            www 60 IN A 192.0.2.1
                IN 120 AAAA 2001:db8::1
            mail IN A 192.0.2.25 ; a comment
            alias IN CNAME www
            *.wild IN A 192.0.2.99
            _sip._tcp IN SRV 10 60 5060 www
            odd\\.label IN TXT "escaped dot in owner"
            $ORIGIN sub.example.com.
            host A 192.0.2.77
            """;

    @Test
    void parsesDirectivesOwnersTtlsAndClasses() {
        List<DnsRecord> records = MasterFileParser.parse(ZONE, null);
        assertEquals(13, records.size());
        DnsRecord soa = records.get(0);
        assertEquals(DnsName.of("example.com."), soa.name());
        assertEquals(3600, soa.ttl());
        assertEquals("ns1.example.com. hostmaster.example.com. 2024010101 7200 900 1209600 300", soa.rdata().toString());
        assertEquals(DnsName.of("example.com."), records.get(1).name());   // blank owner = previous
        assertEquals("\"v=spf1 -all\" \"second string; with \\\"quotes\\\"\"", records.get(3).rdata().toString());
        assertEquals(60, records.get(5).ttl());
        assertEquals(DnsName.of("www.example.com."), records.get(6).name());
        assertEquals(120, records.get(6).ttl());
        assertEquals(DnsType.AAAA, records.get(6).type());
        assertEquals(DnsName.of("*.wild.example.com."), records.get(9).name());
        assertEquals(DnsName.of("_sip._tcp.example.com."), records.get(10).name());
        assertEquals("odd\\.label.example.com.", records.get(11).name().toString());
        assertEquals(DnsName.of("host.sub.example.com."), records.get(12).name());
        assertEquals(DnsClass.IN, records.get(12).dnsClass());
    }

    @Test
    void withoutTtlUsesLastExplicitTtlOrSoaMinimum() {
        List<DnsRecord> r = MasterFileParser.parse("""
                example. SOA ns.example. hm.example. 1 2 3 4 500
                example. NS ns.example.
                ns.example. 77 A 192.0.2.1
                x.example. A 192.0.2.2
                """, null);
        assertEquals(500, r.get(0).ttl());
        assertEquals(500, r.get(1).ttl());
        assertEquals(77, r.get(2).ttl());
        assertEquals(77, r.get(3).ttl());
    }

    @Test
    void includesFilesWithTheirOwnOrigin(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("hosts.inc"), "a A 192.0.2.1\nb A 192.0.2.2\n");
        Files.writeString(dir.resolve("main.zone"), """
                $TTL 300
                $ORIGIN example.org.
                @ SOA ns hm 1 2 3 4 5
                  NS ns
                $INCLUDE hosts.inc lan.example.org.
                c A 192.0.2.3
                """);
        Zone zone = Zone.fromMasterFile(dir.resolve("main.zone"), null);
        assertEquals(DnsName.of("example.org."), zone.origin());
        assertEquals(1, zone.rrset(DnsName.of("a.lan.example.org."), DnsType.A).size());
        assertEquals(1, zone.rrset(DnsName.of("c.example.org."), DnsType.A).size());
        assertTrue(zone.exists(DnsName.of("lan.example.org.")));
    }

    @Test
    void includeLoopStopsWithAnError(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("loop.zone"), "$TTL 1\n$INCLUDE loop.zone\n");
        DnsFormatException e = assertThrows(DnsFormatException.class,
                () -> MasterFileParser.parse(dir.resolve("loop.zone"), DnsName.of("example.")));
        assertTrue(e.getMessage().contains("nested"), e.getMessage());
    }

    @Test
    void errorsNameTheLine() {
        DnsFormatException e = assertThrows(DnsFormatException.class,
                () -> MasterFileParser.parse("$TTL 1\n$ORIGIN example.\n@ SOA ns hm 1 2 3 4 5\nwww A 300.1.1.1\n", null));
        assertTrue(e.getMessage().contains(":4:"), e.getMessage());
        assertThrows(DnsFormatException.class, () -> MasterFileParser.parse("www A 192.0.2.1\n", DnsName.of("example.")));
        assertThrows(DnsFormatException.class, () -> MasterFileParser.parse("$TTL 1\n$GENERATE 1-2 a$ A 1.2.3.$\n", DnsName.of("example.")));
        assertThrows(DnsFormatException.class, () -> MasterFileParser.parse("$TTL 1\n  A 192.0.2.1\n", DnsName.of("example.")));
        assertThrows(DnsFormatException.class, () -> MasterFileParser.parse("$TTL 1\nwww IN\n", DnsName.of("example.")));
        assertThrows(DnsFormatException.class, () -> MasterFileParser.parse("$TTL 1\nwww AXFR\n", DnsName.of("example.")));
    }

    @Test
    void zoneChecksItsData() {
        String head = "$TTL 1\n$ORIGIN example.\n@ SOA ns hm 1 2 3 4 5\n";
        assertThrows(DnsFormatException.class, () -> Zone.fromMasterText(head, null));   // no NS
        assertThrows(DnsFormatException.class, () -> Zone.fromMasterText(head + "@ NS ns\nwww.other. A 192.0.2.1\n", null));
        assertThrows(DnsFormatException.class, () -> Zone.fromMasterText(head + "@ NS ns\nx CNAME a\nx A 192.0.2.1\n", null));
        assertThrows(DnsFormatException.class, () -> Zone.fromMasterText("$TTL 1\nexample. NS ns.example.\n", null));
        Zone z = Zone.fromMasterText(head + "@ NS ns\nns A 192.0.2.1\nns A 192.0.2.1\na.b.c A 192.0.2.2\n", null);
        assertEquals(1, z.rrset(DnsName.of("ns.example."), DnsType.A).size());
        assertTrue(z.exists(DnsName.of("b.c.example.")));
        assertEquals(1, z.serial());
        assertEquals(4, z.records().size());
    }
}
