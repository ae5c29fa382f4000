package io.twisted.cred;

import io.twisted.cred.credentials.Credentials;
import io.twisted.internet.defer.Deferred;
import java.util.Set;

/**
 * Checks credentials and says which avatar they belong to (Twisted's {@code ICredentialsChecker}).
 *
 * <p>{@link Portal} hands a checker only credentials of the types in
 * {@link #credentialInterfaces()}. The checker answers with a Deferred firing with the avatar
 * ID — usually the user name, {@link #ANONYMOUS} for anonymous users — or failing with
 * {@link io.twisted.cred.error.UnauthorizedLogin} (or another
 * {@link io.twisted.cred.error.LoginFailed}). A checker whose work is slow or blocking (hashing,
 * files, databases) does it off the reactor thread and fires the Deferred back on it.
 */
public interface CredentialsChecker {

    /** The avatar ID of an anonymous user (Twisted's {@code checkers.ANONYMOUS}); compare with {@code ==}. */
    Object ANONYMOUS = new Object() {
        @Override
        public String toString() {
            return "ANONYMOUS";
        }
    };

    /**
     * The credentials types this checker handles. A credentials object is handed over if it is an
     * instance of one of them.
     */
    Set<Class<? extends Credentials>> credentialInterfaces();

    /**
     * Checks {@code credentials}.
     *
     * @return a Deferred firing, on the reactor thread, with the avatar ID, or failing with a
     *     {@link io.twisted.cred.error.LoginFailed}
     */
    Deferred<Object> requestAvatarId(Credentials credentials);
}
