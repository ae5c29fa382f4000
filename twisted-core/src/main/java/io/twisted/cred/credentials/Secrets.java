package io.twisted.cred.credentials;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/** Byte and comparison helpers for secrets: no intermediate {@code String}, buffers wiped after use. */
final class Secrets {

    private Secrets() {
    }

    /** The UTF-8 bytes of {@code chars}; the caller wipes them. Unpaired surrogates are an error. */
    static byte[] utf8(char[] chars) {
        try {
            ByteBuffer encoded = StandardCharsets.UTF_8.newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(CharBuffer.wrap(chars));
            byte[] out = new byte[encoded.remaining()];
            encoded.get(out);
            if (encoded.hasArray()) {
                Arrays.fill(encoded.array(), (byte) 0);
            }
            return out;
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("password is not valid UTF-16 (unpaired surrogate)", e);
        }
    }

    /**
     * Whether two secrets are equal, in time that depends on neither their contents nor their
     * lengths: both are hashed with SHA-256 and the digests compared with
     * {@link MessageDigest#isEqual}.
     */
    static boolean constantTimeEquals(char[] a, char[] b) {
        byte[] ab = utf8(a);
        byte[] bb = utf8(b);
        try {
            return MessageDigest.isEqual(sha256(ab), sha256(bb));
        } finally {
            Arrays.fill(ab, (byte) 0);
            Arrays.fill(bb, (byte) 0);
        }
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
