package io.twisted.cred.checkers;

import io.twisted.cred.CredentialsChecker;
import io.twisted.cred.credentials.Credentials;
import io.twisted.cred.credentials.SshPublicKey;
import io.twisted.cred.error.UnauthorizedLogin;
import io.twisted.cred.error.UnhandledCredentials;
import io.twisted.cred.error.ValidPublicKey;
import io.twisted.internet.defer.Deferred;
import java.security.MessageDigest;
import java.util.Collection;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * Checks SSH public keys (Twisted's {@code SSHPublicKeyChecker}): the request's key blob must be
 * one of the user's authorized keys, and a signed request must carry a valid signature.
 *
 * <ol>
 *   <li>The key blob is compared (in constant time, with every authorized key) against the blobs
 *       the key source gives for the user. None equal: {@link UnauthorizedLogin} "Key not
 *       authorized".</li>
 *   <li>A request without signature (SSH's "would this key do?") fails with
 *       {@link ValidPublicKey}, which the SSH server answers with {@code SSH_MSG_USERAUTH_PK_OK}.</li>
 *   <li>The {@link SshSignatureVerifier} verifies the signature. Invalid: {@link UnauthorizedLogin}
 *       "Incorrect signature"; the verifier threw: {@link UnauthorizedLogin} with the cause.</li>
 *   <li>Otherwise the avatar ID is the user name.</li>
 * </ol>
 *
 * <p>The key source maps a user name to the public key blobs (SSH wire format, RFC 4253 section
 * 6.6) authorized for it; an empty collection or {@code null} means none. It runs on the reactor
 * thread, so it must not block: keep keys in memory, or a cache that a background task refreshes.
 * Parsing OpenSSH {@code authorized_keys} files is left to the SSH module (Apache SSHD's
 * sshd-common), which also supplies the signature verifier.
 */
public final class SshPublicKeyChecker implements CredentialsChecker {

    private static final System.Logger LOG = System.getLogger(SshPublicKeyChecker.class.getName());

    private final Function<String, ? extends Collection<byte[]>> authorizedKeys;
    private final SshSignatureVerifier verifier;

    /**
     * @param authorizedKeys user name to authorized public key blobs
     * @param verifier verifies signatures (from the SSH module)
     */
    public SshPublicKeyChecker(Function<String, ? extends Collection<byte[]>> authorizedKeys, SshSignatureVerifier verifier) {
        this.authorizedKeys = Objects.requireNonNull(authorizedKeys, "authorizedKeys");
        this.verifier = Objects.requireNonNull(verifier, "verifier");
    }

    @Override
    public Set<Class<? extends Credentials>> credentialInterfaces() {
        return Set.of(SshPublicKey.class);
    }

    @Override
    public Deferred<Object> requestAvatarId(Credentials credentials) {
        if (!(credentials instanceof SshPublicKey)) {
            return Deferred.fail(new UnhandledCredentials("SshPublicKeyChecker cannot check " + credentials.getClass().getName()));
        }
        SshPublicKey key = (SshPublicKey) credentials;
        Collection<byte[]> keys;
        try {
            keys = authorizedKeys.apply(key.username());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "cannot look up authorized keys of " + key.username(), e);
            return Deferred.fail(new UnauthorizedLogin("Unable to look up authorized keys", e));
        }
        if (!isAuthorized(key.blob(), keys)) {
            return Deferred.fail(new UnauthorizedLogin("Key not authorized"));
        }
        if (!key.hasSignature()) {
            return Deferred.fail(new ValidPublicKey());
        }
        boolean valid;
        try {
            valid = verifier.verify(key);
        } catch (Exception e) {
            LOG.log(System.Logger.Level.WARNING, "error verifying the " + key.algorithm() + " signature of " + key.username(), e);
            return Deferred.fail(new UnauthorizedLogin("Error while verifying key", e));
        }
        if (!valid) {
            return Deferred.fail(new UnauthorizedLogin("Incorrect signature"));
        }
        return Deferred.succeed(key.username());
    }

    /** Compares with every key, without stopping at the first match. */
    private static boolean isAuthorized(byte[] blob, Collection<byte[]> keys) {
        if (keys == null) {
            return false;
        }
        boolean found = false;
        for (byte[] k : keys) {
            found |= k != null && MessageDigest.isEqual(blob, k);
        }
        return found;
    }

    @Override
    public String toString() {
        return "SshPublicKeyChecker";
    }
}
