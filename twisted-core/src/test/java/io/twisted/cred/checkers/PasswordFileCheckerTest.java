package io.twisted.cred.checkers;

import static io.twisted.cred.Results.failureOf;
import static io.twisted.cred.Results.successOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twisted.cred.FakeReactorThreads;
import io.twisted.cred.Login;
import io.twisted.cred.Portal;
import io.twisted.cred.Realm;
import io.twisted.cred.credentials.ApopCredentials;
import io.twisted.cred.credentials.CramMd5Credentials;
import io.twisted.cred.credentials.UsernamePassword;
import io.twisted.cred.error.UnauthorizedLogin;
import io.twisted.cred.error.UnhandledCredentials;
import io.twisted.internet.defer.CancelledError;
import io.twisted.internet.defer.Deferred;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PasswordFileCheckerTest {

    /** Low so that the tests stay fast; production hashes use 210,000. */
    private static final int ITERATIONS = 1000;
    private static final Executor DIRECT = Runnable::run;

    /** The avatar of the test realm. */
    interface Account {
        String name();
    }

    record TestAccount(String name) implements Account {
    }

    private static final Realm ACCOUNTS = new Realm() {
        @Override
        public <A> Deferred<Login<A>> requestAvatar(Object avatarId, Object mind, List<Class<? extends A>> interfaces) {
            Class<? extends A> iface = interfaces.get(0);
            return Deferred.succeed(Login.of(iface, iface.cast(new TestAccount((String) avatarId))));
        }
    };

    @TempDir
    Path dir;
    private Path file;
    private final CountingPbkdf2 pbkdf2 = new CountingPbkdf2();
    private final FakeReactorThreads reactor = FakeReactorThreads.inline();

    @BeforeEach
    void writeFile() throws IOException {
        file = dir.resolve("passwords");
        PasswordFile pf = PasswordFile.load(file);
        pf.setPassword("alice", "wonderland".toCharArray(), ITERATIONS);
        pf.setPassword("bob", "builder".toCharArray(), ITERATIONS);
        pf.setPassword("carol", "singer".toCharArray(), ITERATIONS);
        pf.setPassword("slow", "tortoise".toCharArray(), 2 * ITERATIONS);
        pf.save();
    }

    private PasswordFileChecker.Builder checker() {
        return PasswordFileChecker.builder(file, reactor, DIRECT).pbkdf2(pbkdf2);
    }

    private static Deferred<Object> login(PasswordFileChecker checker, String user, String password) {
        return checker.requestAvatarId(new UsernamePassword(user, password));
    }

    @Test
    void thousandUsersLogInAndWrongPasswordsAndUnknownUsersAreRejected() throws IOException {
        Path big = dir.resolve("thousand");
        PasswordFile pf = PasswordFile.load(big);
        List<String> passwords = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            String password = "secret-" + i + "-" + Integer.toHexString(i * 7919);
            passwords.add(password);
            pf.setPassword("user" + i, password.toCharArray(), ITERATIONS);
        }
        pf.save();
        String text = Files.readString(big);
        assertEquals(1000, text.lines().count());
        for (String p : passwords) {
            assertFalse(text.contains(p), "plain password in the file: " + p);
        }
        Portal portal = new Portal(ACCOUNTS, List.of(PasswordFileChecker.builder(big, reactor, DIRECT).pbkdf2(pbkdf2).build()));

        for (int i = 0; i < 1000; i++) {
            Login<Account> ok = successOf(portal.login(new UsernamePassword("user" + i, passwords.get(i)), null, Account.class));
            assertEquals("user" + i, ok.avatar().name());
        }
        for (int i = 0; i < 1000; i += 5) {
            // another user's password
            UnauthorizedLogin wrong = failureOf(portal.login(
                    new UsernamePassword("user" + i, passwords.get((i + 1) % 1000)), null, Account.class), UnauthorizedLogin.class);
            assertEquals(UnauthorizedLogin.INVALID_CREDENTIALS, wrong.getMessage());
        }
        for (int i = 1000; i < 1100; i++) {
            // unknown user with a password that exists in the file
            UnauthorizedLogin unknown = failureOf(portal.login(
                    new UsernamePassword("user" + i, passwords.get(i % 1000)), null, Account.class), UnauthorizedLogin.class);
            assertEquals(UnauthorizedLogin.INVALID_CREDENTIALS, unknown.getMessage());
        }

        // One derivation per login, all at the file's iteration count, unknown users included.
        assertEquals(Collections.nCopies(1300, ITERATIONS), pbkdf2.calls());
        assertEquals(1300, reactor.calls());
    }

    @Test
    void unknownUserDoesTheSamePbkdf2WorkAsAWrongPassword() {
        PasswordFileChecker checker = checker().build();

        UnauthorizedLogin wrong = failureOf(login(checker, "alice", "looking-glass"), UnauthorizedLogin.class);
        List<Integer> wrongWork = pbkdf2.calls();
        pbkdf2.reset();
        UnauthorizedLogin unknown = failureOf(login(checker, "mallory", "looking-glass"), UnauthorizedLogin.class);
        List<Integer> unknownWork = pbkdf2.calls();

        assertEquals(List.of(ITERATIONS), wrongWork);
        assertEquals(wrongWork, unknownWork, "the dummy hash uses the iteration count most common in the file");
        assertEquals(wrong.getMessage(), unknown.getMessage());
        assertEquals(wrong.getClass(), unknown.getClass());
    }

    @Test
    void dummyHashOfAFileWithoutUsersUsesTheDefaultIterationCount() throws IOException {
        Files.writeString(file, "# nobody yet\n");
        PasswordFileChecker checker = checker().defaultIterations(1234).build();

        failureOf(login(checker, "alice", "wonderland"), UnauthorizedLogin.class);

        assertEquals(List.of(1234), pbkdf2.calls());
    }

    @Test
    void eachUserIsCheckedWithItsOwnIterationCount() {
        PasswordFileChecker checker = checker().build();

        assertEquals("slow", successOf(login(checker, "slow", "tortoise")));
        assertEquals(List.of(2 * ITERATIONS), pbkdf2.calls());
    }

    @Test
    void resultIsDeliveredThroughCallFromThread() {
        FakeReactorThreads queueing = FakeReactorThreads.queueing();
        PasswordFileChecker checker = PasswordFileChecker.builder(file, queueing, DIRECT).pbkdf2(pbkdf2).build();

        Deferred<Object> d = login(checker, "bob", "builder");

        assertEquals(1, pbkdf2.calls().size(), "hashed on the executor");
        assertFalse(d.isCalled(), "not fired on the hashing thread");
        assertEquals(1, queueing.runPending());
        assertEquals("bob", successOf(d));
    }

    @Test
    void loginsHashedOnAPoolAllArriveThroughTheReactor() throws InterruptedException {
        FakeReactorThreads queueing = FakeReactorThreads.queueing();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            PasswordFileChecker checker = PasswordFileChecker.builder(file, queueing, pool).pbkdf2(pbkdf2).build();
            List<Deferred<Object>> logins = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                logins.add(i % 2 == 0 ? login(checker, "alice", "wonderland") : login(checker, "bob", "wrong"));
            }
            pool.shutdown();
            assertTrue(pool.awaitTermination(60, TimeUnit.SECONDS));

            for (Deferred<Object> d : logins) {
                assertFalse(d.isCalled(), "fired on a hashing thread");
            }
            assertEquals(20, queueing.runPending());
            for (int i = 0; i < 20; i++) {
                if (i % 2 == 0) {
                    assertEquals("alice", successOf(logins.get(i)));
                } else {
                    failureOf(logins.get(i), UnauthorizedLogin.class);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void hashingRunsOnTheExecutorNotOnTheCallingThread() {
        List<Runnable> tasks = new ArrayList<>();
        PasswordFileChecker checker = PasswordFileChecker.builder(file, reactor, tasks::add).pbkdf2(pbkdf2).build();

        Deferred<Object> d = login(checker, "carol", "singer");

        assertFalse(d.isCalled());
        assertTrue(pbkdf2.calls().isEmpty(), "no hashing on the calling (reactor) thread");
        assertEquals(1, tasks.size());
        tasks.get(0).run();
        assertEquals("carol", successOf(d));
    }

    @Test
    void refusedExecutorFailsTheLogin() {
        Executor refusing = r -> {
            throw new RejectedExecutionException("pool shut down");
        };
        PasswordFileChecker checker = PasswordFileChecker.builder(file, reactor, refusing).build();

        failureOf(login(checker, "alice", "wonderland"), RejectedExecutionException.class);
    }

    @Test
    void cancelledLoginIsNotFiredAgainWhenTheHashIsDone() {
        FakeReactorThreads queueing = FakeReactorThreads.queueing();
        PasswordFileChecker checker = PasswordFileChecker.builder(file, queueing, DIRECT).pbkdf2(pbkdf2).build();
        Deferred<Object> d = login(checker, "bob", "builder");

        d.cancel();
        queueing.runPending();

        failureOf(d, CancelledError.class);
    }

    @Test
    void challengeResponseCredentialsAreUnhandledBecauseTheFileHoldsNoPlainText() {
        PasswordFileChecker checker = checker().build();
        assertEquals(Set.of(UsernamePassword.class), checker.credentialInterfaces());
        CramMd5Credentials cram = new CramMd5Credentials("<1.2@host>".getBytes(StandardCharsets.US_ASCII));
        cram.setResponse(CramMd5Credentials.response("alice", "wonderland".toCharArray(), cram.getChallenge()));

        UnhandledCredentials direct = failureOf(checker.requestAvatarId(cram), UnhandledCredentials.class);
        assertTrue(direct.getMessage().contains("plain-text password"), direct.getMessage());
        Portal portal = new Portal(ACCOUNTS, List.of(checker));
        failureOf(portal.login(cram, null, Account.class), UnhandledCredentials.class);
        failureOf(portal.login(new ApopCredentials("<1.2@host>", "alice",
                ApopCredentials.digest("<1.2@host>", "wonderland".toCharArray())), null, Account.class), UnhandledCredentials.class);
        assertTrue(pbkdf2.calls().isEmpty());
    }

    @Test
    void fileSavedAgainIsReadAgain() throws IOException {
        PasswordFileChecker checker = checker().build();
        assertEquals("alice", successOf(login(checker, "alice", "wonderland")));

        PasswordFile pf = PasswordFile.load(file);
        pf.setPassword("alice", "looking-glass".toCharArray(), ITERATIONS);
        pf.remove("bob");
        pf.save();

        failureOf(login(checker, "alice", "wonderland"), UnauthorizedLogin.class);
        assertEquals("alice", successOf(login(checker, "alice", "looking-glass")));
        failureOf(login(checker, "bob", "builder"), UnauthorizedLogin.class);
    }

    @Test
    void fileEditedInPlaceIsReadAgainWhenItsTimeChanges() throws IOException {
        PasswordFileChecker checker = checker().build();
        assertEquals("bob", successOf(login(checker, "bob", "builder")));
        FileTime before = Files.getLastModifiedTime(file);

        String text = Files.readString(file);
        Files.writeString(file, text.replaceAll("(?m)^bob:", "robert:"));
        Files.setLastModifiedTime(file, FileTime.fromMillis(before.toMillis() + 10_000));

        failureOf(login(checker, "bob", "builder"), UnauthorizedLogin.class);
        assertEquals("robert", successOf(login(checker, "robert", "builder")));
    }

    @Test
    void fileReadOnceIsNotReadAgain() throws IOException {
        PasswordFileChecker checker = checker().reload(PasswordFileChecker.Reload.NEVER).build();
        assertEquals("alice", successOf(login(checker, "alice", "wonderland")));

        PasswordFile pf = PasswordFile.load(file);
        pf.setPassword("alice", "looking-glass".toCharArray(), ITERATIONS);
        pf.save();

        assertEquals("alice", successOf(login(checker, "alice", "wonderland")));
        failureOf(login(checker, "alice", "looking-glass"), UnauthorizedLogin.class);
    }

    @Test
    void unreadableNewVersionKeepsThePreviousContents() throws IOException {
        PasswordFileChecker checker = checker().build();
        assertEquals("alice", successOf(login(checker, "alice", "wonderland")));

        Files.write(file, new byte[] {'a', (byte) 0xff, '\n'}); // not UTF-8
        Files.setLastModifiedTime(file, FileTime.fromMillis(Files.getLastModifiedTime(file).toMillis() + 10_000));

        assertEquals("alice", successOf(login(checker, "alice", "wonderland")));
    }

    @Test
    void missingFileFailsLoginsUntilItExists() throws IOException {
        Path later = dir.resolve("later");
        PasswordFileChecker checker = PasswordFileChecker.builder(later, reactor, DIRECT).pbkdf2(pbkdf2).build();

        UnauthorizedLogin e = failureOf(login(checker, "alice", "wonderland"), UnauthorizedLogin.class);
        assertTrue(e.getCause() instanceof IOException, String.valueOf(e.getCause()));

        Files.copy(file, later);
        assertEquals("alice", successOf(login(checker, "alice", "wonderland")));
    }

    @Test
    void namesMayBeCaseInsensitiveAndTheAvatarIdIsTheNameInTheFile() {
        PasswordFileChecker insensitive = checker().caseSensitive(false).build();
        PasswordFileChecker sensitive = checker().build();

        assertEquals("alice", successOf(login(insensitive, "ALICE", "wonderland")));
        failureOf(login(sensitive, "ALICE", "wonderland"), UnauthorizedLogin.class);
        failureOf(login(insensitive, "ALICE", "WONDERLAND"), UnauthorizedLogin.class);
    }
}
