package io.twisted.cred.credentials;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class UsernamePasswordTest {

    @Test
    void checksThePasswordExactly() {
        UsernamePassword up = new UsernamePassword("alice", "s3cret");

        assertTrue(up.checkPassword("s3cret"));
        assertTrue(up.checkPassword("s3cret".toCharArray()));
        assertFalse(up.checkPassword("s3cre"));
        assertFalse(up.checkPassword("s3cret "));
        assertFalse(up.checkPassword("S3CRET"));
        assertFalse(up.checkPassword(""));
    }

    @Test
    void nonAsciiPasswordsCompareAsUtf8() {
        assertTrue(new UsernamePassword("zoë", "pässwörd ☃").checkPassword("pässwörd ☃"));
        assertFalse(new UsernamePassword("zoë", "pässwörd ☃").checkPassword("passwörd ☃"));
    }

    @Test
    void passwordIsCopiedInAndOut() {
        char[] given = "s3cret".toCharArray();
        UsernamePassword up = new UsernamePassword("alice", given);
        Arrays.fill(given, '\0');
        up.password()[0] = 'X';

        assertArrayEquals("s3cret".toCharArray(), up.password());
    }

    @Test
    void toStringDoesNotShowThePassword() {
        assertFalse(new UsernamePassword("alice", "s3cret").toString().contains("s3cret"));
    }

    @Test
    void sshPublicKeyCopiesItsArraysAndNeedsDataWithSignature() {
        byte[] blob = {1, 2, 3};
        SshPublicKey key = new SshPublicKey("alice", "ssh-ed25519", blob, new byte[] {4}, new byte[] {5});
        blob[0] = 9;
        key.blob()[1] = 9;

        assertArrayEquals(new byte[] {1, 2, 3}, key.blob());
        assertTrue(key.hasSignature());
        assertFalse(SshPublicKey.query("alice", "ssh-ed25519", blob).hasSignature());
        assertThrows(IllegalArgumentException.class, () -> new SshPublicKey("alice", "ssh-ed25519", blob, null, new byte[] {5}));
    }
}
