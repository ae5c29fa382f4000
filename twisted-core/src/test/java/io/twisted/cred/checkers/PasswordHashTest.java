package io.twisted.cred.checkers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class PasswordHashTest {

    private final Pbkdf2 pbkdf2 = Pbkdf2.hmacSha256();

    @Test
    void pbkdf2HmacSha256MatchesRfc7914Section11Vectors() {
        // RFC 7914 section 11, "Test Vectors for PBKDF2 with HMAC-SHA-256" (RFC 8018 has none for SHA-256):
        // P = "passwd", S = "salt", c = 1, dkLen = 64
        assertEquals("55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc"
                        + "49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783",
                hex(pbkdf2.deriveKey("passwd".toCharArray(), ascii("salt"), 1, 64)));
        // P = "Password", S = "NaCl", c = 80000, dkLen = 64
        assertEquals("4ddcd8f60b98be21830cee5ef22701f9641a4418d04c0414aeff08876b34ab56"
                        + "a1d425a1225833549adb841b51c9b3176a272bdebba1d078478f62b397f33c8d",
                hex(pbkdf2.deriveKey("Password".toCharArray(), ascii("NaCl"), 80000, 64)));
    }

    @Test
    void readsPasslibsDocumentedExampleHash() {
        // passlib.hash.pbkdf2_sha256 documentation: the hash of "password" with 6400 rounds.
        String passlib = "$pbkdf2-sha256$6400$0ZrzXitFSGltTQnBWOsdAw$Y11AchqV4b0sUisdZd0Xr97KWoymNE0LNNrnEgY4H9M";

        PasswordHash h = PasswordHash.parse(passlib);

        assertEquals(6400, h.iterations());
        assertTrue(h.matches("password".toCharArray(), pbkdf2));
        assertFalse(h.matches("Password".toCharArray(), pbkdf2));
        assertEquals(passlib, h.encoded());
    }

    @Test
    void newHashesRoundTripThroughTheirEncoding() {
        PasswordHash h = PasswordHash.create("correct horse".toCharArray(), 1000, new SecureRandom(), pbkdf2);

        String encoded = h.encoded();
        assertTrue(encoded.matches("\\$pbkdf2-sha256\\$1000\\$[A-Za-z0-9./]{22}\\$[A-Za-z0-9./]{43}"), encoded);
        PasswordHash back = PasswordHash.parse(encoded);
        assertEquals(h, back);
        assertTrue(back.matches("correct horse".toCharArray(), pbkdf2));
        assertFalse(back.matches("correct horse ".toCharArray(), pbkdf2));
        assertFalse(back.matches(new char[0], pbkdf2));
    }

    @Test
    void theSamePasswordGetsDifferentSalts() {
        PasswordHash a = PasswordHash.create("pw".toCharArray(), 10, new SecureRandom(), pbkdf2);
        PasswordHash b = PasswordHash.create("pw".toCharArray(), 10, new SecureRandom(), pbkdf2);

        assertNotEquals(a.encoded(), b.encoded());
    }

    @Test
    void emptyAndNonAsciiPasswordsWork() {
        PasswordHash empty = PasswordHash.create(new char[0], 10, new SecureRandom(), pbkdf2);
        PasswordHash snow = PasswordHash.create("☃ zoë".toCharArray(), 10, new SecureRandom(), pbkdf2);

        assertTrue(empty.matches(new char[0], pbkdf2));
        assertTrue(snow.matches("☃ zoë".toCharArray(), pbkdf2));
        assertFalse(snow.matches("? zoe".toCharArray(), pbkdf2));
    }

    @Test
    void malformedHashesAreRefusedWithoutEchoingThem() {
        List<String> bad = List.of(
                "hunter2",                                                          // plain text
                "$pbkdf2-sha1$1000$0ZrzXitFSGltTQnBWOsdAw$Y11AchqV4b0sUisdZd0Xr97KWoymNE0LNNrnEgY4H9M",
                "$pbkdf2-sha256$1000$0ZrzXitFSGltTQnBWOsdAw",                       // two fields
                "$pbkdf2-sha256$$0ZrzXitFSGltTQnBWOsdAw$Y11AchqV4b0sUisdZd0Xr97KWoymNE0LNNrnEgY4H9M",
                "$pbkdf2-sha256$0$0ZrzXitFSGltTQnBWOsdAw$Y11AchqV4b0sUisdZd0Xr97KWoymNE0LNNrnEgY4H9M",
                "$pbkdf2-sha256$0100$0ZrzXitFSGltTQnBWOsdAw$Y11AchqV4b0sUisdZd0Xr97KWoymNE0LNNrnEgY4H9M",
                "$pbkdf2-sha256$-5$0ZrzXitFSGltTQnBWOsdAw$Y11AchqV4b0sUisdZd0Xr97KWoymNE0LNNrnEgY4H9M",
                "$pbkdf2-sha256$10000001$0ZrzXitFSGltTQnBWOsdAw$Y11AchqV4b0sUisdZd0Xr97KWoymNE0LNNrnEgY4H9M",
                "$pbkdf2-sha256$1000$$Y11AchqV4b0sUisdZd0Xr97KWoymNE0LNNrnEgY4H9M", // empty salt
                "$pbkdf2-sha256$1000$0ZrzXitFSGltTQnBWOsdAw$Y11Achq",                // hash too short
                "$pbkdf2-sha256$1000$0Zrz+itFSGltTQnBWOsdAw$Y11AchqV4b0sUisdZd0Xr97KWoymNE0LNNrnEgY4H9M",
                "$pbkdf2-sha256$1000$0ZrzXitFSGltTQnBWOsdAw==$Y11AchqV4b0sUisdZd0Xr97KWoymNE0LNNrnEgY4H9M",
                "$pbkdf2-sha256$1000$0Zr!XitFSGltTQnBWOsdAw$Y11AchqV4b0sUisdZd0Xr97KWoymNE0LNNrnEgY4H9M");
        for (String b : bad) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PasswordHash.parse(b), b);
            assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
            assertFalse(e.getMessage().contains("Y11Achq"), e.getMessage());
        }
    }

    @Test
    void iterationCountIsBounded() {
        assertThrows(IllegalArgumentException.class, () -> PasswordHash.create("pw".toCharArray(), 0, new SecureRandom(), pbkdf2));
        assertThrows(IllegalArgumentException.class,
                () -> PasswordHash.create("pw".toCharArray(), PasswordHash.MAX_ITERATIONS + 1, new SecureRandom(), pbkdf2));
    }

    @Test
    void toStringShowsNeitherSaltNorHash() {
        PasswordHash h = PasswordHash.parse("$pbkdf2-sha256$6400$0ZrzXitFSGltTQnBWOsdAw$Y11AchqV4b0sUisdZd0Xr97KWoymNE0LNNrnEgY4H9M");

        assertEquals("PasswordHash[pbkdf2-sha256, 6400 iterations]", h.toString());
    }

    @Test
    void dummyHashesMatchNothing() {
        PasswordHash dummy = PasswordHash.dummy(10, new SecureRandom());

        assertEquals(10, dummy.iterations());
        assertFalse(dummy.matches(new char[0], pbkdf2));
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
