package io.twisted.amp;

import static org.junit.jupiter.api.Assertions.*;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each type's wire form, checked against what Python Twisted 22.4 writes (values printed by python3-twisted). */
class ArgumentsTest {

    static String ascii(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void integers() {
        assertEquals("-42", ascii(Arguments.INTEGER.toBytes(-42L)));
        assertEquals(94L, Arguments.INTEGER.fromBytes(ascii("94")));
        assertEquals(Long.MIN_VALUE, Arguments.INTEGER.fromBytes(ascii(Long.toString(Long.MIN_VALUE))));
        assertThrows(IllegalArgumentException.class, () -> Arguments.INTEGER.fromBytes(ascii("1180591620717411303424")));
        assertThrows(IllegalArgumentException.class, () -> Arguments.INTEGER.fromBytes(ascii("12x")));
        assertThrows(IllegalArgumentException.class, () -> Arguments.INTEGER.fromBytes(ascii("")));
        BigInteger big = BigInteger.TWO.pow(70).negate();
        assertEquals("-1180591620717411303424", ascii(Arguments.BIG_INTEGER.toBytes(big)));
        assertEquals(big, Arguments.BIG_INTEGER.fromBytes(ascii("-1180591620717411303424")));
    }

    @Test
    void floatsAreSpelledAsPythonRepr() {
        Object[][] cases = {
            {0.25, "0.25"}, {1e16, "1e+16"}, {1e15, "1000000000000000.0"}, {1e-5, "1e-05"}, {0.0001, "0.0001"},
            {-0.0, "-0.0"}, {3.14, "3.14"}, {1.0 / 3, "0.3333333333333333"}, {1e22, "1e+22"},
            {123456789012345678.0, "1.2345678901234568e+17"}, {Double.MIN_VALUE, "5e-324"},
            {Double.MAX_VALUE, "1.7976931348623157e+308"}, {-2.5e-7, "-2.5e-07"}, {100.0, "100.0"},
            {Double.NaN, "nan"}, {Double.POSITIVE_INFINITY, "inf"}, {Double.NEGATIVE_INFINITY, "-inf"},
        };
        for (Object[] c : cases) {
            double v = (Double) c[0];
            assertEquals(c[1], ascii(Arguments.FLOAT.toBytes(v)), "repr of " + v);
            assertEquals(v, Arguments.FLOAT.fromBytes(ascii((String) c[1])), "float(" + c[1] + ")");
        }
    }

    @Test
    void floatsParseAsPythonFloat() {
        assertTrue(Double.isNaN(Arguments.FLOAT.fromBytes(ascii("NaN"))));
        assertEquals(Double.POSITIVE_INFINITY, Arguments.FLOAT.fromBytes(ascii("Infinity")));
        assertEquals(Double.NEGATIVE_INFINITY, Arguments.FLOAT.fromBytes(ascii("-INF")));
        assertEquals(Double.POSITIVE_INFINITY, Arguments.FLOAT.fromBytes(ascii("+inf")));
        assertEquals(2.0, Arguments.FLOAT.fromBytes(ascii("2")));
        assertEquals(0.5, Arguments.FLOAT.fromBytes(ascii(".5")));
        assertEquals(150.0, Arguments.FLOAT.fromBytes(ascii("1.5E2")));
        for (String bad : new String[] {"1d", "0x1p3", "", "one", "1.5f", "--1"}) {
            assertThrows(IllegalArgumentException.class, () -> Arguments.FLOAT.fromBytes(ascii(bad)), bad);
        }
    }

    @Test
    void booleans() {
        assertEquals("True", ascii(Arguments.BOOLEAN.toBytes(true)));
        assertEquals("False", ascii(Arguments.BOOLEAN.toBytes(false)));
        assertEquals(true, Arguments.BOOLEAN.fromBytes(ascii("True")));
        assertEquals(false, Arguments.BOOLEAN.fromBytes(ascii("False")));
        assertThrows(IllegalArgumentException.class, () -> Arguments.BOOLEAN.fromBytes(ascii("true")));
    }

    @Test
    void stringsAndUnicode() {
        byte[] raw = {0, 1, (byte) 0xff};
        assertArrayEquals(raw, Arguments.STRING.toBytes(raw));
        assertArrayEquals(raw, Arguments.STRING.fromBytes(raw));
        assertArrayEquals(new byte[] {'h', (byte) 0xc3, (byte) 0xa9}, Arguments.UNICODE.toBytes("h\u00e9"));
        assertEquals("\u2603", Arguments.UNICODE.fromBytes(new byte[] {(byte) 0xe2, (byte) 0x98, (byte) 0x83}));
        assertThrows(IllegalArgumentException.class, () -> Arguments.UNICODE.fromBytes(new byte[] {(byte) 0xff}));
    }

    @Test
    void decimalsFollowPythonStr() {
        assertEquals("3.1415926535", ascii(Arguments.DECIMAL.toBytes(new BigDecimal("3.1415926535"))));
        assertEquals("1E+2", ascii(Arguments.DECIMAL.toBytes(new BigDecimal("1E+2"))));
        assertEquals("1E-7", ascii(Arguments.DECIMAL.toBytes(new BigDecimal("0.0000001"))));
        assertEquals(new BigDecimal("1E+2"), Arguments.DECIMAL.fromBytes(ascii("1E+2")));
        assertThrows(IllegalArgumentException.class, () -> Arguments.DECIMAL.fromBytes(ascii("NaN")));
        assertThrows(IllegalArgumentException.class, () -> Arguments.DECIMAL.fromBytes(ascii("-Infinity")));
    }

    @Test
    void dateTimesHaveMicrosecondsAndOffset() {
        OffsetDateTime utc = OffsetDateTime.of(2022, 1, 2, 3, 4, 5, 600_000_000, ZoneOffset.UTC);
        assertEquals("2022-01-02T03:04:05.600000-00:00", ascii(Arguments.DATE_TIME.toBytes(utc)));
        assertEquals(utc, Arguments.DATE_TIME.fromBytes(ascii("2022-01-02T03:04:05.600000-00:00")));
        OffsetDateTime east = OffsetDateTime.of(1999, 12, 31, 23, 59, 59, 1000, ZoneOffset.ofHoursMinutes(5, 30));
        assertEquals("1999-12-31T23:59:59.000001+05:30", ascii(Arguments.DATE_TIME.toBytes(east)));
        assertEquals(east, Arguments.DATE_TIME.fromBytes(ascii("1999-12-31T23:59:59.000001+05:30")));
        OffsetDateTime west = OffsetDateTime.of(2000, 1, 1, 0, 0, 0, 0, ZoneOffset.ofHours(-8));
        assertEquals("2000-01-01T00:00:00.000000-08:00", ascii(Arguments.DATE_TIME.toBytes(west)));
        assertThrows(IllegalArgumentException.class, () -> Arguments.DATE_TIME.fromBytes(ascii("2022-01-02T03:04:05+00:00")));
        assertThrows(IllegalArgumentException.class, () -> Arguments.DATE_TIME.fromBytes(ascii("2022-13-02T03:04:05.600000-00:00")));
    }

    @Test
    void paths() {
        assertEquals("/tmp/\u00e9", new String(Arguments.PATH.toBytes(Path.of("/tmp/\u00e9")), StandardCharsets.UTF_8));
        assertEquals(Path.of("/a/b"), Arguments.PATH.fromBytes(ascii("/a/b")));
    }

    @Test
    void listOfPrefixesEachElement() {
        Argument<List<Long>> ints = Arguments.listOf(Arguments.INTEGER);
        byte[] wire = ints.toBytes(List.of(1L, -2L, 205891132094649L));
        assertEquals("\u0000\u00011\u0000\u0002-2\u0000\u000f205891132094649", ascii(wire));
        assertEquals(List.of(1L, -2L, 205891132094649L), ints.fromBytes(wire));
        assertEquals(List.of(), ints.fromBytes(new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> ints.fromBytes(new byte[] {0, 5, '1'}));
        assertThrows(IllegalArgumentException.class, () -> ints.fromBytes(new byte[] {0}));
    }

    record Pair(String k, Long v) {}

    @Test
    void ampListIsBoxesBackToBack() {
        Argument<List<Pair>> pairs = Arguments.ampList(Schema.of(Pair.class, Field.of("k", Arguments.UNICODE), Field.of("v", Arguments.INTEGER)));
        byte[] wire = pairs.toBytes(List.of(new Pair("a", 1L), new Pair("b", 2L)));
        assertEquals("\u0000\u0001k\u0000\u0001a\u0000\u0001v\u0000\u00011\u0000\u0000"
                + "\u0000\u0001k\u0000\u0001b\u0000\u0001v\u0000\u00012\u0000\u0000", ascii(wire));
        assertEquals(List.of(new Pair("a", 1L), new Pair("b", 2L)), pairs.fromBytes(wire));
        Argument<List<Map<String, Object>>> maps = Arguments.ampList(Schema.map(Field.of("k", Arguments.UNICODE), Field.optional("v", Arguments.INTEGER)));
        assertEquals(List.of(Map.of("k", "a", "v", 1L), Map.of("k", "b", "v", 2L)), maps.fromBytes(wire));
        assertThrows(IllegalArgumentException.class, () -> pairs.fromBytes(new byte[] {0, 1, 'k'}));
    }
}
