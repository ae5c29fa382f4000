package io.twisted.names.dns;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class RdataTest {

    private static final DnsName ORIGIN = DnsName.of("example.com.");

    /** Presentation text in, canonical text out, and the same through the wire form, for every type. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "A|192.0.2.1|192.0.2.1",
        "AAAA|2001:DB8:0:0:0:0:0:1|2001:db8::1",
        "AAAA|::|::",
        "AAAA|2001:db8:0:1:0:0:0:1|2001:db8:0:1::1",
        "AAAA|::ffff:192.0.2.1|::ffff:c000:201",
        "NS|ns1|ns1.example.com.",
        "CNAME|www.example.org.|www.example.org.",
        "DNAME|example.net.|example.net.",
        "PTR|host|host.example.com.",
        "SOA|ns1 hostmaster ( 2024010101 2h 15m 2w 300 )|ns1.example.com. hostmaster.example.com. 2024010101 7200 900 1209600 300",
        "MX|10 mail|10 mail.example.com.",
        "TXT|\"v=spf1 -all\" \"second string; with \\\"quotes\\\"\"|\"v=spf1 -all\" \"second string; with \\\"quotes\\\"\"",
        "TXT|unquoted|\"unquoted\"",
        "TXT|\"tab\\009and\\255\"|\"tab\\009and\\255\"",
        "SPF|\"v=spf1 -all\"|\"v=spf1 -all\"",
        "HINFO|\"PC\" \"Linux 6\"|\"PC\" \"Linux 6\"",
        "RP|mbox.example.com. txt|mbox.example.com. txt.example.com.",
        "AFSDB|1 afs|1 afs.example.com.",
        "SRV|10 60 5060 www|10 60 5060 www.example.com.",
        "NAPTR|100 10 \"S\" \"SIP+D2U\" \"\" _sip._udp|100 10 \"S\" \"SIP+D2U\" \"\" _sip._udp.example.com.",
        "SSHFP|2 1 123456789abcdef67890123456789abcdef67890|2 1 123456789ABCDEF67890123456789ABCDEF67890",
        "TLSA|3 1 1 d2abde240d7cd3ee 6b4b28c54df034b9|3 1 1 D2ABDE240D7CD3EE6B4B28C54DF034B9",
        "CAA|0 issue \"ca.example.net\"|0 issue \"ca.example.net\"",
        "CAA|128 tbs \"Unknown\"|128 tbs \"Unknown\"",
        "DS|60485 5 1 2BB183AF5F22588179A53B0A98631FAD1A292118|60485 5 1 2BB183AF5F22588179A53B0A98631FAD1A292118",
        "DNSKEY|256 3 5 AQPSKmynfzW4kyBv015MUG2DeIQ3 Cbl+BBZH4b/0PY1kxkmvHjcZc8no kfzj31GajIQKY+5CptLr3buXA10h WqTkF7H6RfoRqXQeogmMHfpftf6z Mv1LyBUgia7za6ZEzOJBOztyvhjL 742iU/TpPSEDhm2SNKLijfUppn1U aNvv4w==|256 3 5 AQPSKmynfzW4kyBv015MUG2DeIQ3Cbl+BBZH4b/0PY1kxkmvHjcZc8nokfzj31GajIQKY+5CptLr3buXA10hWqTkF7H6RfoRqXQeogmMHfpftf6zMv1LyBUgia7za6ZEzOJBOztyvhjL742iU/TpPSEDhm2SNKLijfUppn1UaNvv4w==",
        "RRSIG|A 5 3 86400 20030322173103 20030220173103 2642 example.com. oJB1W6WNGv+ldvQ3WDG0MQkg5IEhjRip8WTrPYGv07h108dUKGMeDPKijVCHX3DDKdfb+v6oB9wfuh3DTJXUAfI/M0zmO/zz8bW0Rznl8O3tGNazPwQKkRN20XPXV6nwwfoXmJQbsLNrLfkGJ5D6fwFm8nN+6pBzeDQfsS3Ap3o=|A 5 3 86400 20030322173103 20030220173103 2642 example.com. oJB1W6WNGv+ldvQ3WDG0MQkg5IEhjRip8WTrPYGv07h108dUKGMeDPKijVCHX3DDKdfb+v6oB9wfuh3DTJXUAfI/M0zmO/zz8bW0Rznl8O3tGNazPwQKkRN20XPXV6nwwfoXmJQbsLNrLfkGJ5D6fwFm8nN+6pBzeDQfsS3Ap3o=",
        "NSEC|host.example.com. A MX RRSIG NSEC TYPE1234|host.example.com. A MX RRSIG NSEC TYPE1234",
        "NSEC3|1 1 12 aabbccdd 2t7b4g4vsa5smi47k61mv5bv1a22bojr NS SOA MX RRSIG DNSKEY NSEC3PARAM|1 1 12 AABBCCDD 2T7B4G4VSA5SMI47K61MV5BV1A22BOJR NS SOA MX RRSIG DNSKEY NSEC3PARAM",
        "NSEC3PARAM|1 0 12 -|1 0 12 -",
        "TYPE731|\\# 6 abcd ( ef 01 23 45 )|\\# 6 ABCDEF012345",
        "A|\\# 4 0A000001|10.0.0.1",
    })
    void presentationRoundTripsThroughWire(String type, String text, String canonical) {
        DnsType t = DnsType.fromText(type);
        Rdata r = Rdata.parse(t, text, ORIGIN);
        assertEquals(canonical, r.toString());
        Rdata again = Rdata.fromWire(t, r.toWire());
        assertEquals(r, again);
        assertEquals(canonical, again.toString());
        assertEquals(r, Rdata.parse(t, canonical, null));
    }

    @Test
    void everyKnownRecordTypeHasAPresentationVector() throws Exception {
        var annotation = getClass().getDeclaredMethod("presentationRoundTripsThroughWire", String.class, String.class, String.class)
                .getAnnotation(CsvSource.class);
        java.util.Set<String> covered = new java.util.HashSet<>();
        for (String row : annotation.value()) {
            covered.add(row.substring(0, row.indexOf('|')));
        }
        for (DnsType t : DnsType.known()) {
            if (!t.isMetaType()) {
                assertTrue(covered.contains(t.toString()), "no vector for " + t);
            }
        }
    }

    @Test
    void relativeNamesInZoneOutput() {
        Rdata mx = Rdata.parse(DnsType.MX, "10 mail", ORIGIN);
        assertEquals("10 mail", mx.toText(ORIGIN));
        assertEquals(DnsName.of("mail.example.com."), mx.target());
    }

    @Test
    void typedFactoriesAndAccessors() {
        Rdata txt = Rdata.txt("hello world", "x");
        assertEquals(2, txt.strings().size());
        assertArrayEquals("hello world".getBytes(StandardCharsets.UTF_8), txt.strings().get(0));
        assertEquals("\"hello world\" \"x\"", txt.toString());
        Rdata soa = Rdata.soa(DnsName.of("ns."), DnsName.of("h."), 1, 2, 3, 4, 5);
        assertEquals(5, soa.number(6));
        assertEquals("192.0.2.7", Rdata.a("192.0.2.7").address().getHostAddress());
        assertEquals(DnsName.of("t.example."), Rdata.srv(1, 2, 3, DnsName.of("t.example.")).target());
        Rdata generic = Rdata.generic(DnsType.valueOf(65280), new byte[] {1, 2});
        assertEquals("\\# 2 0102", generic.toString());
        assertTrue(generic.isGeneric());
        assertEquals("TYPE65280", generic.type().toString());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "A|192.0.2",
        "A|192.0.2.256",
        "A|www.example.com",
        "AAAA|192.0.2.1",
        "AAAA|2001:db8::g",
        "MX|10",
        "MX|70000 mail",
        "MX|10 mail extra",
        "TXT|\"\\256\"",
        "SSHFP|1 1 abc",
        "DNSKEY|256 3 5 !!!",
        "CAA|0 is-sue \"x\"",
        "TYPE731|\\# 3 abcd",
        "TYPE731|0A000001",
        "NSEC|host. BOGUS",
        "SOA|ns1 hostmaster 1 2 3 4",
    })
    void rejectsBadPresentation(String type, String text) {
        assertThrows(DnsFormatException.class, () -> Rdata.parse(DnsType.fromText(type), text, ORIGIN));
    }

    @Test
    void rejectsBadWire() {
        assertThrows(DnsFormatException.class, () -> Rdata.fromWire(DnsType.A, new byte[] {1, 2, 3}));
        assertThrows(DnsFormatException.class, () -> Rdata.fromWire(DnsType.A, new byte[] {1, 2, 3, 4, 5}));
        assertThrows(DnsFormatException.class, () -> Rdata.fromWire(DnsType.TXT, new byte[] {5, 'a'}));
        assertThrows(DnsFormatException.class, () -> Rdata.fromWire(DnsType.TXT, new byte[0]));
        // NSEC bitmap: window length 0 and windows out of order.
        assertThrows(DnsFormatException.class, () -> Rdata.fromWire(DnsType.NSEC, new byte[] {0, 0, 0}));
        assertThrows(DnsFormatException.class, () -> Rdata.fromWire(DnsType.NSEC, new byte[] {0, 1, 1, 0x40, 0, 1, 0x40}));
    }

    @Test
    void periodsWithUnits() {
        assertEquals(3600, Rdata.parsePeriod("1h"));
        assertEquals(90061, Rdata.parsePeriod("1d1h1m1s"));
        assertEquals(1209600, Rdata.parsePeriod("2W"));
        assertThrows(DnsFormatException.class, () -> Rdata.parsePeriod("1x"));
        assertThrows(DnsFormatException.class, () -> Rdata.parsePeriod("h"));
        assertThrows(DnsFormatException.class, () -> Rdata.parsePeriod("4294967296"));
    }

    @Test
    void lexerHandlesQuotesParenthesesAndComments() {
        MasterFileLexer lexer = new MasterFileLexer("a 1 ( x ; comment\n y ) \"q ; not (comment)\" z\\ z\n  next line\n");
        List<TextToken> first = lexer.nextLine();
        assertEquals(List.of(TextToken.of("a"), TextToken.of("1"), TextToken.of("x"), TextToken.of("y"),
                new TextToken("q ; not (comment)", true), TextToken.of("z\\ z")), first);
        List<TextToken> second = lexer.nextLine();
        assertTrue(lexer.indented());
        assertEquals(2, second.size());
        assertEquals(null, lexer.nextLine());
        assertThrows(DnsFormatException.class, () -> new MasterFileLexer("a ( b").nextLine());
        assertThrows(DnsFormatException.class, () -> new MasterFileLexer("a ) b").nextLine());
        assertThrows(DnsFormatException.class, () -> new MasterFileLexer("a \"b\n").nextLine());
    }
}
