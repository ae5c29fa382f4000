package io.twisted.mail.mime;

import java.io.ByteArrayOutputStream;
import java.util.Locale;

/**
 * Content-Transfer-Encoding decoders (RFC 2045 sections 6.7 and 6.8), lenient as readers of real
 * mail must be: base64 skips characters outside its alphabet and stops at the first {@code =};
 * quoted-printable drops soft line breaks ({@code =} at a line end, trailing white space allowed)
 * and keeps a malformed {@code =} escape literally. Other encodings (7bit, 8bit, binary, unknown)
 * are the identity. The output is never larger than the input. Never throws.
 */
public final class TransferDecoding {

    private TransferDecoding() {
    }

    /** Decodes {@code [from, to)} of {@code data} from {@code encoding} (a header value or {@code null}). */
    public static byte[] decode(byte[] data, int from, int to, String encoding) {
        String e = encoding == null ? "" : encoding.strip().toLowerCase(Locale.ROOT);
        return switch (e) {
            case "base64" -> base64(data, from, to);
            case "quoted-printable" -> quotedPrintable(data, from, to);
            default -> java.util.Arrays.copyOfRange(data, from, to);
        };
    }

    /** The decoded body of {@code part} within {@code message} (the bytes it was parsed from). */
    public static byte[] body(MimePart part, byte[] message) {
        int from = (int) Math.min(part.bodyStart(), message.length);
        int to = (int) Math.min(part.end(), message.length);
        return decode(message, from, Math.max(from, to), part.header("Content-Transfer-Encoding"));
    }

    private static int sextet(byte b) {
        if (b >= 'A' && b <= 'Z') {
            return b - 'A';
        }
        if (b >= 'a' && b <= 'z') {
            return b - 'a' + 26;
        }
        if (b >= '0' && b <= '9') {
            return b - '0' + 52;
        }
        return b == '+' ? 62 : b == '/' ? 63 : -1;
    }

    static byte[] base64(byte[] data, int from, int to) {
        ByteArrayOutputStream out = new ByteArrayOutputStream((to - from) * 3 / 4 + 3);
        int acc = 0;
        int bits = 0;
        for (int i = from; i < to; i++) {
            byte b = data[i];
            if (b == '=') {
                break;
            }
            int v = sextet(b);
            if (v < 0) {
                continue;
            }
            acc = (acc << 6) | v;
            bits += 6;
            if (bits >= 8) {
                bits -= 8;
                out.write((acc >> bits) & 0xff);
            }
        }
        return out.toByteArray();
    }

    static byte[] quotedPrintable(byte[] data, int from, int to) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(to - from);
        int i = from;
        while (i < to) {
            byte b = data[i];
            if (b != '=') {
                out.write(b);
                i++;
                continue;
            }
            // A soft line break: '=' then optional white space then CRLF or LF (or the end).
            int j = i + 1;
            while (j < to && (data[j] == ' ' || data[j] == '\t')) {
                j++;
            }
            if (j >= to || data[j] == '\n' || (data[j] == '\r' && j + 1 < to && data[j + 1] == '\n')) {
                i = j >= to ? to : data[j] == '\n' ? j + 1 : j + 2;
                continue;
            }
            if (i + 2 < to && EncodedWords.hex((char) data[i + 1]) >= 0 && EncodedWords.hex((char) data[i + 2]) >= 0) {
                out.write(EncodedWords.hex((char) data[i + 1]) * 16 + EncodedWords.hex((char) data[i + 2]));
                i += 3;
            } else {
                out.write(b);
                i++;
            }
        }
        return out.toByteArray();
    }
}
