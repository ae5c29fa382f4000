package io.twisted.cred.checkers;

import static io.twisted.cred.Results.failureOf;
import static io.twisted.cred.Results.successOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twisted.cred.Login;
import io.twisted.cred.Portal;
import io.twisted.cred.Realm;
import io.twisted.cred.credentials.SshPublicKey;
import io.twisted.cred.credentials.UsernamePassword;
import io.twisted.cred.error.UnauthorizedLogin;
import io.twisted.cred.error.UnhandledCredentials;
import io.twisted.cred.error.ValidPublicKey;
import io.twisted.internet.defer.Deferred;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SshPublicKeyCheckerTest {

    /**
     * Stands in for conch's verifier: the "blob" is the key's X.509 encoding rather than the SSH
     * wire format, which is enough to verify a real Ed25519 signature with the JDK.
     */
    private static final SshSignatureVerifier JDK_ED25519 = creds -> {
        var key = KeyFactory.getInstance("Ed25519")
                .generatePublic(new X509EncodedKeySpec(creds.blob()));
        Signature s = Signature.getInstance("Ed25519");
        s.initVerify(key);
        s.update(creds.signedData());
        return s.verify(creds.signature());
    };

    private final KeyPair alice = ed25519();
    private final KeyPair other = ed25519();
    private final List<String> lookedUp = new ArrayList<>();
    private final Map<String, List<byte[]>> authorized = Map.of("alice", List.of(new byte[] {1, 2, 3}, blob(alice)));
    private final SshPublicKeyChecker checker = new SshPublicKeyChecker(user -> {
        lookedUp.add(user);
        return authorized.get(user);
    }, JDK_ED25519);

    @Test
    void authorizedKeyWithValidSignatureLogsIn() throws GeneralSecurityException {
        byte[] data = "session id + userauth request".getBytes(StandardCharsets.US_ASCII);

        Object id = successOf(checker.requestAvatarId(
                new SshPublicKey("alice", "ssh-ed25519", blob(alice), data, sign(alice, data))));

        assertEquals("alice", id);
        assertEquals(List.of("alice"), lookedUp);
    }

    @Test
    void authorizedKeyWithoutSignatureIsReportedValid() {
        failureOf(checker.requestAvatarId(SshPublicKey.query("alice", "ssh-ed25519", blob(alice))), ValidPublicKey.class);
    }

    @Test
    void unauthorizedKeyIsRefusedEvenWithoutSignature() {
        UnauthorizedLogin e = failureOf(checker.requestAvatarId(SshPublicKey.query("alice", "ssh-ed25519", blob(other))),
                UnauthorizedLogin.class);
        assertEquals("Key not authorized", e.getMessage());
        failureOf(checker.requestAvatarId(SshPublicKey.query("bob", "ssh-ed25519", blob(alice))), UnauthorizedLogin.class);
    }

    @Test
    void signatureByAnotherKeyIsRefused() throws GeneralSecurityException {
        byte[] data = "data".getBytes(StandardCharsets.US_ASCII);

        UnauthorizedLogin e = failureOf(checker.requestAvatarId(
                new SshPublicKey("alice", "ssh-ed25519", blob(alice), data, sign(other, data))), UnauthorizedLogin.class);

        assertEquals("Incorrect signature", e.getMessage());
    }

    @Test
    void signatureOverOtherDataIsRefused() throws GeneralSecurityException {
        byte[] sig = sign(alice, "data".getBytes(StandardCharsets.US_ASCII));

        failureOf(checker.requestAvatarId(new SshPublicKey("alice", "ssh-ed25519", blob(alice),
                "other data".getBytes(StandardCharsets.US_ASCII), sig)), UnauthorizedLogin.class);
    }

    @Test
    void verifierErrorIsARefusalWithTheCause() {
        SshPublicKeyChecker broken = new SshPublicKeyChecker(authorized::get, creds -> {
            throw new GeneralSecurityException("cannot decode key");
        });

        UnauthorizedLogin e = failureOf(broken.requestAvatarId(new SshPublicKey("alice", "ssh-ed25519", blob(alice),
                new byte[] {1}, new byte[] {2})), UnauthorizedLogin.class);

        assertTrue(e.getCause() instanceof GeneralSecurityException);
    }

    @Test
    void keySourceErrorIsARefusal() {
        SshPublicKeyChecker broken = new SshPublicKeyChecker(user -> {
            throw new IllegalStateException("directory offline");
        }, JDK_ED25519);

        failureOf(broken.requestAvatarId(SshPublicKey.query("alice", "ssh-ed25519", blob(alice))), UnauthorizedLogin.class);
    }

    @Test
    void verifierIsNotCalledForUnauthorizedKeys() {
        int[] calls = new int[1];
        SshPublicKeyChecker counting = new SshPublicKeyChecker(authorized::get, creds -> {
            calls[0]++;
            return true;
        });

        failureOf(counting.requestAvatarId(new SshPublicKey("alice", "ssh-ed25519", blob(other), new byte[] {1}, new byte[] {2})),
                UnauthorizedLogin.class);

        assertEquals(0, calls[0]);
    }

    @Test
    void otherCredentialsAreUnhandled() {
        failureOf(checker.requestAvatarId(new UsernamePassword("alice", "pw")), UnhandledCredentials.class);
    }

    @Test
    void portalRoutesPublicKeysToTheChecker() throws GeneralSecurityException {
        Realm realm = new Realm() {
            @Override
            public <A> Deferred<Login<A>> requestAvatar(Object avatarId, Object mind, List<Class<? extends A>> interfaces) {
                Class<? extends A> iface = interfaces.get(0);
                return Deferred.succeed(Login.of(iface, iface.cast(avatarId)));
            }
        };
        Portal portal = new Portal(realm, List.of(checker));
        byte[] data = {42};

        Login<String> login = successOf(portal.login(
                new SshPublicKey("alice", "ssh-ed25519", blob(alice), data, sign(alice, data)), null, String.class));

        assertEquals("alice", login.avatar());
        assertSame(String.class, login.iface());
    }

    private static KeyPair ed25519() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] blob(KeyPair kp) {
        return kp.getPublic().getEncoded();
    }

    private static byte[] sign(KeyPair kp, byte[] data) throws GeneralSecurityException {
        Signature s = Signature.getInstance("Ed25519");
        s.initSign(kp.getPrivate());
        s.update(data);
        return s.sign();
    }
}
