package io.twisted.names.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twisted.testing.Bytes;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class DnsMessageCodecTest {

    private static final DnsName WWW = DnsName.of("www.example.com.");

    private static byte[] hex(String s) {
        return Bytes.toArray(Bytes.hex(s));
    }

    static DnsMessage sampleResponse() {
        DnsName origin = DnsName.of("example.com.");
        return DnsMessage.builder().id(0xbeef).response(true).authoritative(true).recursionDesired(true)
                .addQuestion(new DnsQuestion(WWW, DnsType.A, DnsClass.IN))
                .addAnswer(new DnsRecord(WWW, 300, Rdata.cname(DnsName.of("web.example.com."))))
                .addAnswer(new DnsRecord(DnsName.of("web.example.com."), 300, Rdata.a("192.0.2.1")))
                .addAuthority(new DnsRecord(origin, 3600, Rdata.ns(DnsName.of("ns1.example.com."))))
                .addAdditional(new DnsRecord(DnsName.of("ns1.example.com."), 3600, Rdata.aaaa("2001:db8::53")))
                .addAdditional(new DnsRecord(origin, 60, Rdata.parse(DnsType.SRV, "1 2 3 target.example.com.", null)))
                .edns(new Edns(1232, 0, true, 0, List.of(new EdnsOption(EdnsOption.COOKIE, new byte[8]))))
                .build();
    }

    @Test
    void roundTripsAMessageWithEveryHeaderFlagAndSection() {
        DnsMessage m = sampleResponse().toBuilder().truncated(true).recursionAvailable(true).authenticData(true)
                .checkingDisabled(true).rcode(DnsRcode.NXDOMAIN).build();
        DnsMessage back = DnsMessageCodec.decode(DnsMessageCodec.encode(m));
        assertEquals(m, back);
        assertTrue(back.edns().dnssecOk());
        assertEquals(EdnsOption.COOKIE, back.edns().options().get(0).code());
    }

    @Test
    void compressesRepeatedSuffixesButNotSrvTargets() {
        DnsMessage m = sampleResponse();
        byte[] wire = DnsMessageCodec.encode(m);
        // The question name is written once in full; later owners point at it (0xc00c).
        assertEquals((byte) 0xc0, wire[12 + WWW.wireLength() + 4]);
        assertEquals(0x0c, wire[12 + WWW.wireLength() + 5]);
        // SRV's target is not compressed (RFC 3597 §4 / RFC 2782): its full labels are present.
        String text = new String(wire, java.nio.charset.StandardCharsets.ISO_8859_1);
        assertTrue(text.contains("\u0006target\u0007example\u0003com\u0000"));
        int uncompressed = 0;
        for (DnsRecord r : m.answers()) {
            uncompressed += r.name().wireLength() + 10 + r.rdata().length();
        }
        assertTrue(wire.length < 12 + WWW.wireLength() + 4 + uncompressed + 200);
    }

    @Test
    void decodesExtendedRcode() {
        DnsMessage m = DnsMessage.builder().id(1).response(true).rcode(DnsRcode.BADVERS).edns(Edns.of(512)).build();
        byte[] wire = DnsMessageCodec.encode(m);
        assertEquals(0, wire[3] & 15);           // low 4 bits of 16
        assertEquals(DnsRcode.BADVERS, DnsMessageCodec.decode(wire).rcode());
        assertThrows(IllegalArgumentException.class, () -> DnsMessage.builder().rcode(DnsRcode.BADVERS).build());
    }

    @Test
    void truncatesToTheLimitSettingTc() {
        DnsMessage.Builder b = DnsMessage.builder().id(7).response(true).addQuestion(new DnsQuestion(WWW, DnsType.TXT, DnsClass.IN));
        for (int i = 0; i < 10; i++) {
            b.addAnswer(new DnsRecord(WWW, 300, Rdata.txt("x".repeat(200))));
        }
        DnsMessage m = b.edns(Edns.of(512)).build();
        byte[] wire = DnsMessageCodec.encode(m, 512);
        assertTrue(wire.length <= 512);
        DnsMessage back = DnsMessageCodec.decode(wire);
        assertTrue(back.isTruncated());
        assertTrue(back.answers().isEmpty());
        assertEquals(1, back.questions().size());
        assertEquals(512, back.edns().udpPayloadSize());
        assertFalse(DnsMessageCodec.decode(DnsMessageCodec.encode(m, 4096)).isTruncated());
    }

    @Test
    void dropsAdditionalRecordsThatDoNotFitWithoutTc() {
        DnsMessage.Builder b = DnsMessage.builder().id(7).response(true).addQuestion(new DnsQuestion(WWW, DnsType.A, DnsClass.IN))
                .addAnswer(new DnsRecord(WWW, 300, Rdata.a("192.0.2.1")));
        for (int i = 0; i < 40; i++) {
            b.addAdditional(new DnsRecord(DnsName.of("h" + i + ".example.com."), 300, Rdata.aaaa("2001:db8::" + (i + 1))));
        }
        DnsMessage back = DnsMessageCodec.decode(DnsMessageCodec.encode(b.build(), 512));
        assertFalse(back.isTruncated());
        assertEquals(1, back.answers().size());
        assertTrue(back.additional().size() > 0 && back.additional().size() < 40);
    }

    @Test
    void decodesAQueryFromDig() {
        byte[] q = hex("""
                12 34        # ID
                01 20        # RD, AD
                00 01 00 00 00 00 00 01   # QD=1, AN=0, NS=0, AR=1
                03 77 77 77 07 65 78 61 6d 70 6c 65 03 63 6f 6d 00   # www.example.com.
                00 01 00 01  # A IN
                00 00 29 04 d0 00 00 00 00 00 00   # OPT: payload 1232, no options
                """);
        DnsMessage m = DnsMessageCodec.decode(q);
        assertEquals(0x1234, m.id());
        assertTrue(m.isRecursionDesired());
        assertTrue(m.isAuthenticData());
        assertEquals(new DnsQuestion(WWW, DnsType.A, DnsClass.IN), m.questions().get(0));
        assertEquals(1232, m.edns().udpPayloadSize());
        assertTrue(m.additional().isEmpty());
        assertNull(DnsMessageCodec.decode(hex("0000 0000 0000 0000 0000 0000")).edns());
    }

    /** Malformed messages: each must fail with a clear DnsFormatException, never hang. */
    static List<String[]> malformed() {
        String header1q = "abcd 0100 0001 0000 0000 0000";
        return List.of(
                new String[] {"empty", ""},
                new String[] {"short header", "abcd 0100 0001"},
                new String[] {"question count with no question", header1q},
                new String[] {"truncated question type", header1q + " 03 77 77 77 00 00"},
                new String[] {"truncated label", header1q + " 05 61 62"},
                new String[] {"label type 01 (reserved)", header1q + " 41 61 00 0001 0001"},
                new String[] {"label type 10 (reserved)", header1q + " 81 61 00 0001 0001"},
                new String[] {"pointer to itself", header1q + " c0 0c 0001 0001"},
                new String[] {"forward pointer", header1q + " c0 20 0001 0001 03 61 62 63 00"},
                new String[] {"two pointers forming a loop", header1q + " 01 61 c0 0c 0001 0001"},
                new String[] {"loop through an earlier name",
                        "abcd 0100 0002 0000 0000 0000 01 61 c0 12 0001 0001 01 62 c0 0c 0001 0001"},
                new String[] {"pointer past the end", header1q + " c3 ff 0001 0001"},
                new String[] {"truncated pointer", header1q + " c0"},
                new String[] {"name over 255 octets", header1q + (" 3f" + " 61".repeat(63)).repeat(4) + " 00 0001 0001"},
                new String[] {"huge counts", "abcd 0100 ffff ffff ffff ffff 00 0001 0001"},
                new String[] {"rdlength past the end", "abcd 8100 0000 0001 0000 0000 00 0001 0001 00000000 0010 01020304"},
                new String[] {"A rdata too short", "abcd 8100 0000 0001 0000 0000 00 0001 0001 00000000 0003 010203"},
                new String[] {"A rdata too long", "abcd 8100 0000 0001 0000 0000 00 0001 0001 00000000 0005 0102030405"},
                new String[] {"MX name past rdlength",
                        "abcd 8100 0000 0001 0000 0000 00 000f 0001 00000000 0004 000a 01 61 00"},
                new String[] {"trailing garbage", "abcd 0100 0000 0000 0000 0000 ff"},
                new String[] {"two OPT records",
                        "abcd 0100 0000 0000 0000 0002 00 0029 0200 00000000 0000 00 0029 0200 00000000 0000"},
                new String[] {"OPT with a non-root owner", "abcd 0100 0000 0000 0000 0001 01 61 00 0029 0200 00000000 0000"},
                new String[] {"OPT in the answer section", "abcd 0100 0000 0001 0000 0000 00 0029 0200 00000000 0000"},
                new String[] {"EDNS option past OPT rdata", "abcd 0100 0000 0000 0000 0001 00 0029 0200 00000000 0004 000a 0008"});
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void rejectsMalformedMessages(String description, String hexText) {
        byte[] data = hex(hexText);
        DnsFormatException e = assertThrows(DnsFormatException.class, () -> DnsMessageCodec.decode(data));
        assertFalse(e.getMessage().isEmpty());
    }

    @Test
    void decodesBackwardPointerChains() {
        // www.example.com. at 12; mail -> pointer to "example.com." at 16 in the answer.
        byte[] m = hex("""
                abcd 8180 0001 0001 0000 0000
                03 77 77 77 07 65 78 61 6d 70 6c 65 03 63 6f 6d 00 0001 0001   # question at 12
                c0 0c 000f 0001 00000e10 0009 000a 04 6d 61 69 6c c0 10     # MX 10 mail.<16>
                """);
        DnsMessage msg = DnsMessageCodec.decode(m);
        assertEquals("10 mail.example.com.", msg.answers().get(0).rdata().toString());
        assertEquals(WWW, msg.answers().get(0).name());
    }

    @Test
    void everyPrefixOfAValidMessageIsRejectedCleanly() {
        byte[] wire = DnsMessageCodec.encode(sampleResponse());
        for (int n = 0; n < wire.length; n++) {
            byte[] prefix = java.util.Arrays.copyOf(wire, n);
            assertThrows(DnsFormatException.class, () -> DnsMessageCodec.decode(prefix), "prefix of " + n);
        }
    }

    @Test
    void randomCorruptionNeverEscapesAsAnotherException() {
        byte[] wire = DnsMessageCodec.encode(sampleResponse());
        java.util.Random random = new java.util.Random(42);
        for (int i = 0; i < 5000; i++) {
            byte[] bad = wire.clone();
            for (int k = 0; k < 1 + random.nextInt(4); k++) {
                bad[12 + random.nextInt(bad.length - 12)] = (byte) random.nextInt(256);
            }
            try {
                DnsMessage m = DnsMessageCodec.decode(bad);
                DnsMessageCodec.decode(DnsMessageCodec.encode(m));
            } catch (DnsFormatException expected) {
                // fine
            }
        }
    }
}
