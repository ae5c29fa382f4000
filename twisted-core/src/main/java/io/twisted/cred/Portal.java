package io.twisted.cred;

import io.twisted.cred.credentials.Credentials;
import io.twisted.cred.error.UnhandledCredentials;
import io.twisted.internet.defer.Deferred;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The front door of cred (Twisted's {@code twisted.cred.portal.Portal}): a protocol hands it
 * credentials and the interfaces it can use, the portal has the matching checker check them and
 * asks the realm for the avatar.
 *
 * <pre>
 *  protocol ──login(credentials, mind, Mailbox.class)──▶ Portal
 *                      checker for credentials' type ──requestAvatarId──▶ avatar ID
 *                      realm ──requestAvatar(avatar ID, mind, [Mailbox.class])──▶ Login&lt;Mailbox&gt;
 *  protocol ◀── Deferred&lt;Login&lt;Mailbox&gt;&gt; (avatar, logout) ── or a LoginFailed
 * </pre>
 *
 * <pre>{@code
 * Portal portal = new Portal(realm, List.of(passwordChecker, new AllowAnonymousAccess()));
 * portal.login(new UsernamePassword(user, pass), null, Mailbox.class)
 *       .addCallback(this::onLoggedIn)          // Login<Mailbox>: keep it, logout() at the end
 *       .addErrback(this::onLoginFailed);       // trap LoginFailed: reply "authentication failed"
 * }</pre>
 *
 * <p>Checkers are chosen by credentials type: the first registered type the credentials are an
 * instance of wins; registering a checker for a type already registered replaces the old one (as
 * Twisted does). Credentials no checker handles fail with {@link UnhandledCredentials}. Register
 * checkers while setting up; {@link #login} runs on the reactor thread.
 */
public final class Portal {

    private final Realm realm;
    private volatile Map<Class<? extends Credentials>, CredentialsChecker> checkers = Map.of();

    /** A portal in front of {@code realm}, with no checker yet. */
    public Portal(Realm realm) {
        this.realm = Objects.requireNonNull(realm, "realm");
    }

    /** A portal in front of {@code realm} with {@code checkers} registered for their own types. */
    public Portal(Realm realm, Collection<? extends CredentialsChecker> checkers) {
        this(realm);
        for (CredentialsChecker c : checkers) {
            registerChecker(c);
        }
    }

    /** The realm avatars come from. */
    public Realm realm() {
        return realm;
    }

    /** Registers {@code checker} for the types in its {@link CredentialsChecker#credentialInterfaces()}. */
    public void registerChecker(CredentialsChecker checker) {
        register(checker, checker.credentialInterfaces());
    }

    /** Registers {@code checker} for {@code types} only (they need not be among its own). */
    @SafeVarargs
    public final void registerChecker(CredentialsChecker checker, Class<? extends Credentials>... types) {
        register(checker, List.of(types));
    }

    private synchronized void register(CredentialsChecker checker, Collection<Class<? extends Credentials>> types) {
        Objects.requireNonNull(checker, "checker");
        if (types.isEmpty()) {
            throw new IllegalArgumentException("checker " + checker + " handles no credentials type");
        }
        Map<Class<? extends Credentials>, CredentialsChecker> copy = new LinkedHashMap<>(checkers);
        for (Class<? extends Credentials> type : types) {
            copy.put(Objects.requireNonNull(type, "type"), checker);
        }
        checkers = Collections.unmodifiableMap(copy);
    }

    /** The credentials types some checker handles, in registration order (Twisted's {@code listCredentialsInterfaces}). */
    public Set<Class<? extends Credentials>> listCredentialsInterfaces() {
        return Collections.unmodifiableSet(new LinkedHashSet<>(checkers.keySet()));
    }

    /**
     * Logs in: checks {@code credentials} with the checker for their type, then asks the realm for
     * the avatar as the first of {@code interfaces} it supports.
     *
     * @param mind the protocol's client-side object for the realm, or {@code null}
     * @param interfaces the interfaces the caller can use, most preferred first
     * @return a Deferred firing with the Login, or failing with {@link UnhandledCredentials} (no
     *     checker), {@link io.twisted.cred.error.UnauthorizedLogin} (refused) or whatever the realm
     *     failed with
     */
    @SafeVarargs
    public final <A> Deferred<Login<A>> login(Credentials credentials, Object mind, Class<? extends A>... interfaces) {
        return login(credentials, mind, List.of(interfaces));
    }

    /** As {@link #login(Credentials, Object, Class[])} with the interfaces as a list. */
    public <A> Deferred<Login<A>> login(Credentials credentials, Object mind, List<Class<? extends A>> interfaces) {
        Objects.requireNonNull(credentials, "credentials");
        List<Class<? extends A>> wanted = List.copyOf(interfaces);
        if (wanted.isEmpty()) {
            throw new IllegalArgumentException("login needs at least one avatar interface");
        }
        CredentialsChecker checker = checkerFor(credentials);
        if (checker == null) {
            return Deferred.fail(new UnhandledCredentials("No checker for " + credentials.getClass().getName()));
        }
        Deferred<Object> avatarId = Deferred.maybeDeferred(() -> checker.requestAvatarId(credentials));
        return avatarId.addCallbackDeferred(id -> requestAvatar(id, mind, wanted));
    }

    private CredentialsChecker checkerFor(Credentials credentials) {
        for (Map.Entry<Class<? extends Credentials>, CredentialsChecker> e : checkers.entrySet()) {
            if (e.getKey().isInstance(credentials)) {
                return e.getValue();
            }
        }
        return null;
    }

    private <A> Deferred<Login<A>> requestAvatar(Object avatarId, Object mind, List<Class<? extends A>> wanted) {
        Deferred<Login<A>> login = Deferred.maybeDeferred(() -> realm.requestAvatar(avatarId, mind, wanted));
        return login.addCallback(l -> checkLogin(l, wanted));
    }

    /** Guards the type promise of {@code Login<A>}: the realm must answer with a requested interface. */
    private <A> Login<A> checkLogin(Login<A> login, List<Class<? extends A>> wanted) {
        if (login == null) {
            throw new IllegalStateException("realm " + realm + " returned no Login");
        }
        for (Class<? extends A> w : wanted) {
            if (w.isAssignableFrom(login.iface())) {
                return login;
            }
        }
        login.logout();
        throw new IllegalStateException("realm " + realm + " returned an avatar as " + login.iface().getName()
                + ", which is none of the requested " + wanted);
    }

    @Override
    public String toString() {
        return "Portal[realm=" + realm + ", credentials=" + checkers.keySet() + "]";
    }
}
