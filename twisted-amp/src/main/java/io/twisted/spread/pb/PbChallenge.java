package io.twisted.spread.pb;

import io.twisted.cred.credentials.UsernameHashedPassword;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * PB's password challenge-response (Twisted's {@code pb.challenge}/{@code pb.respond}): the server
 * sends 16 random bytes; the client answers {@code md5(md5(password) + challenge)}. The password never
 * travels. (MD5 is what Python Twisted uses; it is the protocol, not a choice.)
 */
public final class PbChallenge {

    private PbChallenge() {
    }

    /** A fresh challenge: 16 random bytes. */
    public static byte[] challenge(SecureRandom random) {
        byte[] c = new byte[16];
        random.nextBytes(c);
        return c;
    }

    /** The response to {@code challenge} for {@code password} (UTF-8). */
    public static byte[] respond(byte[] challenge, byte[] password) {
        MessageDigest md5 = md5();
        byte[] hashed = md5.digest(password);
        md5.update(hashed);
        md5.update(challenge);
        return md5.digest();
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is required by PB login", e);
        }
    }

    /** The credentials a response makes: checked against the stored plain-text password. */
    record Response(String username, byte[] challenge, byte[] response) implements UsernameHashedPassword {
        @Override
        public boolean checkPassword(char[] password) {
            var buf = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
            byte[] p = new byte[buf.remaining()];
            buf.get(p);
            try {
                return MessageDigest.isEqual(respond(challenge, p), response);
            } finally {
                Arrays.fill(p, (byte) 0);
            }
        }

        @Override
        public String toString() {
            return "PB challenge response for " + username;
        }
    }
}
