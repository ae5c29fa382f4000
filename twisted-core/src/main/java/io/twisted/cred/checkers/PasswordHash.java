package io.twisted.cred.checkers;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.Random;

/**
 * A one-way PBKDF2-HMAC-SHA256 password hash (RFC 8018 section 5.2) in the modular crypt format
 * of Python's passlib ({@code passlib.hash.pbkdf2_sha256}), so files move between the two:
 *
 * <pre>
 * $pbkdf2-sha256$ITERATIONS$SALT$HASH
 * $pbkdf2-sha256$6400$0ZrzXitFSGltTQnBWOsdAw$Y11AchqV4b0sUisdZd0Xr97KWoymNE0LNNrnEgY4H9M
 * </pre>
 *
 * <p>(The second line is passlib's documented example, the hash of {@code password}.)
 *
 * <ul>
 *   <li>{@code ITERATIONS}: the PBKDF2 iteration count in decimal, 1 to {@value #MAX_ITERATIONS};
 *       new hashes use {@value #DEFAULT_ITERATIONS}, OWASP's 2023 recommendation for
 *       PBKDF2-HMAC-SHA256.</li>
 *   <li>{@code SALT}: the random salt ({@value #SALT_LENGTH} bytes for new hashes, 1 to
 *       {@value #MAX_SALT_LENGTH} accepted) in passlib's "adapted base64": standard base64
 *       (RFC 4648 section 4) with {@code .} instead of {@code +} and no padding.</li>
 *   <li>{@code HASH}: the derived key ({@value #HASH_LENGTH} bytes for new hashes, 16 to
 *       {@value #MAX_HASH_LENGTH} accepted) in the same encoding. The password is fed to PBKDF2
 *       as its UTF-8 bytes.</li>
 * </ul>
 *
 * <p>Immutable and thread-safe. {@link #toString()} does not show the salt or hash; {@link #encoded()} does.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8018#section-5.2">RFC 8018 section 5.2</a>
 * @see <a href="https://passlib.readthedocs.io/en/stable/lib/passlib.hash.pbkdf2_digest.html">passlib pbkdf2_sha256</a>
 */
public final class PasswordHash {

    /** The scheme prefix. */
    public static final String PREFIX = "$pbkdf2-sha256$";
    /** Iterations for new hashes (OWASP Password Storage Cheat Sheet, PBKDF2-HMAC-SHA256). */
    public static final int DEFAULT_ITERATIONS = 210_000;
    /** The largest iteration count accepted: about ten seconds of work, so a typo cannot hang a thread for hours. */
    public static final int MAX_ITERATIONS = 10_000_000;
    /** Salt length of new hashes, in bytes. */
    public static final int SALT_LENGTH = 16;
    /** Largest salt accepted, in bytes (passlib's limit). */
    public static final int MAX_SALT_LENGTH = 1024;
    /** Derived key length of new hashes, in bytes (the SHA-256 output size). */
    public static final int HASH_LENGTH = 32;
    /** Largest derived key accepted, in bytes. */
    public static final int MAX_HASH_LENGTH = 64;
    private static final int MIN_HASH_LENGTH = 16;

    private final int iterations;
    private final byte[] salt;
    private final byte[] hash;

    private PasswordHash(int iterations, byte[] salt, byte[] hash) {
        this.iterations = iterations;
        this.salt = salt;
        this.hash = hash;
    }

    /**
     * Hashes {@code password} with a fresh random salt.
     *
     * @param iterations the PBKDF2 iteration count, 1 to {@value #MAX_ITERATIONS}
     * @param random the salt's source; pass a {@link java.security.SecureRandom}
     */
    public static PasswordHash create(char[] password, int iterations, Random random, Pbkdf2 pbkdf2) {
        Objects.requireNonNull(password, "password");
        checkIterations(iterations);
        byte[] salt = new byte[SALT_LENGTH];
        random.nextBytes(salt);
        return new PasswordHash(iterations, salt, pbkdf2.deriveKey(password, salt, iterations, HASH_LENGTH));
    }

