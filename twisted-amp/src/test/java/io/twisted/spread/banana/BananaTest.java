package io.twisted.spread.banana;

import static io.twisted.testing.Bytes.hex;
import static io.twisted.testing.Bytes.toArray;
import static org.junit.jupiter.api.Assertions.*;

import io.twisted.testing.Chunkings;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Banana vectors printed by Python Twisted 22.4's {@code Banana.sendEncoded} (pb dialect). */
public class BananaTest {

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    static final BigInteger TWO_70 = BigInteger.TWO.pow(70);

    /** value, hex as Python writes it (base-128 prefix, least significant first, then the type byte). */
    static final Object[][] VECTORS = {
        {List.of(), "00 80"},                             // empty list
        {0L, "00 81"},                                    // INT 0
        {1L, "01 81"},
        {127L, "7f 81"},
        {128L, "00 01 81"},                               // two prefix digits
        {-1L, "01 83"},                                   // NEG
        {-(1L << 31), "00 00 00 00 08 83"},               // smallest NEG
        {-(1L << 31) - 1, "01 00 00 00 08 86"},           // LONGNEG
        {(1L << 31) - 1, "7f 7f 7f 7f 07 81"},            // largest INT
        {1L << 31, "00 00 00 00 08 85"},                  // LONGINT
        {TWO_70, "00 00 00 00 00 00 00 00 00 00 01 85"},  // 2**70
        {TWO_70.negate(), "00 00 00 00 00 00 00 00 00 00 01 86"},
        {b(""), "00 82"},                                 // empty string
        {b("hello"), "05 82 68656c6c6f"},
        {b("list"), "08 87"},                             // vocabulary symbol 8
        {1.5, "84 3ff8000000000000"},                     // FLOAT: type byte, then 8 bytes
        {List.of(1L, List.of(b("a"), List.of())), "02 80 01 81 02 80 01 82 61 00 80"},
    };

    @Test
    void encodesAsPythonDoes() {
        for (Object[] v : VECTORS) {
            assertEquals(((String) v[1]).replace(" ", ""), io.twisted.testing.Bytes.toHex(BananaEncoder.encode(v[0], true)).replace(" ", ""),
                    "encoding of " + v[0]);
        }
    }

    @Test
    void decodesWholeSplitAndOneByteAtATime() {
        ByteBuffer all = ByteBuffer.allocate(1000);
        for (Object[] v : VECTORS) {
            all.put(toArray(hex((String) v[1])));
        }
        byte[] stream = Arrays.copyOf(all.array(), all.position());
        for (Chunkings.Chunking chunking : Chunkings.of(stream)) {
            BananaDecoder d = new BananaDecoder();
            d.setPbDialect(true);
            List<Object> got = new ArrayList<>();
            chunking.forEach(c -> d.decode(c, got::add));
            assertEquals(VECTORS.length, got.size());
            for (int i = 0; i < VECTORS.length; i++) {
                assertEquals(normal(VECTORS[i][0]), normal(got.get(i)), "item " + i);
            }
        }
    }

    /** byte[] compared by content; BigInteger in long range as Long. */
    public static Object normal(Object o) {
        if (o instanceof byte[] b) {
            return "b'" + new String(b, StandardCharsets.ISO_8859_1) + "'";
        }
        if (o instanceof List<?> l) {
            List<Object> n = new ArrayList<>();
            for (Object x : l) {
                n.add(normal(x));
            }
            return n;
        }
        return o;
    }

    @Test
    void negativeZeroAndSpecialFloats() {
        for (double x : new double[] {-0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.MIN_VALUE}) {
            List<Object> got = new ArrayList<>();
            new BananaDecoder().decode(ByteBuffer.wrap(BananaEncoder.encode(x, false)), got::add);
            assertEquals(Double.doubleToRawLongBits(x), Double.doubleToRawLongBits((Double) got.get(0)));
        }
    }

    @Test
    void vocabularyOnlyInThePbDialect() {
        assertEquals("04826c697374", io.twisted.testing.Bytes.toHex(BananaEncoder.encode(b("list"), false)).replace(" ", ""));
        BananaDecoder none = new BananaDecoder();
        assertThrows(BananaError.class, () -> none.decode(ByteBuffer.wrap(toArray(hex("08 87"))), x -> { }));
    }

    @Test
    void refusesUnknownVocabulary() {
        BananaDecoder d = new BananaDecoder();
        d.setPbDialect(true);
        BananaError e = assertThrows(BananaError.class, () -> d.decode(ByteBuffer.wrap(toArray(hex("7f 87"))), x -> { }));
        assertTrue(e.getMessage().contains("127"), e.getMessage());
    }

    @Test
    void refusesOversizeStringsAndLists() {
        // 640 KiB + 1 = 0x0A0001: prefix digits 01 00 28
        byte[] tooLong = toArray(hex("01 00 28 82"));
        assertThrows(BananaError.class, () -> new BananaDecoder().decode(ByteBuffer.wrap(tooLong), x -> { }));
        byte[] tooMany = toArray(hex("01 00 28 80"));
        assertThrows(BananaError.class, () -> new BananaDecoder().decode(ByteBuffer.wrap(tooMany), x -> { }));
        // exactly the limit is accepted as a length (the bytes then just need to arrive)
        new BananaDecoder().decode(ByteBuffer.wrap(toArray(hex("00 00 28 82 61"))), x -> fail("incomplete"));
        assertThrows(BananaError.class, () -> BananaEncoder.encode(new byte[Banana.SIZE_LIMIT + 1], false));
    }

    @Test
    void refusesLongPrefixes() {
        byte[] prefix = new byte[65];
        assertThrows(BananaError.class, () -> new BananaDecoder().decode(ByteBuffer.wrap(prefix), x -> { }));
        byte[] ok = new byte[64];
        new BananaDecoder().decode(ByteBuffer.wrap(ok), x -> fail("no type byte yet"));
        assertThrows(BananaError.class, () -> BananaEncoder.encode(BigInteger.TWO.pow(448), false));
        assertEquals(BigInteger.TWO.pow(448).subtract(BigInteger.ONE),
                decodeOne(BananaEncoder.encode(BigInteger.TWO.pow(448).subtract(BigInteger.ONE), false)));
    }

    @Test
    void refusesDeepNesting() {
        byte[] deep = new byte[2 * 300];
        for (int i = 0; i < 300; i++) {
            deep[2 * i] = 1;
            deep[2 * i + 1] = (byte) 0x80;
        }
        BananaError e = assertThrows(BananaError.class, () -> new BananaDecoder().decode(ByteBuffer.wrap(deep), x -> { }));
        assertTrue(e.getMessage().contains("deeper"), e.getMessage());
    }

    @Test
    void refusesHugeExpressions() {
        BananaDecoder d = new BananaDecoder(10, 100);
        byte[] list = BananaEncoder.encode(List.of(new byte[200]), false);
        assertThrows(BananaError.class, () -> d.decode(ByteBuffer.wrap(list), x -> { }));
    }

    @Test
    void refusesUnknownTypeBytes() {
        assertThrows(BananaError.class, () -> new BananaDecoder().decode(ByteBuffer.wrap(toArray(hex("01 88"))), x -> { }));
        assertThrows(BananaError.class, () -> BananaEncoder.encode("a Java string", false));
    }

    static Object decodeOne(byte[] data) {
        List<Object> got = new ArrayList<>();
        new BananaDecoder().decode(ByteBuffer.wrap(data), got::add);
        assertEquals(1, got.size());
        return got.get(0);
    }
}
