package io.twisted.mail.mime;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Decodes RFC 2047 encoded words ({@code =?charset?B?...?=} and {@code =?charset?Q?...?=}) in
 * header values, for the API and for searching; IMAP's ENVELOPE and BODYSTRUCTURE keep header
 * text as written, so the parser never applies this itself.
 *
 * <ul>
 *   <li>Both encodings, either case; any charset the JDK knows; an RFC 2231 section 5 language
 *       suffix ({@code =?utf-8*en?Q?...?=}) is ignored.</li>
 *   <li>White space between two adjacent encoded words is dropped (RFC 2047 section 6.2), and
 *       adjacent words in the same charset are joined as octets before decoding, so a multi-byte
 *       character split across two words (a common encoder habit) comes out whole.</li>
 *   <li>Leniency: encoded words are recognised anywhere, also inside quoted strings and next to
 *       other text (RFC 2047 section 5 allows fewer places; many mailers ignore that).</li>
 *   <li>A word whose charset is unknown, whose encoding is neither B nor Q, or whose B text is not
 *       base64 is left as written. Malformed Q escapes are kept literally.</li>
 * </ul>
 * Never throws. Work is linear in the value's length (the parser caps values at
 * {@link MimeParser.Limits#maxFieldLength()}).
 */
public final class EncodedWords {

    private EncodedWords() {
    }

    /**
     * A header value as the parser keeps it (one char per octet, see {@link MimeField}) as text:
     * raw 8-bit octets are read as UTF-8 when valid (RFC 6532), else as ISO-8859-1, and encoded
     * words are then decoded with {@link #decode}.
     */
    public static String headerText(String fieldValue) {
        if (fieldValue == null) {
            return null;
        }
        String text = fieldValue;
        for (int i = 0; i < fieldValue.length(); i++) {
            char c = fieldValue.charAt(i);
            if (c >= 0x80) {
                if (c <= 0xff) {
                    byte[] octets = fieldValue.getBytes(StandardCharsets.ISO_8859_1);
                    text = Charsets.decodeUnlabelled(octets, 0, octets.length);
                }
                break;
            }
        }
        return decode(text);
    }

    /** Decodes the encoded words of {@code value}; everything else is kept. */
    public static String decode(String value) {
        if (value == null || !value.contains("=?")) {
            return value;
        }
        StringBuilder out = new StringBuilder(value.length());
        Word pending = null;
        ByteArrayOutputStream pendingBytes = new ByteArrayOutputStream();
        int i = 0;
        int n = value.length();
        while (i < n) {
            Word w = value.startsWith("=?", i) ? Word.at(value, i) : null;
            if (w != null) {
                if (pending != null && !pending.charset.equals(w.charset)) {
                    flush(out, pending, pendingBytes);
                }
                pendingBytes.write(w.octets, 0, w.octets.length);
                pending = w;
                i = w.end;
                continue;
            }
            if (pending != null) {
                int j = i;
                while (j < n && isSpace(value.charAt(j))) {
                    j++;
                }
                if (j > i && j < n && value.startsWith("=?", j) && Word.at(value, j) != null) {
                    i = j;
                    continue;
                }
                flush(out, pending, pendingBytes);
                pending = null;
            }
            out.append(value.charAt(i++));
        }
        if (pending != null) {
            flush(out, pending, pendingBytes);
        }
        return out.toString();
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    private static void flush(StringBuilder out, Word w, ByteArrayOutputStream bytes) {
        out.append(new String(bytes.toByteArray(), w.charset));
        bytes.reset();
    }

    /** One well-formed encoded word with a known charset: its octets, and where it ends. */
    private record Word(Charset charset, byte[] octets, int end) {

        /** The encoded word starting at {@code start} (at "=?"), or {@code null}. */
        static Word at(String s, int start) {
            int q1 = s.indexOf('?', start + 2);
            if (q1 < 0 || q1 + 2 >= s.length() || s.charAt(q1 + 2) != '?' || q1 - start - 2 > 64) {
                return null;
            }
            int close = s.indexOf("?=", q1 + 3);
            if (close < 0) {
                return null;
            }
            String charsetName = s.substring(start + 2, q1);
            String text = s.substring(q1 + 3, close);
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c <= ' ' || c >= 0x7f) {
                    return null;
                }
            }
            for (int i = 0; i < charsetName.length(); i++) {
                char c = charsetName.charAt(i);
                if (c <= ' ' || c >= 0x7f) {
                    return null;
                }
            }
            Charset cs = Charsets.lookup(charsetName);
            if (cs == null) {
                return null;
            }
            byte[] octets = switch (s.charAt(q1 + 1)) {
                case 'B', 'b' -> base64(text);
                case 'Q', 'q' -> q(text);
                default -> null;
            };
            return octets == null ? null : new Word(cs, octets, close + 2);
        }

        private static byte[] base64(String text) {
            try {
                return Base64.getDecoder().decode(text);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }

        private static byte[] q(String text) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(text.length());
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '_') {
                    out.write(' ');
                } else if (c == '=' && i + 2 < text.length() && hex(text.charAt(i + 1)) >= 0 && hex(text.charAt(i + 2)) >= 0) {
                    out.write(hex(text.charAt(i + 1)) * 16 + hex(text.charAt(i + 2)));
                    i += 2;
                } else {
                    out.write(c);
                }
            }
            return out.toByteArray();
        }
    }

    static int hex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        return -1;
    }
}
