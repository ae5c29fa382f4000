package io.twisted.cred.checkers;

import java.security.GeneralSecurityException;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * The PBKDF2 key derivation function (RFC 8018 section 5.2) with HMAC-SHA256 as its
 * pseudo-random function. An interface so that tests can count or replace the (slow by design)
 * derivations; {@link #hmacSha256()} is the JDK's implementation.
 *
 * <p>Implementations are thread-safe: checkers call them from several hashing threads at once.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8018#section-5.2">RFC 8018 section 5.2</a>
 */
@FunctionalInterface
public interface Pbkdf2 {

    /**
     * Derives {@code keyLength} bytes from {@code password} (as UTF-8 bytes), {@code salt} and
     * {@code iterations}. Does not keep or modify {@code password}.
     */
    byte[] deriveKey(char[] password, byte[] salt, int iterations, int keyLength);

    /** PBKDF2-HMAC-SHA256 from the JDK ({@code SecretKeyFactory "PBKDF2WithHmacSHA256"}). */
    static Pbkdf2 hmacSha256() {
        return (password, salt, iterations, keyLength) -> {
            PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, keyLength * 8);
            try {
                byte[] key = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
                if (key.length != keyLength) {
                    throw new IllegalStateException("PBKDF2 returned " + key.length + " bytes, not " + keyLength);
                }
                return key;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("PBKDF2WithHmacSHA256 failed: " + e.getMessage(), e);
            } finally {
                spec.clearPassword();
            }
        };
    }
}
