package io.twisted.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class BytesTest {

    @Test
    void asciiEncodesAndRejectsOtherCharacters() {
        ByteBuffer b = Bytes.ascii("HELO x\r\n");
        assertEquals(0, b.position());
        assertArrayEquals(new byte[] {'H', 'E', 'L', 'O', ' ', 'x', '\r', '\n'}, Bytes.toArray(b));
        var e = assertThrows(IllegalArgumentException.class, () -> Bytes.ascii("caf\u00e9"));
        assertEquals("not ASCII: U+00E9 at index 3 of caf\u00e9", e.getMessage());
    }

    @Test
    void utf8AndLatin1() {
        assertEquals("c3 a9", Bytes.toHex(Bytes.utf8("\u00e9")));
        assertEquals("e9", Bytes.toHex(Bytes.latin1("\u00e9")));
        assertThrows(IllegalArgumentException.class, () -> Bytes.latin1("\u20ac"));
        assertEquals("\u00e9", Bytes.utf8String(Bytes.utf8("\u00e9")));
        assertEquals("\u00e9", Bytes.latin1String(Bytes.latin1("\u00e9")));
    }

    @Test
    void hexIgnoresWhitespaceAndComments() {
        ByteBuffer b = Bytes.hex("""
                00 2a      # ID = 42
                01 00      # flags: RD
                DEad       # mixed case
                """);
        assertArrayEquals(new byte[] {0x00, 0x2a, 0x01, 0x00, (byte) 0xde, (byte) 0xad}, Bytes.toArray(b));
        assertEquals(6, b.remaining());
        assertThrows(IllegalArgumentException.class, () -> Bytes.hex("0"));
        assertThrows(IllegalArgumentException.class, () -> Bytes.hex("0g"));
    }

    @Test
    void readingHelpersDoNotConsume() {
        ByteBuffer b = Bytes.ascii("abc");
        b.get();
        assertEquals("62 63", Bytes.toHex(b));
        assertEquals("bc", Bytes.utf8String(b));
        assertEquals(1, b.position());
        assertEquals("", Bytes.toHex(new byte[0]));
    }
}
