package io.twisted.cred.credentials;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Random;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * CRAM-MD5 challenge-response credentials (RFC 2195, Twisted's {@code CramMD5Credentials}), used by
 * SMTP AUTH, POP3 AUTH and IMAP AUTHENTICATE.
 *
 * <p>The server sends a challenge such as {@code <1896.697170952@postoffice.reston.mci.net>} (RFC
 * 2195 section 2: random digits, a timestamp and the server's host name); the client answers with
 * its user name, a space, and {@code HMAC-MD5(key = password, text = challenge)} as 32 hexadecimal
 * digits. {@link #checkPassword} recomputes the HMAC from the stored plain-text password.
 *
 * <p>Deviations, both lenient in what is accepted: the digest may use upper-case hexadecimal (RFC
 * 2195 section 2 asks for lower case), and the user name is everything before the <em>last</em>
 * space, so names containing spaces work. The user name is decoded as UTF-8 (RFC 4422 section 3.4,
 * as SASL names are); a response that is not UTF-8 is malformed. Passwords are used as their UTF-8
 * bytes.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc2195">RFC 2195</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc2104">RFC 2104: HMAC</a>
 */
public final class CramMd5Credentials implements ChallengeResponse, UsernameHashedPassword {

    /** The SASL mechanism name. */
    public static final String MECHANISM = "CRAM-MD5";

    private static final int DIGEST_HEX_LENGTH = 32;
    private static final HexFormat HEX = HexFormat.of();

    private final byte[] challenge;
    private String username;
    private byte[] digest;

    /**
     * Credentials for an exchange that sends {@code challenge} (copied); see
     * {@link #generateChallenge} to make one.
     */
    public CramMd5Credentials(byte[] challenge) {
        this.challenge = Objects.requireNonNull(challenge, "challenge").clone();
        if (this.challenge.length == 0) {
            throw new IllegalArgumentException("CRAM-MD5 challenge must not be empty");
        }
    }

    /**
     * A fresh challenge in the RFC 2195 section 2 form {@code <random.timestamp@host>}.
     *
     * @param host the server's fully qualified host name
     * @param random source of the random part; pass a {@link java.security.SecureRandom}
     * @param timestampSeconds the current time, from the reactor's clock
     */
    public static byte[] generateChallenge(String host, Random random, long timestampSeconds) {
        Objects.requireNonNull(host, "host");
        if (host.isEmpty() || host.chars().anyMatch(c -> c <= ' ' || c == '<' || c == '>' || c >= 0x7f)) {
            throw new IllegalArgumentException("host must be a non-empty ASCII host name: " + host);
        }
        long nonce = random.nextLong() & Long.MAX_VALUE;
        return ("<" + nonce + "." + timestampSeconds + "@" + host + ">").getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * What a client answers to {@code challenge}: {@code username SP hex(HMAC-MD5(password,
     * challenge))}, as bytes to base64-encode.
     */
    public static byte[] response(String username, char[] password, byte[] challenge) {
        String hex = HEX.formatHex(hmacMd5(password, challenge));
        return (username + " " + hex).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public byte[] getChallenge() {
        return challenge.clone();
    }

    /**
     * Records {@code username SP digest}.
     *
     * @throws IllegalArgumentException if there is no space, the user name is empty or not UTF-8,
     *     or the digest is not 32 hexadecimal digits
     */
    @Override
    public void setResponse(byte[] response) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(response))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("CRAM-MD5 response is not UTF-8", e);
        }
        int space = text.lastIndexOf(' ');
        if (space <= 0) {
            throw new IllegalArgumentException("CRAM-MD5 response must be 'username digest'");
        }
        String hex = text.substring(space + 1);
        if (hex.length() != DIGEST_HEX_LENGTH || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new IllegalArgumentException("CRAM-MD5 digest must be 32 hexadecimal digits");
        }
        this.username = text.substring(0, space);
        this.digest = HEX.parseHex(hex);
    }

    /** {@code false} once a response is recorded: CRAM-MD5 has a single challenge. */
    @Override
    public boolean moreChallenges() {
        return digest == null;
    }

    /**
     * The user name from the response.
     *
     * @throws IllegalStateException before {@link #setResponse}
     */
    @Override
    public String username() {
        if (username == null) {
            throw new IllegalStateException("no CRAM-MD5 response yet");
        }
        return username;
    }

    /** Whether the response's digest is HMAC-MD5 of the challenge keyed with {@code password}. */
    @Override
    public boolean checkPassword(char[] password) {
        if (digest == null) {
            return false;
        }
        return MessageDigest.isEqual(hmacMd5(password, challenge), digest);
    }

    private static byte[] hmacMd5(char[] password, byte[] text) {
        byte[] key = Secrets.utf8(Objects.requireNonNull(password, "password"));
        try {
            // SecretKeySpec refuses an empty key; HMAC pads short keys with zeros (RFC 2104
            // section 2), so one zero byte is the same key as none.
            Mac mac = Mac.getInstance("HmacMD5");
            mac.init(new SecretKeySpec(key.length == 0 ? new byte[1] : key, "HmacMD5"));
            return mac.doFinal(text);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacMD5 is not available", e);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    @Override
    public String toString() {
        return "CramMd5Credentials[username=" + username + "]";
    }
}
