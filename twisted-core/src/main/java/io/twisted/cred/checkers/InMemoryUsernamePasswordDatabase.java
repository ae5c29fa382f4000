package io.twisted.cred.checkers;

import io.twisted.cred.CredentialsChecker;
import io.twisted.cred.credentials.Credentials;
import io.twisted.cred.credentials.UsernameHashedPassword;
import io.twisted.cred.credentials.UsernamePassword;
import io.twisted.cred.error.UnauthorizedLogin;
import io.twisted.cred.error.UnhandledCredentials;
import io.twisted.internet.defer.Deferred;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Users and their <em>plain-text</em> passwords in memory (Twisted's
 * {@code InMemoryUsernamePasswordDatabaseDontUse}): for tests, examples and development. Keeping
 * plain-text passwords is what lets it check challenge-response credentials
 * ({@link io.twisted.cred.credentials.CramMd5Credentials},
 * {@link io.twisted.cred.credentials.ApopCredentials}), which need the password itself; for real
 * deployments prefer {@link PasswordFileChecker}, whose file holds only PBKDF2 hashes.
 *
 * <p>Checks {@link UsernamePassword} and {@link UsernameHashedPassword}. User names are
 * case-sensitive; the avatar ID is the user name. An unknown user is compared against a dummy
 * password so that it costs the same as a wrong password, and both fail with the same
 * {@link UnauthorizedLogin}. Users may be added while the checker is in use (thread-safe).
 */
public final class InMemoryUsernamePasswordDatabase implements CredentialsChecker {

    private static final char[] DUMMY_PASSWORD = "no such user: dummy password".toCharArray();

    private final Map<String, char[]> users = new ConcurrentHashMap<>();

    /** Adds {@code username}, or replaces its password, with a copy of {@code password}; returns this. */
    public InMemoryUsernamePasswordDatabase addUser(String username, char[] password) {
        users.put(Objects.requireNonNull(username, "username"), Objects.requireNonNull(password, "password").clone());
        return this;
    }

    /** As {@link #addUser(String, char[])}. */
    public InMemoryUsernamePasswordDatabase addUser(String username, String password) {
        return addUser(username, Objects.requireNonNull(password, "password").toCharArray());
    }

    /** Removes {@code username}; returns whether it was there. */
    public boolean removeUser(String username) {
        char[] old = users.remove(username);
        if (old != null) {
            Arrays.fill(old, '\0');
        }
        return old != null;
    }

    @Override
    public Set<Class<? extends Credentials>> credentialInterfaces() {
        return Set.of(UsernamePassword.class, UsernameHashedPassword.class);
    }

    @Override
    public Deferred<Object> requestAvatarId(Credentials credentials) {
        try {
            if (credentials instanceof UsernamePassword) {
                UsernamePassword up = (UsernamePassword) credentials;
                char[] stored = users.get(up.username());
                boolean match = up.checkPassword(stored != null ? stored : DUMMY_PASSWORD);
                return result(up.username(), match & stored != null);
            }
            if (credentials instanceof UsernameHashedPassword) {
                UsernameHashedPassword hp = (UsernameHashedPassword) credentials;
                char[] stored = users.get(hp.username());
                boolean match = hp.checkPassword(stored != null ? stored : DUMMY_PASSWORD);
                return result(hp.username(), match & stored != null);
            }
            return Deferred.fail(new UnhandledCredentials(getClass().getSimpleName() + " cannot check "
                    + credentials.getClass().getName()));
        } catch (RuntimeException e) {
            return Deferred.fail(e);
        }
    }

    private static Deferred<Object> result(String username, boolean ok) {
        return ok ? Deferred.succeed(username) : Deferred.fail(new UnauthorizedLogin());
    }

    @Override
    public String toString() {
        return "InMemoryUsernamePasswordDatabase[" + users.size() + " users]";
    }
}
