package io.twisted.testing;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Small helpers to write byte-level tests readably.
 *
 * <pre>{@code
 * import static io.twisted.testing.Bytes.ascii;
 *
 * proto.dataReceived(ascii("HELO client.example\r\n"));
 * proto.dataReceived(Bytes.hex("00 05  68 65 6c 6c 6f"));   // length 5, "hello"
 * assertEquals("hello", Bytes.utf8String(buffer));           // does not consume the buffer
 * }</pre>
 *
 * Every method that returns a {@link ByteBuffer} returns a fresh heap buffer positioned at 0.
 */
public final class Bytes {

    private Bytes() {
    }

    /**
     * {@code text} encoded as US-ASCII.
     *
     * @throws IllegalArgumentException if {@code text} has a character above U+007F (a test that
     *     means to send other bytes says so with {@link #utf8}, {@link #latin1} or {@link #hex})
     */
    public static ByteBuffer ascii(String text) {
        byte[] b = new byte[text.length()];
        for (int i = 0; i < b.length; i++) {
            char c = text.charAt(i);
            if (c > 0x7f) {
                throw new IllegalArgumentException("not ASCII: U+" + String.format("%04X", (int) c) + " at index " + i + " of " + text);
            }
            b[i] = (byte) c;
        }
        return ByteBuffer.wrap(b);
    }

    /** {@code text} encoded as UTF-8. */
    public static ByteBuffer utf8(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * {@code text} encoded as ISO-8859-1: each char U+0000..U+00FF becomes one byte.
     *
     * @throws IllegalArgumentException if a character is above U+00FF
     */
    public static ByteBuffer latin1(String text) {
        byte[] b = new byte[text.length()];
        for (int i = 0; i < b.length; i++) {
            char c = text.charAt(i);
            if (c > 0xff) {
                throw new IllegalArgumentException("not Latin-1: U+" + String.format("%04X", (int) c) + " at index " + i);
            }
            b[i] = (byte) c;
        }
        return ByteBuffer.wrap(b);
    }

    /**
     * Bytes written as hex digits. Whitespace is ignored and {@code #} starts a comment that runs
     * to the end of the line, so a vector can be annotated field by field:
     * <pre>{@code
     * Bytes.hex("""
     *     00 2a      # ID = 42
     *     01 00      # flags: RD
     *     """);
     * }</pre>
     *
     * @throws IllegalArgumentException on a character that is not a hex digit, or an odd count
     */
    public static ByteBuffer hex(String digits) {
        byte[] out = new byte[digits.length() / 2];
        int n = 0;
        int high = -1;
        boolean comment = false;
        for (int i = 0; i < digits.length(); i++) {
            char c = digits.charAt(i);
            if (comment) {
                comment = c != '\n';
                continue;
            }
            if (c == '#') {
                comment = true;
                continue;
            }
            if (Character.isWhitespace(c)) {
                continue;
            }
            int v = Character.digit(c, 16);
            if (v < 0) {
                throw new IllegalArgumentException("not a hex digit: '" + c + "' at index " + i);
            }
            if (high < 0) {
                high = v;
            } else {
                out[n++] = (byte) (high << 4 | v);
                high = -1;
            }
        }
        if (high >= 0) {
            throw new IllegalArgumentException("odd number of hex digits");
        }
        return ByteBuffer.wrap(out, 0, n).slice();
    }

    /** The remaining bytes of {@code buffer} as lower-case hex pairs separated by spaces; does not consume it. */
    public static String toHex(ByteBuffer buffer) {
        return toHex(toArray(buffer));
    }

    /** {@code bytes} as lower-case hex pairs separated by spaces. */
    public static String toHex(byte[] bytes) {
        StringBuilder sb = new StringBuilder(bytes.length * 3);
        for (int i = 0; i < bytes.length; i++) {
            if (i > 0) {
                sb.append(' ');
            }
            sb.append(Character.forDigit((bytes[i] >> 4) & 0xf, 16)).append(Character.forDigit(bytes[i] & 0xf, 16));
        }
        return sb.toString();
    }

    /** A copy of the remaining bytes of {@code buffer}; does not consume it. */
    public static byte[] toArray(ByteBuffer buffer) {
        byte[] b = new byte[buffer.remaining()];
        buffer.duplicate().get(b);
        return b;
    }

    /** The remaining bytes of {@code buffer} decoded as UTF-8; does not consume it. */
    public static String utf8String(ByteBuffer buffer) {
        return new String(toArray(buffer), StandardCharsets.UTF_8);
    }

    /** The remaining bytes of {@code buffer} decoded as ISO-8859-1 (one char per byte); does not consume it. */
    public static String latin1String(ByteBuffer buffer) {
        return new String(toArray(buffer), StandardCharsets.ISO_8859_1);
    }
}
