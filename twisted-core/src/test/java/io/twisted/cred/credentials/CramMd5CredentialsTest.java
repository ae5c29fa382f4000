package io.twisted.cred.credentials;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CramMd5CredentialsTest {

    // RFC 2195 section 2, the example exchange: the server's challenge, base64-encoded on the wire
    // ("+ PDE4OTYu..."), the user "tim" with the shared secret "tanstaaftanstaaf", and the client's
    // base64-encoded response "tim b913a602c7eda7a495b4e6e7334d3890".
    private static final String RFC2195_CHALLENGE = "<1896.697170952@postoffice.reston.mci.net>";
    private static final String RFC2195_CHALLENGE_B64 = "PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UucmVzdG9uLm1jaS5uZXQ+";
    private static final String RFC2195_SECRET = "tanstaaftanstaaf";
    private static final String RFC2195_RESPONSE = "tim b913a602c7eda7a495b4e6e7334d3890";
    private static final String RFC2195_RESPONSE_B64 = "dGltIGI5MTNhNjAyYzdlZGE3YTQ5NWI0ZTZlNzMzNGQzODkw";

    @Test
    void rfc2195ExampleChallengeAndResponseDecodeAsPrinted() {
        assertEquals(RFC2195_CHALLENGE, new String(Base64.getDecoder().decode(RFC2195_CHALLENGE_B64), US_ASCII));
        assertEquals(RFC2195_RESPONSE, new String(Base64.getDecoder().decode(RFC2195_RESPONSE_B64), US_ASCII));
    }

    @Test
    void rfc2195ExampleResponseChecksAgainstTheSecret() {
        CramMd5Credentials creds = new CramMd5Credentials(RFC2195_CHALLENGE.getBytes(US_ASCII));
        assertEquals(RFC2195_CHALLENGE_B64, Base64.getEncoder().encodeToString(creds.getChallenge()));
        assertTrue(creds.moreChallenges());

        creds.setResponse(Base64.getDecoder().decode(RFC2195_RESPONSE_B64));

        assertFalse(creds.moreChallenges());
        assertEquals("tim", creds.username());
        assertTrue(creds.checkPassword(RFC2195_SECRET));
        assertFalse(creds.checkPassword("tanstaaftanstaag"));
        assertFalse(creds.checkPassword(""));
    }

    @Test
    void clientResponseForTheRfc2195ExampleIsTheOnePrinted() {
        byte[] response = CramMd5Credentials.response("tim", RFC2195_SECRET.toCharArray(), RFC2195_CHALLENGE.getBytes(US_ASCII));

        assertEquals(RFC2195_RESPONSE_B64, Base64.getEncoder().encodeToString(response));
    }

    @Test
    void upperCaseDigestIsAccepted() {
        CramMd5Credentials creds = new CramMd5Credentials(RFC2195_CHALLENGE.getBytes(US_ASCII));
        creds.setResponse("tim B913A602C7EDA7A495B4E6E7334D3890".getBytes(US_ASCII));

        assertTrue(creds.checkPassword(RFC2195_SECRET));
    }

    @Test
    void userNameIsEverythingBeforeTheLastSpace() {
        byte[] challenge = RFC2195_CHALLENGE.getBytes(US_ASCII);
        CramMd5Credentials creds = new CramMd5Credentials(challenge);
        creds.setResponse(CramMd5Credentials.response("tim the enchanter", "secret".toCharArray(), challenge));

        assertEquals("tim the enchanter", creds.username());
        assertTrue(creds.checkPassword("secret"));
    }

    @Test
    void emptyPasswordIsAnHmacWithAnEmptyKey() {
        // hmac.new(b"", b"<1896.697170952@postoffice.reston.mci.net>", "md5").hexdigest() in Python
        CramMd5Credentials creds = new CramMd5Credentials(RFC2195_CHALLENGE.getBytes(US_ASCII));
        creds.setResponse("tim a00b54b824afa19ec2de0f73cb2a04c2".getBytes(US_ASCII));

        assertTrue(creds.checkPassword(""));
        assertFalse(creds.checkPassword(RFC2195_SECRET));
    }

    @Test
    void malformedResponsesAreRefused() {
        CramMd5Credentials creds = new CramMd5Credentials(RFC2195_CHALLENGE.getBytes(US_ASCII));
        String[] bad = {
            "",                                         // nothing
            "timb913a602c7eda7a495b4e6e7334d3890",      // no space
            " b913a602c7eda7a495b4e6e7334d3890",        // empty user name
            "tim b913a602c7eda7a495b4e6e7334d389",      // 31 digits
            "tim b913a602c7eda7a495b4e6e7334d38900",    // 33 digits
            "tim g913a602c7eda7a495b4e6e7334d3890",     // not hexadecimal
            "tim b913a602c7eda7a495b4e6e7334d3890 ",    // trailing space: empty digest
        };
        for (String b : bad) {
            assertThrows(IllegalArgumentException.class, () -> creds.setResponse(b.getBytes(US_ASCII)), b);
        }
        assertThrows(IllegalArgumentException.class,
                () -> creds.setResponse(new byte[] {(byte) 0xff, ' ', 'a'}), "not UTF-8");
        assertTrue(creds.moreChallenges());
        assertFalse(creds.checkPassword(RFC2195_SECRET));
        assertThrows(IllegalStateException.class, creds::username);
    }

    @Test
    void generatedChallengeHasTheRfc2195Form() {
        byte[] challenge = CramMd5Credentials.generateChallenge("postoffice.example", new Random(1), 697170952L);

        String text = new String(challenge, US_ASCII);
        assertTrue(text.matches("<[0-9]+\\.697170952@postoffice\\.example>"), text);
        assertThrows(IllegalArgumentException.class, () -> CramMd5Credentials.generateChallenge("bad host", new Random(1), 1));
        assertThrows(IllegalArgumentException.class, () -> CramMd5Credentials.generateChallenge("", new Random(1), 1));
    }

    @Test
    void challengeIsCopied() {
        byte[] challenge = RFC2195_CHALLENGE.getBytes(US_ASCII);
        CramMd5Credentials creds = new CramMd5Credentials(challenge);
        challenge[0] = 'X';
        creds.getChallenge()[1] = 'X';

        assertArrayEquals(RFC2195_CHALLENGE.getBytes(US_ASCII), creds.getChallenge());
    }
}
