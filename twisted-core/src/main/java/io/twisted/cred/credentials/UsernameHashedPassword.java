package io.twisted.cred.credentials;

import java.util.Arrays;
import java.util.Objects;

/**
 * Proof that a user knows a password, without the password itself (Twisted's
 * {@code IUsernameHashedPassword}): a challenge-response digest such as CRAM-MD5
 * ({@link CramMd5Credentials}) or APOP ({@link ApopCredentials}). The checker cannot read the
 * password out of it; it hands the stored <em>plain-text</em> password to {@link #checkPassword},
 * which computes the expected digest and compares.
 *
 * <p>So only a checker that keeps plain-text passwords (such as
 * {@link io.twisted.cred.checkers.InMemoryUsernamePasswordDatabase}) can check these; a file of
 * one-way hashes cannot.
 */
public interface UsernameHashedPassword extends Credentials {

    /** The user name the response claims. */
    String username();

    /**
     * Whether the response was computed from {@code password}, the user's stored plain-text
     * password. Implementations compare in constant time.
     */
    boolean checkPassword(char[] password);

    /** As {@link #checkPassword(char[])}. */
    default boolean checkPassword(String password) {
        char[] p = Objects.requireNonNull(password, "password").toCharArray();
        try {
            return checkPassword(p);
        } finally {
            Arrays.fill(p, '\0');
        }
    }
}
