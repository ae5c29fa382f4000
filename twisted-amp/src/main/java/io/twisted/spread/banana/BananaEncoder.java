package io.twisted.spread.banana;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes Banana: {@link Long}/{@link Integer}/{@link BigInteger} as ints, {@link Double} as floats,
 * {@code byte[]} as strings, {@link List} (or {@code Object[]}) as lists. In the {@code pb} dialect,
 * strings that are vocabulary words go as symbols, as Python does.
 */
public final class BananaEncoder {

    private static final BigInteger SMALLEST_INT = BigInteger.valueOf(-(1L << 31));
    private static final BigInteger LARGEST_INT = BigInteger.valueOf((1L << 31) - 1);
    private static final BigInteger LARGEST_LONG = BigInteger.ONE.shiftLeft(7 * Banana.PREFIX_LIMIT).subtract(BigInteger.ONE);
    private static final BigInteger SMALLEST_LONG = LARGEST_LONG.negate();

    private BananaEncoder() {
    }

    /**
     * The bytes of {@code value}.
     *
     * @param pbDialect whether vocabulary symbols are used
     * @throws BananaError for a value of another type, an integer of 2**448 or more in magnitude, or a
     *     list or string longer than {@link Banana#SIZE_LIMIT}
     */
    public static byte[] encode(Object value, boolean pbDialect) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        encode(value, pbDialect, out);
        return out.toByteArray();
    }

    /** Appends the bytes of {@code value} to {@code out}. */
    public static void encode(Object value, boolean pbDialect, ByteArrayOutputStream out) {
        if (value instanceof List<?> list) {
            checkSize(list.size(), "list");
            prefix(list.size(), out);
            out.write(Banana.LIST);
            for (Object o : list) {
                encode(o, pbDialect, out);
            }
        } else if (value instanceof Object[] array) {
            encode(List.of(array), pbDialect, out);
        } else if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            long v = ((Number) value).longValue();
            if (v >= 0 && v <= Integer.MAX_VALUE) {
                prefix(v, out);
                out.write(Banana.INT);
            } else if (v < 0 && v >= Integer.MIN_VALUE) {
                prefix(-v, out);
                out.write(Banana.NEG);
            } else {
                encodeBig(BigInteger.valueOf(v), out);
            }
        } else if (value instanceof BigInteger big) {
            encodeBig(big, out);
        } else if (value instanceof Double || value instanceof Float) {
            out.write(Banana.FLOAT);
            long bits = Double.doubleToRawLongBits(((Number) value).doubleValue());
            for (int i = 7; i >= 0; i--) {
                out.write((int) (bits >>> (8 * i)));
            }
        } else if (value instanceof byte[] bytes) {
            Integer symbol = pbDialect ? symbolFor(bytes) : null;
            if (symbol != null) {
                prefix(symbol, out);
                out.write(Banana.VOCAB);
            } else {
                checkSize(bytes.length, "byte string");
                prefix(bytes.length, out);
                out.write(Banana.STRING);
                out.writeBytes(bytes);
            }
        } else {
            throw new BananaError("Banana cannot encode " + (value == null ? "null" : value.getClass().getName()));
        }
    }

    private static Integer symbolFor(byte[] bytes) {
        if (bytes.length > 13) {
            return null;
        }
        return Banana.VOCABULARY.get(new String(bytes, StandardCharsets.ISO_8859_1));
    }

    private static void encodeBig(BigInteger v, ByteArrayOutputStream out) {
        if (v.compareTo(LARGEST_LONG) > 0 || v.compareTo(SMALLEST_LONG) < 0) {
            throw new BananaError("int is too large to send (" + v.bitLength() + " bits)");
        }
        if (v.compareTo(SMALLEST_INT) < 0) {
            prefix(v.negate(), out);
            out.write(Banana.LONGNEG);
        } else if (v.signum() < 0) {
            prefix(v.negate(), out);
            out.write(Banana.NEG);
        } else if (v.compareTo(LARGEST_INT) <= 0) {
            prefix(v, out);
            out.write(Banana.INT);
        } else {
            prefix(v, out);
            out.write(Banana.LONGINT);
        }
    }

    private static void checkSize(int n, String what) {
        if (n > Banana.SIZE_LIMIT) {
            throw new BananaError(what + " is too long to send (" + n + ")");
        }
    }

    /** Base-128, least significant digit first, each digit below 0x80 (Twisted's {@code int2b128}). */
    static void prefix(long v, ByteArrayOutputStream out) {
        if (v == 0) {
            out.write(0);
            return;
        }
        while (v != 0) {
            out.write((int) (v & 0x7f));
            v >>>= 7;
        }
    }

    static void prefix(BigInteger v, ByteArrayOutputStream out) {
        if (v.bitLength() < 63) {
            prefix(v.longValue(), out);
            return;
        }
        BigInteger mask = BigInteger.valueOf(0x7f);
        while (v.signum() != 0) {
            out.write(v.and(mask).intValue());
            v = v.shiftRight(7);
        }
    }
}
