package io.twisted.cred.checkers;

import io.twisted.cred.CredentialsChecker;
import io.twisted.cred.credentials.Anonymous;
import io.twisted.cred.credentials.Credentials;
import io.twisted.internet.defer.Deferred;
import java.util.Set;

/**
 * Lets anyone in as {@link CredentialsChecker#ANONYMOUS} (Twisted's {@code AllowAnonymousAccess}).
 * Checks {@link Anonymous} credentials only; the realm decides what an anonymous avatar may do.
 */
public final class AllowAnonymousAccess implements CredentialsChecker {

    @Override
    public Set<Class<? extends Credentials>> credentialInterfaces() {
        return Set.of(Anonymous.class);
    }

    @Override
    public Deferred<Object> requestAvatarId(Credentials credentials) {
        return Deferred.succeed(ANONYMOUS);
    }

    @Override
    public String toString() {
        return "AllowAnonymousAccess";
    }
}
