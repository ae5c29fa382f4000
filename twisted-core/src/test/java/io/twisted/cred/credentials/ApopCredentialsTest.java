package io.twisted.cred.credentials;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ApopCredentialsTest {

    // RFC 1939 section 7, the APOP example: greeting "+OK POP3 server ready <1896.697170952@dbc.mtview.ca.us>",
    // shared secret "tanstaaf", command "APOP mrose c4c9334bac560ecc979e58001b3e22fb".
    private static final String RFC1939_TIMESTAMP = "<1896.697170952@dbc.mtview.ca.us>";
    private static final String RFC1939_SECRET = "tanstaaf";
    private static final String RFC1939_DIGEST = "c4c9334bac560ecc979e58001b3e22fb";

    @Test
    void rfc1939ExampleDigestChecksAgainstTheSecret() {
        ApopCredentials creds = new ApopCredentials(RFC1939_TIMESTAMP, "mrose", RFC1939_DIGEST);

        assertEquals("mrose", creds.username());
        assertTrue(creds.checkPassword(RFC1939_SECRET));
        assertFalse(creds.checkPassword("tanstaag"));
        assertFalse(new ApopCredentials("<1897.697170952@dbc.mtview.ca.us>", "mrose", RFC1939_DIGEST)
                .checkPassword(RFC1939_SECRET));
    }

    @Test
    void clientDigestForTheRfc1939ExampleIsTheOnePrinted() {
        assertEquals(RFC1939_DIGEST, ApopCredentials.digest(RFC1939_TIMESTAMP, RFC1939_SECRET.toCharArray()));
    }

    @Test
    void upperCaseDigestIsAccepted() {
        assertTrue(new ApopCredentials(RFC1939_TIMESTAMP, "mrose", RFC1939_DIGEST.toUpperCase())
                .checkPassword(RFC1939_SECRET));
    }

    @Test
    void malformedDigestIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new ApopCredentials(RFC1939_TIMESTAMP, "mrose", "c4c9"));
        assertThrows(IllegalArgumentException.class,
                () -> new ApopCredentials(RFC1939_TIMESTAMP, "mrose", "z4c9334bac560ecc979e58001b3e22fb"));
    }
}
