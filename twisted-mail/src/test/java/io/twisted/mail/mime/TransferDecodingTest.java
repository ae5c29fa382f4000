package io.twisted.mail.mime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** RFC 2045 sections 6.7 and 6.8, leniently. */
class TransferDecodingTest {

    private static String decode(String in, String encoding) {
        byte[] b = in.getBytes(StandardCharsets.ISO_8859_1);
        return new String(TransferDecoding.decode(b, 0, b.length, encoding), StandardCharsets.ISO_8859_1);
    }

    @Test
    void base64SkipsLineBreaksAndJunkAndStopsAtPadding() {
        assertEquals("Hello, world", decode("SGVsbG8s\r\nIHdv\r\ncmxk\r\n", "base64"));
        assertEquals("Hello, world", decode("SGVs bG8s*IHdvcmxk", " BASE64 "));
        assertEquals("Hi", decode("SGk=\r\nIGlnbm9yZWQ=", "base64"));
        assertEquals("H", decode("SG", "base64"));
        assertEquals("", decode("", "base64"));
    }

    @Test
    void quotedPrintableDecodesEscapesAndSoftBreaks() {
        assertEquals("caf\u00e9 au lait", decode("caf=E9 au=\r\n lait", "quoted-printable"));
        assertEquals("ab", decode("a=  \r\nb", "Quoted-Printable"));
        assertEquals("ab", decode("a=\nb", "quoted-printable"));
        assertEquals("a", decode("a=", "quoted-printable"));
        assertEquals("a=ZZ=4", decode("a=ZZ=4", "quoted-printable"));
        assertEquals("x=\u00ff", decode("x=\u00ff", "quoted-printable"));
    }

    @Test
    void otherEncodingsAreTheIdentity() {
        assertEquals("=E9", decode("=E9", "8bit"));
        assertEquals("=E9", decode("=E9", null));
        assertEquals("=E9", decode("=E9", "x-uuencode"));
    }
}
