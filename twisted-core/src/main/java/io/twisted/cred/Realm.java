package io.twisted.cred;

import io.twisted.internet.defer.Deferred;
import java.util.List;

/**
 * Where avatars come from (Twisted's {@code IRealm}): given the avatar ID a checker accepted, the
 * realm returns the user's avatar — a mailbox, a shell session, a file system view — as one of
 * the interfaces the protocol can use.
 *
 * <p>A realm that serves one interface:
 *
 * <pre>{@code
 * public <A> Deferred<Login<A>> requestAvatar(Object avatarId, Object mind, List<Class<? extends A>> interfaces) {
 *     for (Class<? extends A> iface : interfaces) {
 *         if (iface == Mailbox.class) {
 *             Mailbox box = mailboxes.open((String) avatarId);
 *             return Deferred.succeed(new Login<>(iface, iface.cast(box), box::close));
 *         }
 *     }
 *     return Deferred.fail(new UnsupportedOperationException("no avatar for " + interfaces));
 * }
 * }</pre>
 *
 * <p>Runs on the reactor thread; a realm that must block returns a Deferred it fires later.
 */
public interface Realm {

    /**
     * Returns the avatar for {@code avatarId} as the first of {@code interfaces} this realm
     * supports.
     *
     * @param avatarId what the checker returned: usually the user name, or
     *     {@link CredentialsChecker#ANONYMOUS}
     * @param mind an object from the protocol representing the client side (Twisted's "mind"), or
     *     {@code null}
     * @param interfaces the interfaces the protocol can use, most preferred first; never empty
     * @return a Deferred firing with the Login, or failing with
     *     {@link UnsupportedOperationException} if no interface is supported, or with
     *     {@link io.twisted.cred.error.LoginDenied} if the user may not log in now
     */
    <A> Deferred<Login<A>> requestAvatar(Object avatarId, Object mind, List<Class<? extends A>> interfaces);
}
