package io.twisted.mail.mime;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Charset helpers shared by the decoders of this package: looking up a MIME charset name without
 * throwing, and turning octets into text when the charset is absent or unknown.
 */
public final class Charsets {

    private Charsets() {
    }

    /**
     * The JDK charset called {@code name} (any alias the JDK knows, e.g. {@code utf-8},
     * {@code iso-8859-15}, {@code windows-1252}), or {@code null} if the name is missing, malformed
     * or unknown. An RFC 2231 section 5 language suffix ({@code utf-8*en}) is ignored.
     */
    public static Charset lookup(String name) {
        if (name == null) {
            return null;
        }
        String n = name.strip();
        int star = n.indexOf('*');
        if (star >= 0) {
            n = n.substring(0, star);
        }
        if (n.isEmpty() || n.length() > 64) {
            return null;
        }
        try {
            return Charset.forName(n);
        } catch (IllegalArgumentException e) {
            // IllegalCharsetNameException and UnsupportedCharsetException both extend it.
            return null;
        }
    }

    /**
     * Decodes {@code bytes} in {@code charset}, malformed input replaced by U+FFFD. A {@code null}
     * charset, or US-ASCII (the RFC 2045 default, often wrong for 8-bit data), reads the octets as
     * UTF-8 when they are valid UTF-8 and as ISO-8859-1 otherwise, so no octet is lost.
     */
    public static String decode(byte[] bytes, int from, int to, Charset charset) {
        if (charset != null && !charset.equals(StandardCharsets.US_ASCII)) {
            return new String(bytes, from, to - from, charset);
        }
        return decodeUnlabelled(bytes, from, to);
    }

    /** {@link #decode(byte[], int, int, Charset)} of the whole array. */
    public static String decode(byte[] bytes, Charset charset) {
        return decode(bytes, 0, bytes.length, charset);
    }

    /** Octets of unknown charset: UTF-8 if they are valid UTF-8, else ISO-8859-1. */
    static String decodeUnlabelled(byte[] bytes, int from, int to) {
        boolean ascii = true;
        for (int i = from; i < to && ascii; i++) {
            ascii = bytes[i] >= 0;
        }
        if (ascii) {
            return new String(bytes, from, to - from, StandardCharsets.ISO_8859_1);
        }
        try {
            CharBuffer cb = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, from, to - from));
            return cb.toString();
        } catch (CharacterCodingException e) {
            return new String(bytes, from, to - from, StandardCharsets.ISO_8859_1);
        }
    }
}
