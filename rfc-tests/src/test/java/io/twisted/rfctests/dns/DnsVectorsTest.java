package io.twisted.rfctests.dns;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.twisted.names.dns.DnsFormatException;
import io.twisted.names.dns.DnsMessage;
import io.twisted.names.dns.DnsMessageCodec;
import io.twisted.names.dns.DnsName;
import io.twisted.names.dns.DnsQuestion;
import io.twisted.names.dns.DnsRecord;
import io.twisted.names.dns.DnsType;
import io.twisted.names.dns.Edns;
import io.twisted.names.dns.EdnsOption;
import io.twisted.names.dns.Rdata;
import io.twisted.names.zone.MasterFileParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs the DNS vectors in {@code src/test/resources/rfcNNNN/*.vec} against twisted-names' codec,
 * both ways. A file holds vectors separated by {@code ---}; each is {@code key: value} lines (an
 * indented line continues the value; {@code #} starts a comment line and {@code ;} a comment
 * inside hex). Keys:
 * <ul>
 * <li>{@code name}, {@code section} (required): what the vector is and the RFC section it comes from;</li>
 * <li>{@code origin}, {@code record}: a master-file entry; {@code rdata}: its RDATA as annotated
 *     hex (checked: text → wire and wire → record); {@code text}: the RDATA's canonical presentation;</li>
 * <li>{@code message}: a whole message as annotated hex; {@code header}, {@code question},
 *     {@code answer}, {@code authority}, {@code additional}, {@code edns}: what it decodes to;
 *     {@code reencode: identical}: encoding the decoded message gives the same octets;
 *     {@code error}: decoding fails with a {@link DnsFormatException} containing this text;</li>
 * <li>{@code keytag}: the DNSKEY's key tag (RFC 4034 Appendix B); {@code ds-sha1}: its SHA-1 DS
 *     digest (RFC 4034 §5.1.4); {@code nsec3-hash-of}: the name whose NSEC3 hash (RFC 5155 §5,
 *     with the record's salt and iterations) is the record owner's first label.</li>
 * </ul>
 */
class DnsVectorsTest {

    private static final List<String> FOLDERS = List.of("rfc1035", "rfc2782", "rfc3596", "rfc3597", "rfc4034", "rfc4255",
            "rfc5155", "rfc6698", "rfc6891", "rfc8659");

    @TestFactory
    Stream<DynamicTest> vectors() throws IOException, URISyntaxException {
        List<DynamicTest> tests = new ArrayList<>();
        for (String folder : FOLDERS) {
            URL url = getClass().getClassLoader().getResource(folder);
            assertNotNull(url, "missing vector folder " + folder);
            List<Path> files;
            try (Stream<Path> s = Files.list(Path.of(url.toURI()))) {
                files = s.filter(p -> p.toString().endsWith(".vec")).sorted().toList();
            }
            assertTrue(!files.isEmpty(), "no vectors in " + folder);
            for (Path f : files) {
                List<Map<String, String>> vectors = parse(Files.readString(f, StandardCharsets.UTF_8));
                for (Map<String, String> v : vectors) {
                    String display = folder + "/" + f.getFileName() + " §" + v.get("section") + ": " + v.get("name");
                    tests.add(DynamicTest.dynamicTest(display, () -> check(v)));
                }
            }
        }
        assertTrue(tests.size() >= 20, "expected at least 20 vectors, found " + tests.size());
        return tests.stream();
    }

    static List<Map<String, String>> parse(String text) {
        List<Map<String, String>> out = new ArrayList<>();
        Map<String, String> cur = new LinkedHashMap<>();
        String key = null;
        for (String line : text.split("\n", -1)) {
            if (line.startsWith("#")) {
                continue;
            }
            if (line.trim().equals("---")) {
                if (!cur.isEmpty()) {
                    out.add(cur);
                }
                cur = new LinkedHashMap<>();
                key = null;
                continue;
            }
            if (line.isBlank()) {
                continue;
            }
            if (Character.isWhitespace(line.charAt(0))) {
                if (key == null) {
                    throw new IllegalArgumentException("continuation line without a key: " + line);
                }
                cur.merge(key, line.trim(), (a, b) -> a.isEmpty() ? b : a + "\n" + b);
                continue;
            }
            int colon = line.indexOf(':');
            key = line.substring(0, colon).trim();
            cur.put(key, line.substring(colon + 1).trim());
        }
        if (!cur.isEmpty()) {
            out.add(cur);
        }
        for (Map<String, String> v : out) {
            if (!v.containsKey("name") || !v.containsKey("section")) {
                throw new IllegalArgumentException("vector without name or section: " + v);
            }
        }
        return out;
    }

    /** Annotated hex: {@code ;} comments to the end of the line, whitespace ignored. */
    static byte[] hex(String annotated) {
        StringBuilder digits = new StringBuilder();
        for (String line : annotated.split("\n")) {
            int c = line.indexOf(';');
            digits.append((c < 0 ? line : line.substring(0, c)).replaceAll("\\s+", ""));
        }
        return HexFormat.of().parseHex(digits.toString());
    }

    private static void check(Map<String, String> v) throws Exception {
        if (v.containsKey("record")) {
            checkRecord(v);
        }
        if (v.containsKey("message")) {
            checkMessage(v);
        }
        if (!v.containsKey("record") && !v.containsKey("message")) {
            fail("vector has neither record nor message");
        }
    }

    private static void checkRecord(Map<String, String> v) throws Exception {
        DnsName origin = v.containsKey("origin") ? DnsName.of(v.get("origin")) : null;
        String zoneText = (origin == null ? "" : "$ORIGIN " + origin + "\n") + "$TTL 3600\n" + v.get("record") + "\n";
        List<DnsRecord> records = MasterFileParser.parse(zoneText, origin);
        assertEquals(1, records.size(), "one record expected");
        DnsRecord r = records.get(0);
        if (v.containsKey("rdata")) {
            byte[] wire = hex(v.get("rdata"));
            assertEquals(HexFormat.of().formatHex(wire), HexFormat.of().formatHex(r.rdata().toWire()), "text → wire");
            assertEquals(r.rdata(), Rdata.fromWire(r.type(), wire), "wire → RDATA");
        }
        if (v.containsKey("text")) {
            assertEquals(v.get("text"), r.rdata().toString());
            assertEquals(r.rdata(), Rdata.parse(r.type(), v.get("text"), null), "canonical text parses back");
        }
        if (v.containsKey("keytag")) {
            assertEquals(Integer.parseInt(v.get("keytag")), keyTag(r.rdata().toWire()));
        }
        if (v.containsKey("ds-sha1")) {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            sha1.update(canonicalWire(r.name()));
            sha1.update(r.rdata().toWire());
            assertEquals(v.get("ds-sha1").toLowerCase(), HexFormat.of().formatHex(sha1.digest()));
        }
        if (v.containsKey("nsec3-hash-of")) {
            byte[] salt = (byte[]) r.rdata().field(3);
            int iterations = (int) r.rdata().number(2);
            byte[] hash = nsec3Hash(DnsName.of(v.get("nsec3-hash-of")), salt, iterations);
            String label = new String(r.name().label(0), StandardCharsets.US_ASCII);
            // Base32hex through our own NSEC3 presentation code: "1 0 0 - HASH".
            Rdata probe = Rdata.of(DnsType.NSEC3, 1, 0, 0, new byte[0], hash, List.of());
            assertEquals(label.toUpperCase(java.util.Locale.ROOT), probe.toString().split(" ")[4]);
        }
    }

    private static void checkMessage(Map<String, String> v) {
        byte[] wire = hex(v.get("message"));
        if (v.containsKey("error")) {
            DnsFormatException e = assertThrows(DnsFormatException.class, () -> DnsMessageCodec.decode(wire));
            assertTrue(e.getMessage().contains(v.get("error")), e.getMessage());
            return;
        }
        DnsMessage m = DnsMessageCodec.decode(wire);
        if (v.containsKey("header")) {
            assertEquals(v.get("header"), header(m));
        }
        if (v.containsKey("question")) {
            assertEquals(lines(v.get("question")), m.questions().stream().map(DnsQuestion::toString).toList());
        }
        for (String section : List.of("answer", "authority", "additional")) {
            if (v.containsKey(section)) {
                List<DnsRecord> records = switch (section) {
                    case "answer" -> m.answers();
                    case "authority" -> m.authority();
                    default -> m.additional();
                };
                assertEquals(lines(v.get(section)), records.stream().map(r -> r.toString().replace('\t', ' ')).toList(), section);
            }
        }
        if (v.containsKey("edns")) {
            assertEquals(v.get("edns"), edns(m.edns()));
        }
        if ("identical".equals(v.get("reencode"))) {
            assertArrayEquals(wire, DnsMessageCodec.encode(m), "re-encoded octets differ");
        }
    }

    private static List<String> lines(String s) {
        return s.isEmpty() ? List.of() : List.of(s.split("\n"));
    }

    static String header(DnsMessage m) {
        StringBuilder sb = new StringBuilder("id=" + m.id());
        if (m.isResponse()) {
            sb.append(" qr");
        }
        if (m.isAuthoritative()) {
            sb.append(" aa");
        }
        if (m.isTruncated()) {
            sb.append(" tc");
        }
        if (m.isRecursionDesired()) {
            sb.append(" rd");
        }
        if (m.isRecursionAvailable()) {
            sb.append(" ra");
        }
        if (m.isAuthenticData()) {
            sb.append(" ad");
        }
        if (m.isCheckingDisabled()) {
            sb.append(" cd");
        }
        return sb.append(" opcode=").append(m.opcode()).append(" rcode=").append(m.rcode()).toString();
    }

    static String edns(Edns e) {
        if (e == null) {
            return "none";
        }
        StringBuilder sb = new StringBuilder("payload=" + e.udpPayloadSize() + " version=" + e.version());
        if (e.dnssecOk()) {
            sb.append(" do");
        }
        for (EdnsOption o : e.options()) {
            sb.append(" option=").append(o.code()).append(':').append(HexFormat.of().formatHex(o.data()));
        }
        return sb.toString();
    }

    /** RFC 4034 Appendix B (algorithms other than 1). */
    static int keyTag(byte[] rdata) {
        long ac = 0;
        for (int i = 0; i < rdata.length; i++) {
            ac += (i & 1) == 1 ? rdata[i] & 0xff : (rdata[i] & 0xff) << 8;
        }
        ac += ac >> 16 & 0xffff;
        return (int) (ac & 0xffff);
    }

    /** A name's canonical wire form (RFC 4034 §6.2: lower case, uncompressed). */
    static byte[] canonicalWire(DnsName name) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DnsName lower = name.toLowerCase();
        for (int i = 0; i < lower.labelCount(); i++) {
            byte[] l = lower.label(i);
            out.write(l.length);
            out.write(l, 0, l.length);
        }
        out.write(0);
        return out.toByteArray();
    }

    /** RFC 5155 §5: IH(salt, x, 0) = H(x || salt); IH(salt, x, k) = H(IH(salt, x, k-1) || salt). */
    static byte[] nsec3Hash(DnsName name, byte[] salt, int iterations) throws Exception {
        MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
        sha1.update(canonicalWire(name));
        sha1.update(salt);
        byte[] h = sha1.digest();
        for (int i = 0; i < iterations; i++) {
            sha1.update(h);
            sha1.update(salt);
            h = sha1.digest();
        }
        return h;
    }
}
