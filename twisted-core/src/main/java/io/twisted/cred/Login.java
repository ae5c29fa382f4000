package io.twisted.cred;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A logged-in avatar: the interface it was given as, the avatar, and how to log it out (the
 * {@code (interface, avatar, logout)} tuple of Twisted's {@code IRealm.requestAvatar}).
 *
 * <p>The protocol keeps the Login for the session and calls {@link #logout()} when the session
 * ends (connection lost, QUIT); logout runs its action at most once, so calling it twice is safe.
 *
 * @param <A> the type the avatar is used as: the requested interface, or a common supertype when
 *     several were requested
 */
public final class Login<A> {

    private static final Runnable NO_LOGOUT = () -> { };

    private final Class<? extends A> iface;
    private final A avatar;
    private final Runnable logoutAction;
    private final AtomicBoolean loggedOut = new AtomicBoolean();

    /**
     * @param iface the interface {@code avatar} is given as; must be one of those requested
     * @param avatar the avatar, an instance of {@code iface}
     * @param logout run once when the session ends; {@code null} for nothing
     * @throws IllegalArgumentException if {@code avatar} is not an instance of {@code iface}
     */
    public Login(Class<? extends A> iface, A avatar, Runnable logout) {
        this.iface = Objects.requireNonNull(iface, "iface");
        this.avatar = Objects.requireNonNull(avatar, "avatar");
        if (!iface.isInstance(avatar)) {
            throw new IllegalArgumentException("avatar " + avatar.getClass().getName() + " does not implement " + iface.getName());
        }
        this.logoutAction = logout == null ? NO_LOGOUT : logout;
    }

    /** A Login whose logout does nothing. */
    public static <A> Login<A> of(Class<? extends A> iface, A avatar) {
        return new Login<>(iface, avatar, null);
    }

    /** The interface the avatar was given as, one of those the caller asked for. */
    public Class<? extends A> iface() {
        return iface;
    }

    /** The avatar. */
    public A avatar() {
        return avatar;
    }

    /**
     * The avatar as {@code type}, for callers that asked for several interfaces.
     *
     * @throws ClassCastException if the avatar is not a {@code type}
     */
    public <T> T avatarAs(Class<T> type) {
        return type.cast(avatar);
    }

    /** Ends the session: runs the realm's logout action the first time, does nothing after. */
    public void logout() {
        if (loggedOut.compareAndSet(false, true)) {
            logoutAction.run();
        }
    }

    /** Whether {@link #logout()} has been called. */
    public boolean isLoggedOut() {
        return loggedOut.get();
    }

    @Override
    public String toString() {
        return "Login[" + iface.getSimpleName() + ", " + avatar + (isLoggedOut() ? ", logged out" : "") + "]";
    }
}
