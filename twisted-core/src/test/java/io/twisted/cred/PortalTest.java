package io.twisted.cred;

import static io.twisted.cred.Results.failureOf;
import static io.twisted.cred.Results.successOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twisted.cred.checkers.AllowAnonymousAccess;
import io.twisted.cred.checkers.InMemoryUsernamePasswordDatabase;
import io.twisted.cred.credentials.Anonymous;
import io.twisted.cred.credentials.Credentials;
import io.twisted.cred.credentials.UsernameHashedPassword;
import io.twisted.cred.credentials.UsernamePassword;
import io.twisted.cred.error.LoginDenied;
import io.twisted.cred.error.UnauthorizedLogin;
import io.twisted.cred.error.UnhandledCredentials;
import io.twisted.internet.defer.Deferred;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PortalTest {

    /** What the test realm hands out. */
    interface Mailbox {
        String owner();
    }

    /** A second avatar interface, to test preference. */
    interface Shell {
        String owner();
    }

    record TestMailbox(String owner) implements Mailbox {
    }

    /** A realm serving {@link Mailbox} avatars, recording its calls and logouts. */
    static final class MailRealm implements Realm {
        final List<Object> avatarIds = new ArrayList<>();
        final List<Object> minds = new ArrayList<>();
        final List<List<?>> requested = new ArrayList<>();
        int logouts;

        @Override
        public <A> Deferred<Login<A>> requestAvatar(Object avatarId, Object mind, List<Class<? extends A>> interfaces) {
            avatarIds.add(avatarId);
            minds.add(mind);
            requested.add(interfaces);
            for (Class<? extends A> iface : interfaces) {
                if (iface == Mailbox.class) {
                    String owner = avatarId == CredentialsChecker.ANONYMOUS ? "nobody" : (String) avatarId;
                    return Deferred.succeed(new Login<>(iface, iface.cast(new TestMailbox(owner)), () -> logouts++));
                }
            }
            return Deferred.fail(new UnsupportedOperationException("no avatar for " + interfaces));
        }
    }

    /** Credentials no checker knows. */
    static final class Token implements Credentials {
    }

    private final MailRealm realm = new MailRealm();
    private final InMemoryUsernamePasswordDatabase users = new InMemoryUsernamePasswordDatabase()
            .addUser("alice", "wonderland").addUser("bob", "builder");
    private final Portal portal = new Portal(realm, List.of(users, new AllowAnonymousAccess()));

    @Test
    void loginWithRightPasswordGivesTheRealmsAvatar() {
        Deferred<Login<Mailbox>> d = portal.login(new UsernamePassword("alice", "wonderland"), null, Mailbox.class);

        Login<Mailbox> login = successOf(d);
        assertEquals(Mailbox.class, login.iface());
        assertEquals("alice", login.avatar().owner());
        assertEquals(List.of("alice"), realm.avatarIds);
    }

    @Test
    void wrongPasswordFailsWithUnauthorizedLoginWithoutAskingTheRealm() {
        Deferred<Login<Mailbox>> d = portal.login(new UsernamePassword("alice", "looking-glass"), null, Mailbox.class);

        UnauthorizedLogin e = failureOf(d, UnauthorizedLogin.class);
        assertEquals(UnauthorizedLogin.INVALID_CREDENTIALS, e.getMessage());
        assertTrue(realm.avatarIds.isEmpty());
    }

    @Test
    void unknownUserFailsExactlyLikeWrongPassword() {
        UnauthorizedLogin unknown = failureOf(portal.login(new UsernamePassword("mallory", "x"), null, Mailbox.class),
                UnauthorizedLogin.class);
        UnauthorizedLogin wrong = failureOf(portal.login(new UsernamePassword("bob", "x"), null, Mailbox.class),
                UnauthorizedLogin.class);

        assertEquals(wrong.getClass(), unknown.getClass());
        assertEquals(wrong.getMessage(), unknown.getMessage());
    }

    @Test
    void credentialsWithoutCheckerFailWithUnhandledCredentials() {
        UnhandledCredentials e = failureOf(portal.login(new Token(), null, Mailbox.class), UnhandledCredentials.class);

        assertTrue(e.getMessage().contains(Token.class.getName()), e.getMessage());
        assertTrue(realm.avatarIds.isEmpty());
    }

    @Test
    void logoutRunsTheRealmsLogoutOnce() {
        Login<Mailbox> login = successOf(portal.login(new UsernamePassword("bob", "builder"), null, Mailbox.class));
        assertFalse(login.isLoggedOut());
        assertEquals(0, realm.logouts);

        login.logout();
        login.logout();

        assertTrue(login.isLoggedOut());
        assertEquals(1, realm.logouts);
    }

    @Test
    void anonymousLoginReachesTheRealmAsAnonymous() {
        Login<Mailbox> login = successOf(portal.login(Anonymous.INSTANCE, null, Mailbox.class));

        assertSame(CredentialsChecker.ANONYMOUS, realm.avatarIds.get(0));
        assertEquals("nobody", login.avatar().owner());
    }

    @Test
    void anonymousIsRefusedWhenNoCheckerAllowsIt() {
        Portal closed = new Portal(realm, List.of(users));

        failureOf(closed.login(Anonymous.INSTANCE, null, Mailbox.class), UnhandledCredentials.class);
    }

    @Test
    void realmGetsTheMindAndPicksTheFirstInterfaceItSupports() {
        Object mind = new Object();
        Deferred<Login<Object>> d = portal.login(new UsernamePassword("alice", "wonderland"), mind, Shell.class, Mailbox.class);

        Login<Object> login = successOf(d);
        assertEquals(Mailbox.class, login.iface());
        assertEquals("alice", login.avatarAs(Mailbox.class).owner());
        assertSame(mind, realm.minds.get(0));
        assertEquals(List.of(Shell.class, Mailbox.class), realm.requested.get(0));
    }

    @Test
    void realmSupportingNoRequestedInterfaceFailsTheLogin() {
        failureOf(portal.login(new UsernamePassword("alice", "wonderland"), null, Shell.class),
                UnsupportedOperationException.class);
    }

    @Test
    void realmAnsweringWithAnUnrequestedInterfaceIsAnErrorAndTheAvatarIsLoggedOut() {
        int[] logouts = new int[1];
        Realm wrong = new Realm() {
            @Override
            @SuppressWarnings("unchecked")
            public <A> Deferred<Login<A>> requestAvatar(Object avatarId, Object mind, List<Class<? extends A>> interfaces) {
                Login<?> l = new Login<>(Mailbox.class, new TestMailbox("x"), () -> logouts[0]++);
                return Deferred.succeed((Login<A>) l);
            }
        };
        Portal p = new Portal(wrong, List.of(users));

        IllegalStateException e = failureOf(p.login(new UsernamePassword("alice", "wonderland"), null, Shell.class),
                IllegalStateException.class);

        assertTrue(e.getMessage().contains("none of the requested"), e.getMessage());
        assertEquals(1, logouts[0]);
    }

    @Test
    void realmDenialReachesTheCaller() {
        Realm denying = new Realm() {
            @Override
            public <A> Deferred<Login<A>> requestAvatar(Object avatarId, Object mind, List<Class<? extends A>> interfaces) {
                return Deferred.fail(new LoginDenied("account locked"));
            }
        };

        LoginDenied e = failureOf(new Portal(denying, List.of(users))
                .login(new UsernamePassword("alice", "wonderland"), null, Mailbox.class), LoginDenied.class);
        assertEquals("account locked", e.getMessage());
    }

    @Test
    void realmThrowingBecomesAFailure() {
        Realm throwing = new Realm() {
            @Override
            public <A> Deferred<Login<A>> requestAvatar(Object avatarId, Object mind, List<Class<? extends A>> interfaces) {
                throw new IllegalStateException("realm broken");
            }
        };

        failureOf(new Portal(throwing, List.of(users)).login(new UsernamePassword("alice", "wonderland"), null, Mailbox.class),
                IllegalStateException.class);
    }

    @Test
    void checkerThrowingBecomesAFailure() {
        Portal p = new Portal(realm);
        p.registerChecker(new CredentialsChecker() {
            @Override
            public Set<Class<? extends Credentials>> credentialInterfaces() {
                return Set.of(Token.class);
            }

            @Override
            public Deferred<Object> requestAvatarId(Credentials credentials) {
                throw new IllegalStateException("checker broken");
            }
        });

        failureOf(p.login(new Token(), null, Mailbox.class), IllegalStateException.class);
    }

    @Test
    void loginWaitsForAnAsynchronousChecker() {
        Deferred<Object> pending = new Deferred<>();
        Portal p = new Portal(realm);
        p.registerChecker(new CredentialsChecker() {
            @Override
            public Set<Class<? extends Credentials>> credentialInterfaces() {
                return Set.of(Token.class);
            }

            @Override
            public Deferred<Object> requestAvatarId(Credentials credentials) {
                return pending;
            }
        });

        Deferred<Login<Mailbox>> d = p.login(new Token(), null, Mailbox.class);
        assertFalse(d.isCalled());
        assertTrue(realm.avatarIds.isEmpty());

        pending.callback("carol");

        assertEquals("carol", successOf(d).avatar().owner());
    }

    @Test
    void checkersAreChosenByTypeInRegistrationOrderAndReRegistrationReplaces() {
        Portal p = new Portal(realm, List.of(users));
        assertEquals(List.copyOf(users.credentialInterfaces()), List.copyOf(p.listCredentialsInterfaces()).subList(0, 2));

        InMemoryUsernamePasswordDatabase other = new InMemoryUsernamePasswordDatabase().addUser("alice", "other");
        p.registerChecker(other, UsernamePassword.class);

        assertEquals(2, p.listCredentialsInterfaces().size());
        successOf(p.login(new UsernamePassword("alice", "other"), null, Mailbox.class));
        failureOf(p.login(new UsernamePassword("alice", "wonderland"), null, Mailbox.class), UnauthorizedLogin.class);
        assertTrue(p.listCredentialsInterfaces().contains(UsernameHashedPassword.class));
    }

    @Test
    void loginNeedsAnInterface() {
        assertThrows(IllegalArgumentException.class,
                () -> portal.login(new UsernamePassword("alice", "wonderland"), null, List.<Class<? extends Mailbox>>of()));
    }

    @Test
    void loginRefusesAnAvatarOfTheWrongType() {
        assertThrows(IllegalArgumentException.class, () -> new Login<Object>(Shell.class, new TestMailbox("x"), null));
    }
}
