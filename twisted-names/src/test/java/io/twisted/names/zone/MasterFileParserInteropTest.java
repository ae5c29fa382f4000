package io.twisted.names.zone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.twisted.names.dns.DnsName;
import io.twisted.names.dns.DnsRecord;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our master-file parser against BIND's {@code named-checkzone} (bind9-utils 9.18): both read the
 * same file, and BIND's canonical dump ({@code -D}, absolute names, one record per line) must hold
 * exactly the records we parsed. Our own zone output ({@link Zone#toMasterText()}) is read by
 * {@code ldns-read-zone} (ldns 1.8.3) and must come back as the same records. With {@code CI=true}
 * a missing tool fails the test.
 */
class MasterFileParserInteropTest {

    private static final String CHECKZONE = "/usr/bin/named-checkzone";

    @Test
    void parsesTheSameRecordsAsNamedCheckzone(@TempDir Path dir) throws Exception {
        if (!Files.isExecutable(Path.of(CHECKZONE))) {
            if ("true".equals(System.getenv("CI"))) {
                fail("named-checkzone is not installed (CI=true)");
            }
            assumeTrue(false, "named-checkzone is not installed");
        }
        String text = MasterFileParserTest.ZONE.replace("$ORIGIN sub.example.com.\nhost A 192.0.2.77\n", "")
                + """
                $ORIGIN example.com.
                info  IN HINFO "PC" "Linux"
                rp    IN RP mbox.example.com. info
                afs   IN AFSDB 1 www
                nap   IN NAPTR 100 10 "S" "SIP+D2U" "" _sip._tcp
                ssh   IN SSHFP 2 1 123456789abcdef67890123456789abcdef67890
                _443._tcp IN TLSA 3 1 1 d2abde240d7cd3ee6b4b28c54df034b97983a1d16e8a410e4561cb106618e971
                @     IN CAA 0 issue "ca.example.net"
                dn    IN DNAME example.net.
                ptr   IN PTR www
                spf   IN SPF "v=spf1 -all"
                unk   IN TYPE65280 \\# 3 010203
                sec   IN DS 60485 5 1 2BB183AF5F22588179A53B0A98631FAD1A292118
                esc   IN TXT "a\\\\b" "c\\010d" plain
                """;
        Path file = dir.resolve("example.zone");
        Files.writeString(file, text);
        Process p = new ProcessBuilder(CHECKZONE, "-q", "-D", "-o", "-", "example.com", file.toString())
                .redirectErrorStream(false).start();
        String dump = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("named-checkzone did not finish");
        }
        assertEquals(0, p.exitValue(), "named-checkzone rejected the zone:\n" + dump);
        TreeSet<String> theirs = new TreeSet<>();
        for (DnsRecord r : MasterFileParser.parse(dump, DnsName.of("example.com."))) {
            theirs.add(canonical(r));
        }
        TreeSet<String> ours = new TreeSet<>();
        for (DnsRecord r : MasterFileParser.parse(file, null)) {
            ours.add(canonical(r));
        }
        assertEquals(new ArrayList<>(theirs), new ArrayList<>(ours));
        assertEquals(25, ours.size());
    }

    @Test
    void ldnsReadsOurZoneOutputBackToTheSameRecords(@TempDir Path dir) throws Exception {
        String ldns = "/usr/bin/ldns-read-zone";
        if (!Files.isExecutable(Path.of(ldns))) {
            if ("true".equals(System.getenv("CI"))) {
                fail("ldns-read-zone is not installed (CI=true)");
            }
            assumeTrue(false, "ldns-read-zone is not installed");
        }
        Zone zone = Zone.fromMasterText(MasterFileParserTest.ZONE + """
                $ORIGIN example.com.
                caa   CAA 0 issue "ca.example.net"
                ssh   SSHFP 2 1 123456789abcdef67890123456789abcdef67890
                esc   TXT "a\\\\b" "c\\010d" "semi;colon (paren)"
                nsec  NSEC host.example.com. A MX RRSIG NSEC TYPE1234
                unk   TYPE65280 \\# 3 010203
                """, null);
        Path file = dir.resolve("ours.zone");
        Files.writeString(file, zone.toMasterText());
        Process p = new ProcessBuilder(ldns, file.toString()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("ldns-read-zone did not finish");
        }
        assertEquals(0, p.exitValue(), "ldns-read-zone rejected our output:\n" + err + "\n" + zone.toMasterText());
        TreeSet<String> theirs = new TreeSet<>();
        for (DnsRecord r : MasterFileParser.parse(out, zone.origin())) {
            theirs.add(canonical(r));
        }
        TreeSet<String> ours = new TreeSet<>();
        for (DnsRecord r : zone.records()) {
            ours.add(canonical(r));
        }
        assertEquals(new ArrayList<>(ours), new ArrayList<>(theirs));
        assertEquals(zone.records(), Zone.fromMasterText(zone.toMasterText(), null).records());
    }

    private static String canonical(DnsRecord r) {
        return r.name().toLowerCase() + " " + r.ttl() + " " + r.type() + " " + List.of(r.rdata().toWire().length)
                + " " + r.rdata();
    }
}
