package io.twisted.amp;

import io.twisted.amp.wire.AmpBox;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The standard AMP argument types, each writing exactly what Python Twisted's class of the same
 * name writes (Twisted 22.4 checked):
 *
 * <table>
 *   <caption>AMP types</caption>
 *   <tr><th>constant</th><th>Twisted</th><th>Java type</th><th>wire form</th></tr>
 *   <tr><td>{@link #INTEGER}</td><td>Integer</td><td>Long</td><td>{@code -42}</td></tr>
 *   <tr><td>{@link #BIG_INTEGER}</td><td>Integer</td><td>BigInteger</td><td>{@code 1180591620717411303424}</td></tr>
 *   <tr><td>{@link #STRING}</td><td>String</td><td>byte[]</td><td>the bytes</td></tr>
 *   <tr><td>{@link #UNICODE}</td><td>Unicode</td><td>String</td><td>UTF-8</td></tr>
 *   <tr><td>{@link #BOOLEAN}</td><td>Boolean</td><td>Boolean</td><td>{@code True} / {@code False}</td></tr>
 *   <tr><td>{@link #FLOAT}</td><td>Float</td><td>Double</td><td>Python's repr: {@code 0.25}, {@code 1e+16}, {@code nan}, {@code inf}, {@code -inf}</td></tr>
 *   <tr><td>{@link #DECIMAL}</td><td>Decimal</td><td>BigDecimal</td><td>{@code 3.14}, {@code 1E+2} (same rules for both)</td></tr>
 *   <tr><td>{@link #DATE_TIME}</td><td>DateTime</td><td>OffsetDateTime</td><td>{@code 2022-01-02T03:04:05.600000+01:00}</td></tr>
 *   <tr><td>{@link #PATH}</td><td>Path</td><td>java.nio.file.Path</td><td>UTF-8 of the path</td></tr>
 *   <tr><td>{@link #listOf}</td><td>ListOf</td><td>List</td><td>each element prefixed by its 16-bit length</td></tr>
 *   <tr><td>{@link #ampList}</td><td>AmpList</td><td>List</td><td>boxes back to back</td></tr>
 * </table>
 *
 * <p>Deviations, all refused with {@link IllegalArgumentException} rather than silently changed:
 * Python's {@code Decimal} NaN/Infinity have no {@link BigDecimal} form; {@code DateTime} keeps
 * microseconds (nanoseconds below that are truncated, as the wire has six digits); a Python
 * integer outside the long range needs {@link #BIG_INTEGER}.
 */
public final class Arguments {

    private Arguments() {
    }

    private abstract static class Simple<T> implements Argument<T> {
        private final String name;

        Simple(String name) {
            this.name = name;
        }

        @Override
        public String typeName() {
            return name;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static String ascii(byte[] data) {
        return new String(data, StandardCharsets.ISO_8859_1);
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static final Pattern INT = Pattern.compile("\\s*[+-]?\\d+\\s*");

    private static String integerText(byte[] data) {
        String s = ascii(data);
        if (!INT.matcher(s).matches()) {
            throw new IllegalArgumentException("not an integer: '" + s + "'");
        }
        return s.strip();
    }

    /** Python's {@code amp.Integer} as a {@code Long}; a value outside the long range is refused. */
    public static final Argument<Long> INTEGER = new Simple<>("Integer") {
        @Override
        public byte[] toBytes(Long value) {
            return ascii(Long.toString(value));
        }

        @Override
        public Long fromBytes(byte[] data) {
            String s = integerText(data);
            try {
                return Long.parseLong(s.startsWith("+") ? s.substring(1) : s);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("integer out of the long range (use Arguments.BIG_INTEGER): " + s);
            }
        }
    };

    /** Python's {@code amp.Integer} as a {@code BigInteger}: any size, as Python's int. */
    public static final Argument<BigInteger> BIG_INTEGER = new Simple<>("Integer") {
        @Override
        public byte[] toBytes(BigInteger value) {
            return ascii(value.toString());
        }

        @Override
        public BigInteger fromBytes(byte[] data) {
            String s = integerText(data);
            return new BigInteger(s.startsWith("+") ? s.substring(1) : s);
        }
    };

    /** Python's {@code amp.String}: bytes as they are. */
    public static final Argument<byte[]> STRING = new Simple<>("String") {
        @Override
        public byte[] toBytes(byte[] value) {
            return value.clone();
        }

        @Override
        public byte[] fromBytes(byte[] data) {
            return data.clone();
        }
    };

    /** Python's {@code amp.Unicode}: UTF-8; malformed UTF-8 is refused. */
    public static final Argument<String> UNICODE = new Simple<>("Unicode") {
        @Override
        public byte[] toBytes(String value) {
            return value.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public String fromBytes(byte[] data) {
            return decodeUtf8(data);
        }
    };

    static String decodeUtf8(byte[] data) {
        try {
            CharBuffer cb = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(data));
            return cb.toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("not UTF-8: " + e.getMessage());
        }
    }

    /** Python's {@code amp.Boolean}: {@code True} or {@code False}, nothing else. */
    public static final Argument<Boolean> BOOLEAN = new Simple<>("Boolean") {
        @Override
        public byte[] toBytes(Boolean value) {
            return ascii(value ? "True" : "False");
        }

        @Override
        public Boolean fromBytes(byte[] data) {
            String s = ascii(data);
            if (s.equals("True")) {
                return Boolean.TRUE;
            } else if (s.equals("False")) {
                return Boolean.FALSE;
            }
            throw new IllegalArgumentException("Bad boolean value: '" + s + "'");
        }
    };

    /** Python's {@code amp.Float}: written as Python's {@code repr}, read as Python's {@code float()}. */
    public static final Argument<Double> FLOAT = new Simple<>("Float") {
        @Override
        public byte[] toBytes(Double value) {
            return ascii(PythonFloats.repr(value));
        }

        @Override
        public Double fromBytes(byte[] data) {
            return PythonFloats.parse(ascii(data));
        }
    };

    /** Python's {@code amp.Decimal}: {@link BigDecimal#toString()} follows the same rules as Python's {@code str(Decimal)}. */
    public static final Argument<BigDecimal> DECIMAL = new Simple<>("Decimal") {
        @Override
        public byte[] toBytes(BigDecimal value) {
            return ascii(value.toString());
        }

        @Override
        public BigDecimal fromBytes(byte[] data) {
            String s = ascii(data).strip();
            String lower = s.toLowerCase(java.util.Locale.ROOT);
            if (lower.contains("nan") || lower.contains("inf")) {
                throw new IllegalArgumentException("Decimal " + s + " has no BigDecimal form");
            }
            try {
                return new BigDecimal(s);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a decimal: '" + s + "'");
            }
        }
    };

    private static final Pattern DATE_TIME_FORM = Pattern.compile(
            "(\\d{4})-(\\d{2})-(\\d{2})T(\\d{2}):(\\d{2}):(\\d{2})\\.(\\d{6})([+-])(\\d{2}):(\\d{2})");

    /**
     * Python's {@code amp.DateTime}: {@code YYYY-MM-DDTHH:MM:SS.ffffff+HH:MM}, always 32 characters.
     * Python writes a zero offset as {@code -00:00}; so do we.
     */
    public static final Argument<OffsetDateTime> DATE_TIME = new Simple<>("DateTime") {
        @Override
        public byte[] toBytes(OffsetDateTime v) {
            int minutes = v.getOffset().getTotalSeconds() / 60;
            if (v.getOffset().getTotalSeconds() % 60 != 0) {
                throw new IllegalArgumentException("AMP DateTime offsets are whole minutes: " + v.getOffset());
            }
            if (v.getYear() < 1 || v.getYear() > 9999) {
                throw new IllegalArgumentException("AMP DateTime years are 1..9999: " + v);
            }
            int abs = Math.abs(minutes);
            return ascii(String.format(java.util.Locale.ROOT, "%04d-%02d-%02dT%02d:%02d:%02d.%06d%s%02d:%02d",
                    v.getYear(), v.getMonthValue(), v.getDayOfMonth(), v.getHour(), v.getMinute(), v.getSecond(),
                    v.getNano() / 1000, minutes > 0 ? "+" : "-", abs / 60, abs % 60));
        }

        @Override
        public OffsetDateTime fromBytes(byte[] data) {
            String s = ascii(data);
            Matcher m = DATE_TIME_FORM.matcher(s);
            if (!m.matches()) {
                throw new IllegalArgumentException("invalid date format '" + s + "'");
            }
            int sign = m.group(8).equals("-") ? -1 : 1;
            int offH = Integer.parseInt(m.group(9));
            int offM = Integer.parseInt(m.group(10));
            try {
                ZoneOffset offset = ZoneOffset.ofTotalSeconds(sign * (offH * 3600 + offM * 60));
                return OffsetDateTime.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                        Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)),
                        Integer.parseInt(m.group(6)), Integer.parseInt(m.group(7)) * 1000, offset);
            } catch (java.time.DateTimeException e) {
                throw new IllegalArgumentException("invalid date '" + s + "': " + e.getMessage());
            }
        }
    };

    /** Python's {@code amp.Path} (a {@code FilePath}): the path as UTF-8 text. */
    public static final Argument<Path> PATH = new Simple<>("Path") {
        @Override
        public byte[] toBytes(Path value) {
            return value.toString().getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public Path fromBytes(byte[] data) {
            try {
                return Path.of(decodeUtf8(data));
            } catch (java.nio.file.InvalidPathException e) {
                throw new IllegalArgumentException("invalid path: " + e.getMessage());
            }
        }
    };

    /**
     * Python's {@code amp.ListOf(elementType)}: each element's encoding prefixed by its length as a
     * 16-bit big-endian integer. An element's encoding is at most 65,535 bytes.
     */
    public static <E> Argument<List<E>> listOf(Argument<E> elementType) {
        return new Simple<>("ListOf(" + elementType.typeName() + ")") {
            @Override
            public byte[] toBytes(List<E> value) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                for (E e : value) {
                    byte[] b = elementType.toBytes(e);
                    if (b.length > 0xffff) {
                        throw new IllegalArgumentException("ListOf element is " + b.length + " bytes, over 65535");
                    }
                    out.write(b.length >> 8);
                    out.write(b.length);
                    out.writeBytes(b);
                }
                return out.toByteArray();
            }

            @Override
            public List<E> fromBytes(byte[] data) {
                List<E> list = new ArrayList<>();
                int i = 0;
                while (i < data.length) {
                    if (i + 2 > data.length) {
                        throw new IllegalArgumentException("ListOf data ends inside a length prefix");
                    }
                    int n = ((data[i] & 0xff) << 8) | (data[i + 1] & 0xff);
                    i += 2;
                    if (i + n > data.length) {
                        throw new IllegalArgumentException("ListOf element of " + n + " bytes runs past the value");
                    }
                    list.add(elementType.fromBytes(java.util.Arrays.copyOfRange(data, i, i + n)));
                    i += n;
                }
                return Collections.unmodifiableList(list);
            }
        };
    }

    /** Python's {@code amp.AmpList(subargs)}: each element a box of {@code schema}'s fields, boxes back to back. */
    public static <E> Argument<List<E>> ampList(Schema<E> schema) {
        return new Simple<>("AmpList(" + schema + ")") {
            @Override
            public byte[] toBytes(List<E> value) {
                List<AmpBox> boxes = new ArrayList<>(value.size());
                for (E e : value) {
                    boxes.add(schema.toBox(e, new AmpBox()));
                }
                return AmpBox.encodeAll(boxes);
            }

            @Override
            public List<E> fromBytes(byte[] data) {
                List<E> list = new ArrayList<>();
                try {
                    for (AmpBox b : AmpBox.decodeAll(data)) {
                        list.add(schema.fromBox(b));
                    }
                } catch (io.twisted.amp.wire.AmpWireException e) {
                    throw new IllegalArgumentException("AmpList: " + e.getMessage());
                }
                return Collections.unmodifiableList(list);
            }
        };
    }
}