    /**
     * A hash no password matches (random bytes in place of a derived key), with the usual salt and
     * hash sizes: checkers verify unknown users against it so that they cost as much as known ones.
     */
    static PasswordHash dummy(int iterations, Random random) {
        byte[] salt = new byte[SALT_LENGTH];
        byte[] hash = new byte[HASH_LENGTH];
        random.nextBytes(salt);
        random.nextBytes(hash);
        return new PasswordHash(iterations, salt, hash);
    }

    /**
     * Reads {@code $pbkdf2-sha256$ITERATIONS$SALT$HASH}.
     *
     * @throws IllegalArgumentException naming what is wrong (never echoing the text, which may be a
     *     plain-text password written by mistake)
     */
    public static PasswordHash parse(String encoded) {
        Objects.requireNonNull(encoded, "encoded");
        if (!encoded.startsWith(PREFIX)) {
            throw new IllegalArgumentException("not a " + PREFIX + " hash (plain-text passwords are not accepted)");
        }
        String[] parts = encoded.substring(PREFIX.length()).split("\\$", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("a " + PREFIX + " hash has three fields: iterations, salt, hash");
        }
        int iterations;
        if (parts[0].isEmpty() || parts[0].length() > 9 || !parts[0].chars().allMatch(c -> c >= '0' && c <= '9')
                || parts[0].startsWith("0")) {
            throw new IllegalArgumentException("iteration count must be a decimal number from 1 to " + MAX_ITERATIONS);
        }
        iterations = Integer.parseInt(parts[0]);
        checkIterations(iterations);
        byte[] salt = decode(parts[1], "salt");
        if (salt.length < 1 || salt.length > MAX_SALT_LENGTH) {
            throw new IllegalArgumentException("salt must be 1 to " + MAX_SALT_LENGTH + " bytes");
        }
        byte[] hash = decode(parts[2], "hash");
        if (hash.length < MIN_HASH_LENGTH || hash.length > MAX_HASH_LENGTH) {
            throw new IllegalArgumentException("hash must be " + MIN_HASH_LENGTH + " to " + MAX_HASH_LENGTH + " bytes");
        }
        return new PasswordHash(iterations, salt, hash);
    }

    private static void checkIterations(int iterations) {
        if (iterations < 1 || iterations > MAX_ITERATIONS) {
            throw new IllegalArgumentException("iteration count must be from 1 to " + MAX_ITERATIONS + ": " + iterations);
        }
    }

    /** Passlib's adapted base64: '.' for '+', no padding. */
    private static byte[] decode(String ab64, String what) {
        if (ab64.indexOf('+') >= 0 || ab64.indexOf('=') >= 0) {
            throw new IllegalArgumentException(what + " must be adapted base64 (no '+' or '=')");
        }
        try {
            return Base64.getDecoder().decode(ab64.replace('.', '+'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + " is not valid adapted base64", e);
        }
    }

    private static String encode(byte[] bytes) {
        return Base64.getEncoder().withoutPadding().encodeToString(bytes).replace('+', '.');
    }

    /**
     * Whether {@code password} is the one this hash was made from: derives the key with this hash's
     * salt and iteration count and compares in constant time.
     */
    public boolean matches(char[] password, Pbkdf2 pbkdf2) {
        byte[] derived = pbkdf2.deriveKey(Objects.requireNonNull(password, "password"), salt, iterations, hash.length);
        try {
            return MessageDigest.isEqual(derived, hash);
        } finally {
            Arrays.fill(derived, (byte) 0);
        }
    }

    /** The PBKDF2 iteration count. */
    public int iterations() {
        return iterations;
    }

    /** The {@code $pbkdf2-sha256$ITERATIONS$SALT$HASH} form. */
    public String encoded() {
        return PREFIX + iterations + "$" + encode(salt) + "$" + encode(hash);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PasswordHash && ((PasswordHash) o).iterations == iterations
                && Arrays.equals(((PasswordHash) o).salt, salt) && MessageDigest.isEqual(((PasswordHash) o).hash, hash);
    }

    @Override
    public int hashCode() {
        return 31 * iterations + Arrays.hashCode(salt);
    }

    @Override
    public String toString() {
        return "PasswordHash[pbkdf2-sha256, " + iterations + " iterations]";
    }
}
