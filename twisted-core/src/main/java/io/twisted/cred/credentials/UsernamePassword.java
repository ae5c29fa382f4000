package io.twisted.cred.credentials;

import java.util.Arrays;
import java.util.Objects;

/**
 * A user name and the plain-text password the user typed (Twisted's {@code IUsernamePassword} and
 * {@code UsernamePassword}), as sent by SMTP AUTH PLAIN/LOGIN, POP3 USER/PASS, FTP and HTTP basic
 * authentication. A checker either compares it with a stored password ({@link #checkPassword}) or
 * derives a hash from {@link #password()} and compares that.
 *
 * <p>The password is copied in and out, so callers may wipe their arrays; {@link #toString()} does
 * not show it.
 */
public final class UsernamePassword implements Credentials {

    private final String username;
    private final char[] password;

    /** Credentials with a copy of {@code password}. */
    public UsernamePassword(String username, char[] password) {
        this.username = Objects.requireNonNull(username, "username");
        this.password = Objects.requireNonNull(password, "password").clone();
    }

    /** Credentials for a password held as a {@code String} (a protocol that decoded it already). */
    public UsernamePassword(String username, String password) {
        this(username, Objects.requireNonNull(password, "password").toCharArray());
    }

    /** The user name as the user gave it. */
    public String username() {
        return username;
    }

    /** A copy of the plain-text password; wipe it ({@code Arrays.fill(p, '\0')}) when done. */
    public char[] password() {
        return password.clone();
    }

    /**
     * Whether {@code expected}, the stored plain-text password, is the one the user gave. The
     * comparison takes the same time whatever the contents and lengths.
     */
    public boolean checkPassword(char[] expected) {
        return Secrets.constantTimeEquals(password, Objects.requireNonNull(expected, "expected"));
    }

    /** As {@link #checkPassword(char[])}. */
    public boolean checkPassword(String expected) {
        char[] e = Objects.requireNonNull(expected, "expected").toCharArray();
        try {
            return checkPassword(e);
        } finally {
            Arrays.fill(e, '\0');
        }
    }

    @Override
    public String toString() {
        return "UsernamePassword[username=" + username + ", password=***]";
    }
}
