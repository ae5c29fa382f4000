package io.twisted.cred.checkers;

import io.twisted.cred.CredentialsChecker;
import io.twisted.cred.credentials.Credentials;
import io.twisted.cred.credentials.UsernamePassword;
import io.twisted.cred.error.UnauthorizedLogin;
import io.twisted.cred.error.UnhandledCredentials;
import io.twisted.internet.ReactorThreads;
import io.twisted.internet.defer.Deferred;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Checks user names and passwords against a {@link PasswordFile} of PBKDF2 hashes (after
 * Twisted's {@code FilePasswordDB}, which is configured with a hash function; here the hash is
 * always PBKDF2-HMAC-SHA256, see {@link PasswordHash}).
 *
 * <h2>Threads</h2>
 * PBKDF2 is slow by design (about a tenth of a second at the default 210,000 iterations), so the
 * checker never hashes on the reactor thread: {@link #requestAvatarId} hands the work — reading
 * the file when needed, deriving the key, comparing — to the {@code hashExecutor} and fires its
 * Deferred back on the reactor thread through {@link ReactorThreads#callFromThread}. Give it a
 * small bounded pool (one or two threads per core); if the executor refuses the task the login
 * fails with the {@link RejectedExecutionException}.
 *
 * <h2>What it checks</h2>
 * Only {@link UsernamePassword}: a file of one-way hashes cannot check challenge-response
 * credentials (CRAM-MD5, APOP), which need the plain-text password. Such credentials fail with
 * {@link UnhandledCredentials} saying so; a protocol should not offer those mechanisms when its
 * portal has no checker for them ({@link io.twisted.cred.Portal#listCredentialsInterfaces()}).
 * The avatar ID is the user name as written in the file.
 *
 * <h2>Failures look alike</h2>
 * An unknown user and a wrong password fail with the same {@link UnauthorizedLogin} (message
 * {@value UnauthorizedLogin#INVALID_CREDENTIALS}) after the same work: for an unknown user the
 * password is hashed against a dummy hash with the iteration count most common in the file, and
 * keys are compared with {@link java.security.MessageDigest#isEqual}.
 *
 * <h2>Reloading</h2>
 * The file is read at the first login. With {@link Reload#WHEN_MODIFIED} (the default) every
 * login then looks at the file's modification time, size and file key (inode) and reads it again
 * when one changed — {@link PasswordFile#save()} replaces the file by a rename, which always
 * changes the file key. An in-place edit within the file system's timestamp granularity that
 * keeps the size may go unnoticed. With {@link Reload#NEVER} the first reading stays. If a reload
 * fails the previous contents stay in use (and the error is logged); if the first reading fails,
 * logins fail with {@link UnauthorizedLogin} until it succeeds.
 *
 * <pre>{@code
 * ExecutorService hashing = Executors.newFixedThreadPool(2);
 * PasswordFileChecker checker = PasswordFileChecker.builder(Path.of("passwords"), reactor, hashing).build();
 * Portal portal = new Portal(realm, List.of(checker));
 * }</pre>
 */
public final class PasswordFileChecker implements CredentialsChecker {

    private static final System.Logger LOG = System.getLogger(PasswordFileChecker.class.getName());

    /** When the file is read again. */
    public enum Reload {
        /** Read again when its modification time, size or file key changed (checked at every login). */
        WHEN_MODIFIED,
        /** Read once, at the first login. */
        NEVER
    }

    /** The file's contents as used for logins, and what it was read from. */
    private static final class Snapshot {
        final Map<String, Map.Entry<String, PasswordHash>> users;
        final PasswordHash dummy;
        final Object version;

        Snapshot(Map<String, Map.Entry<String, PasswordHash>> users, PasswordHash dummy, Object version) {
            this.users = users;
            this.dummy = dummy;
            this.version = version;
        }
    }

    /** What identifies one version of the file. */
    private static final class FileVersion {
        final FileTime modified;
        final long size;
        final Object key;

        FileVersion(BasicFileAttributes a) {
            this.modified = a.lastModifiedTime();
            this.size = a.size();
            this.key = a.fileKey();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof FileVersion && ((FileVersion) o).modified.equals(modified)
                    && ((FileVersion) o).size == size && Objects.equals(((FileVersion) o).key, key);
        }

        @Override
        public int hashCode() {
            return Objects.hash(modified, size, key);
        }
    }

    private static final Object ABSENT = new Object();

    private final Path file;
    private final ReactorThreads reactor;
    private final Executor hashExecutor;
    private final Reload reload;
    private final Pbkdf2 pbkdf2;
    private final boolean caseSensitive;
    private final int defaultIterations;
    private final SecureRandom random;
    private final Object loadLock = new Object();
    private volatile Snapshot snapshot;

    private PasswordFileChecker(Builder b) {
        this.file = b.file;
        this.reactor = b.reactor;
        this.hashExecutor = b.hashExecutor;
        this.reload = b.reload;
        this.pbkdf2 = b.pbkdf2;
        this.caseSensitive = b.caseSensitive;
        this.defaultIterations = b.defaultIterations;
        this.random = b.random;
    }

    /**
     * Starts building a checker for {@code file}.
     *
     * @param reactor where results are delivered ({@code callFromThread})
     * @param hashExecutor where files are read and passwords hashed; never the reactor thread
     */
    public static Builder builder(Path file, ReactorThreads reactor, Executor hashExecutor) {
        return new Builder(file, reactor, hashExecutor);
    }

    /** Options of a {@link PasswordFileChecker}. */
    public static final class Builder {
        private final Path file;
        private final ReactorThreads reactor;
        private final Executor hashExecutor;
        private Reload reload = Reload.WHEN_MODIFIED;
        private Pbkdf2 pbkdf2 = Pbkdf2.hmacSha256();
        private boolean caseSensitive = true;
        private int defaultIterations = PasswordHash.DEFAULT_ITERATIONS;
        private SecureRandom random = new SecureRandom();

        private Builder(Path file, ReactorThreads reactor, Executor hashExecutor) {
            this.file = Objects.requireNonNull(file, "file");
            this.reactor = Objects.requireNonNull(reactor, "reactor");
            this.hashExecutor = Objects.requireNonNull(hashExecutor, "hashExecutor");
        }

        /** When to read the file again; default {@link Reload#WHEN_MODIFIED}. */
        public Builder reload(Reload reload) {
            this.reload = Objects.requireNonNull(reload, "reload");
            return this;
        }

        /** The PBKDF2 implementation; default {@link Pbkdf2#hmacSha256()}. */
        public Builder pbkdf2(Pbkdf2 pbkdf2) {
            this.pbkdf2 = Objects.requireNonNull(pbkdf2, "pbkdf2");
            return this;
        }

        /**
         * Whether user names are case-sensitive; default {@code true}. When not, names are compared
         * after {@link String#toLowerCase(Locale) toLowerCase(Locale.ROOT)} and two lines whose
         * names differ only in case count as one user (the first).
         */
        public Builder caseSensitive(boolean caseSensitive) {
            this.caseSensitive = caseSensitive;
            return this;
        }

        /**
         * The iteration count of the dummy hash when the file holds no user; default
         * {@value PasswordHash#DEFAULT_ITERATIONS}. Otherwise the count most common in the file is used.
         */
        public Builder defaultIterations(int iterations) {
            if (iterations < 1 || iterations > PasswordHash.MAX_ITERATIONS) {
                throw new IllegalArgumentException("iterations must be from 1 to " + PasswordHash.MAX_ITERATIONS);
            }
            this.defaultIterations = iterations;
            return this;
        }

        /** The random source of dummy hashes; default a new {@link SecureRandom}. */
        public Builder random(SecureRandom random) {
            this.random = Objects.requireNonNull(random, "random");
            return this;
        }

        /** The checker; it reads nothing until the first login. */
        public PasswordFileChecker build() {
            return new PasswordFileChecker(this);
        }
    }

    @Override
    public Set<Class<? extends Credentials>> credentialInterfaces() {
        return Set.of(UsernamePassword.class);
    }

    @Override
    public Deferred<Object> requestAvatarId(Credentials credentials) {
        if (!(credentials instanceof UsernamePassword)) {
            return Deferred.fail(new UnhandledCredentials("a password file holds one-way PBKDF2 hashes and can check only "
                    + "UsernamePassword credentials, not " + credentials.getClass().getName()
                    + " (challenge-response mechanisms such as CRAM-MD5 and APOP need the plain-text password)"));
        }
        UsernamePassword up = (UsernamePassword) credentials;
        String username = up.username();
        char[] password = up.password();
        Deferred<Object> result = new Deferred<>();
        try {
            hashExecutor.execute(() -> checkOffReactor(username, password, result));
        } catch (RejectedExecutionException e) {
            Arrays.fill(password, '\0');
            return Deferred.fail(e);
        }
        return result;
    }

    /** Runs on a hashing thread: checks, then hands the outcome to the reactor thread. */
    private void checkOffReactor(String username, char[] password, Deferred<Object> result) {
        Object outcome;
        try {
            outcome = check(username, password);
        } catch (Throwable t) {
            outcome = t;
        } finally {
            Arrays.fill(password, '\0');
        }
        Object o = outcome;
        reactor.callFromThread(() -> deliver(result, o));
    }

    /** Runs on the reactor thread. */
    private static void deliver(Deferred<Object> result, Object outcome) {
        if (result.isCalled()) {
            return; // cancelled meanwhile
        }
        if (outcome instanceof Throwable) {
            result.errback((Throwable) outcome);
        } else {
            result.callback(outcome);
        }
    }

    /** The avatar ID, or the exception to fail with. Same work for unknown users and wrong passwords. */
    private Object check(String username, char[] password) {
        Snapshot s;
        try {
            s = current();
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "cannot read password file " + file, e);
            return new UnauthorizedLogin("Unable to read the password file", e);
        }
        Map.Entry<String, PasswordHash> user = s.users.get(key(username));
        PasswordHash hash = user != null ? user.getValue() : s.dummy;
        boolean matches = hash.matches(password, pbkdf2);
        if (matches & user != null) {
            return user.getKey();
        }
        return new UnauthorizedLogin();
    }

    private String key(String username) {
        return caseSensitive ? username : username.toLowerCase(Locale.ROOT);
    }

    /** The snapshot to use, reading the file if it is the first time or it changed. */
    private Snapshot current() throws IOException {
        Snapshot s = snapshot;
        if (s != null && reload == Reload.NEVER) {
            return s;
        }
        synchronized (loadLock) {
            s = snapshot;
            if (s != null && reload == Reload.NEVER) {
                return s;
            }
            Object version;
            try {
                version = new FileVersion(Files.readAttributes(file, BasicFileAttributes.class));
            } catch (NoSuchFileException e) {
                version = ABSENT;
            } catch (IOException e) {
                if (s == null) {
                    throw e;
                }
                LOG.log(System.Logger.Level.WARNING, "cannot stat password file " + file + "; using its previous contents", e);
                return s;
            }
            if (s != null && s.version.equals(version)) {
                return s;
            }
            try {
                if (version == ABSENT) {
                    throw new NoSuchFileException(file.toString(), null, "password file does not exist");
                }
                s = read(PasswordFile.load(file), version);
            } catch (IOException | RuntimeException e) {
                if (snapshot == null) {
                    throw e;
                }
                LOG.log(System.Logger.Level.WARNING, "cannot read password file " + file + "; using its previous contents", e);
                return snapshot;
            }
            snapshot = s;
            return s;
        }
    }

    private Snapshot read(PasswordFile pf, Object version) {
        Map<String, Map.Entry<String, PasswordHash>> users = new HashMap<>();
        Map<Integer, Integer> iterationCounts = new HashMap<>();
        for (Map.Entry<String, PasswordHash> e : pf.entries().entrySet()) {
            if (users.putIfAbsent(key(e.getKey()), Map.entry(e.getKey(), e.getValue())) == null) {
                iterationCounts.merge(e.getValue().iterations(), 1, Integer::sum);
            } else {
                LOG.log(System.Logger.Level.WARNING, "{0}: user {1} defined twice (names compared without case); first line counts",
                        file, e.getKey());
            }
        }
        int dummyIterations = iterationCounts.entrySet().stream()
                .max(Map.Entry.<Integer, Integer>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
                .map(Map.Entry::getKey)
                .orElse(defaultIterations);
        LOG.log(System.Logger.Level.DEBUG, "read password file {0}: {1} users", file, users.size());
        return new Snapshot(users, PasswordHash.dummy(dummyIterations, random), version);
    }

    @Override
    public String toString() {
        return "PasswordFileChecker[" + file + "]";
    }
}
