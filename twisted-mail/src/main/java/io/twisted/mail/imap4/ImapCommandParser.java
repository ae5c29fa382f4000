package io.twisted.mail.imap4;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses the arguments of an IMAP command (RFC 3501 section 9) into values: an {@link Atom}
 * (atoms, including section specs such as {@code BODY.PEEK[HEADER.FIELDS (FROM)]<0.10>} kept
 * whole), a {@code byte[]} (quoted strings and literals, already read by the protocol and given
 * inline as {@code {n}CRLF} followed by n bytes), or a {@code List<Object>} (a parenthesized
 * list). {@code NIL} is an atom.
 */
public final class ImapCommandParser {

    /** An atom (case kept). */
    public record Atom(String value) {
        @Override
        public String toString() {
            return value;
        }
    }

    private final byte[] in;
    private int pos;

    private ImapCommandParser(byte[] in) {
        this.in = in;
    }

    /**
     * Parses {@code args} (everything after the command name).
     *
     * @throws IllegalArgumentException on a syntax error
     */
    public static List<Object> parse(byte[] args) {
        ImapCommandParser p = new ImapCommandParser(args);
        List<Object> out = p.list(false);
        if (p.pos < p.in.length) {
            throw new IllegalArgumentException("unexpected ')'");
        }
        return out;
    }

    private List<Object> list(boolean nested) {
        List<Object> out = new ArrayList<>();
        while (true) {
            skipSpaces();
            if (pos >= in.length) {
                if (nested) {
                    throw new IllegalArgumentException("unterminated list");
                }
                return out;
            }
            byte b = in[pos];
            if (b == ')') {
                if (!nested) {
                    return out;
                }
                pos++;
                return out;
            }
            if (b == '(') {
                pos++;
                out.add(list(true));
            } else if (b == '"') {
                out.add(quoted());
            } else if (b == '{') {
                out.add(literal());
            } else {
                out.add(atom());
            }
        }
    }

    private void skipSpaces() {
        while (pos < in.length && in[pos] == ' ') {
            pos++;
        }
    }

    private byte[] quoted() {
        pos++;
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        while (pos < in.length) {
            byte b = in[pos++];
            if (b == '"') {
                return out.toByteArray();
            }
            if (b == '\\') {
                if (pos >= in.length) {
                    break;
                }
                b = in[pos++];
            }
            if (b == '\r' || b == '\n') {
                throw new IllegalArgumentException("CR or LF in quoted string");
            }
            out.write(b);
        }
        throw new IllegalArgumentException("unterminated quoted string");
    }

    private byte[] literal() {
        int close = pos;
        while (close < in.length && in[close] != '}') {
            close++;
        }
        if (close >= in.length) {
            throw new IllegalArgumentException("bad literal");
        }
        String spec = new String(in, pos + 1, close - pos - 1, StandardCharsets.US_ASCII);
        if (spec.endsWith("+")) {
            spec = spec.substring(0, spec.length() - 1);
        }
        int n;
        try {
            n = Integer.parseInt(spec);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad literal length");
        }
        int start = close + 3;
        if (n < 0 || close + 2 >= in.length + 1 || start + n > in.length || in[close + 1] != '\r' || in[close + 2] != '\n') {
            throw new IllegalArgumentException("bad literal");
        }
        byte[] out = java.util.Arrays.copyOfRange(in, start, start + n);
        pos = start + n;
        return out;
    }

    private Atom atom() {
        int start = pos;
        int brackets = 0;
        while (pos < in.length) {
            byte b = in[pos];
            if (b == '[') {
                brackets++;
            } else if (b == ']') {
                brackets--;
            } else if (brackets == 0 && (b == ' ' || b == '(' || b == ')' || b == '{' || b == '"')) {
                break;
            } else if (b < 0x20 || b == 0x7f) {
                throw new IllegalArgumentException("control character in atom");
            }
            pos++;
        }
        if (pos == start) {
            throw new IllegalArgumentException("empty atom");
        }
        return new Atom(new String(in, start, pos - start, StandardCharsets.UTF_8));
    }

    /** The text of an astring argument (atom or string). */
    public static String text(Object value) {
        if (value instanceof Atom) {
            return ((Atom) value).value();
        }
        if (value instanceof byte[]) {
            return new String((byte[]) value, StandardCharsets.UTF_8);
        }
        throw new IllegalArgumentException("expected a string");
    }

    /** Quotes {@code s} as an IMAP quoted string. */
    public static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
