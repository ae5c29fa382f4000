package io.twisted.cred.credentials;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * POP3 APOP credentials (RFC 1939 section 7, Twisted's {@code twisted.mail.pop3.APOPCredentials}).
 *
 * <p>The server's greeting carries a timestamp such as {@code <1896.697170952@dbc.mtview.ca.us>};
 * the client sends {@code APOP name digest}, where the digest is {@code MD5(timestamp + password)}
 * in 32 hexadecimal digits. {@link #checkPassword} recomputes it from the stored plain-text
 * password. The digest may be upper-case hexadecimal (RFC 1939 asks for lower case). The timestamp
 * and password are used as their UTF-8 bytes (plain ASCII in practice).
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc1939#section-7">RFC 1939 section 7</a>
 */
public final class ApopCredentials implements UsernameHashedPassword {

    private static final int DIGEST_HEX_LENGTH = 32;
    private static final HexFormat HEX = HexFormat.of();

    private final String timestamp;
    private final String username;
    private final byte[] digest;

    /**
     * @param timestamp the greeting's timestamp, angle brackets included
     * @param username the name from the APOP command
     * @param digestHex the digest from the APOP command
     * @throws IllegalArgumentException if {@code digestHex} is not 32 hexadecimal digits
     */
    public ApopCredentials(String timestamp, String username, String digestHex) {
        this.timestamp = Objects.requireNonNull(timestamp, "timestamp");
        this.username = Objects.requireNonNull(username, "username");
        Objects.requireNonNull(digestHex, "digestHex");
        if (digestHex.length() != DIGEST_HEX_LENGTH || !digestHex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new IllegalArgumentException("APOP digest must be 32 hexadecimal digits");
        }
        this.digest = HEX.parseHex(digestHex);
    }

    /** What a client sends as digest: lower-case hex of {@code MD5(timestamp + password)}. */
    public static String digest(String timestamp, char[] password) {
        return HEX.formatHex(md5(timestamp, password));
    }

    /** The greeting timestamp the digest was computed over. */
    public String timestamp() {
        return timestamp;
    }

    @Override
    public String username() {
        return username;
    }

    @Override
    public boolean checkPassword(char[] password) {
        return MessageDigest.isEqual(md5(timestamp, password), digest);
    }

    private static byte[] md5(String timestamp, char[] password) {
        byte[] secret = Secrets.utf8(Objects.requireNonNull(password, "password"));
        try {
            MessageDigest md = MessageDigest.getInstance("MD5");
            md.update(timestamp.getBytes(StandardCharsets.UTF_8));
            md.update(secret);
            return md.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has MD5", e);
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }

    @Override
    public String toString() {
        return "ApopCredentials[username=" + username + "]";
    }
}
