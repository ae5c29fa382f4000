package io.twisted.mail.imap4.client;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * The one parser of server responses (RFC 3501 section 9, {@code response}): a response arrives as
 * its line segments and the literals between them (segment {@code i} ends with {@code {n}} and
 * literal {@code i} follows it), as {@link ImapClientProtocol} framed them. No I/O, no state
 * between responses.
 *
 * <p>Leniency: atoms take any character but SP, parentheses, {@code "} and CTLs, and a bracket
 * opened inside an atom runs to its matching {@code ]} (so {@code BODY[HEADER.FIELDS (A B)]<0>}
 * is one token); a status response's text is taken as is. A response that does not parse throws
 * {@link ImapProtocolException}.
 */
public final class ImapResponseParser {

    /** Deepest nesting of parenthesised lists accepted (a bound against hostile input). */
    public static final int MAX_DEPTH = 64;

    private final List<byte[]> segments;
    private final List<byte[]> literals;
    private int seg;
    private int pos;
    private byte[] cur;

    private ImapResponseParser(List<byte[]> segments, List<byte[]> literals) {
        this.segments = segments;
        this.literals = literals;
        this.cur = segments.get(0);
    }

    /** Parses one response: a single line without literals. */
    public static ImapResponse parse(String line) {
        return parse(List.of(line.getBytes(StandardCharsets.UTF_8)), List.of());
    }

    /**
     * Parses one response.
     *
     * @param segments the line segments, without CRLF; every one but the last ends with {@code {n}}
     * @param literals {@code segments.size() - 1} literals
     */
    public static ImapResponse parse(List<byte[]> segments, List<byte[]> literals) {
        if (segments.isEmpty() || literals.size() != segments.size() - 1) {
            throw new IllegalArgumentException("segments and literals do not match");
        }
        return new ImapResponseParser(segments, literals).response();
    }

    private ImapResponse response() {
        String tag = word();
        if (tag.isEmpty()) {
            throw error("empty response");
        }
        if (tag.equals("+")) {
            return new ImapResponse("+", -1, "+", null, restOfLine(), List.of());
        }
        expectSpace();
        String type = word().toUpperCase(Locale.ROOT);
        long number = -1;
        if (!type.isEmpty() && Character.isDigit(type.charAt(0)) && tag.equals("*")) {
            try {
                number = Long.parseLong(type);
            } catch (NumberFormatException e) {
                throw error("bad number " + type);
            }
            expectSpace();
            type = word().toUpperCase(Locale.ROOT);
        }
        if (type.isEmpty()) {
            throw error("missing response type");
        }
        switch (type) {
            case "OK", "NO", "BAD", "BYE", "PREAUTH" -> {
                return status(tag, number, type);
            }
            default -> {
                List<Object> data = new ArrayList<>();
                while (skipSpaces()) {
                    data.add(value(0));
                }
                return new ImapResponse(tag, number, type, null, "", Collections.unmodifiableList(data));
            }
        }
    }

    private ImapResponse status(String tag, long number, String type) {
        List<Object> code = null;
        skipSpaces();
        if (pos < cur.length && cur[pos] == '[') {
            pos++;
            code = new ArrayList<>();
            while (true) {
                skipSpaces();
                if (pos >= cur.length && seg == segments.size() - 1) {
                    throw error("unterminated response code");
                }
                if (pos < cur.length && cur[pos] == ']') {
                    pos++;
                    break;
                }
                code.add(value(0));
            }
            code = Collections.unmodifiableList(code);
        }
        return new ImapResponse(tag, number, type, code, restOfLine().strip(), List.of());
    }

    // ------------------------------------------------------------------ tokens

    private Object value(int depth) {
        if (depth > MAX_DEPTH) {
            throw error("lists nested deeper than " + MAX_DEPTH);
        }
        if (pos >= cur.length) {
            throw error("value expected");
        }
        byte b = cur[pos];
        switch (b) {
            case '(' -> {
                pos++;
                List<Object> list = new ArrayList<>();
                while (true) {
                    skipSpaces();
                    if (pos >= cur.length) {
                        throw error("unterminated list");
                    }
                    if (cur[pos] == ')') {
                        pos++;
                        return Collections.unmodifiableList(list);
                    }
                    list.add(value(depth + 1));
                }
            }
            case '"' -> {
                return quoted();
            }
            case '{' -> {
                return literal();
            }
            case ')' -> throw error("unexpected )");
            default -> {
                String atom = atom();
                if (atom.equalsIgnoreCase("NIL")) {
                    return null;
                }
                if (atom.isEmpty()) {
                    throw error("unexpected character " + (char) b);
                }
                return atom;
            }
        }
    }

    private byte[] quoted() {
        pos++;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (pos < cur.length) {
            byte b = cur[pos++];
            if (b == '"') {
                return out.toByteArray();
            }
            if (b == '\\') {
                if (pos >= cur.length) {
                    break;
                }
                b = cur[pos++];
            }
            out.write(b);
        }
        throw error("unterminated quoted string");
    }

    private byte[] literal() {
        int close = pos;
        while (close < cur.length && cur[close] != '}') {
            close++;
        }
        if (close != cur.length - 1 || seg >= literals.size()) {
            throw error("a literal's {n} must end its line");
        }
        byte[] value = literals.get(seg);
        seg++;
        cur = segments.get(seg);
        pos = 0;
        return value;
    }

    private String atom() {
        int start = pos;
        int brackets = 0;
        while (pos < cur.length) {
            byte b = cur[pos];
            if (brackets > 0) {
                if (b == '[') {
                    brackets++;
                } else if (b == ']') {
                    brackets--;
                }
            } else if (b == '[') {
                brackets++;
            } else if (b == ' ' || b == '(' || b == ')' || b == '"' || b < 0x20 || b == 0x7f || b == ']') {
                break;
            }
            pos++;
        }
        if (brackets > 0) {
            throw error("unterminated [");
        }
        return new String(cur, start, pos - start, StandardCharsets.UTF_8);
    }

    /** Up to the next space, for the tag and the type. */
    private String word() {
        int start = pos;
        while (pos < cur.length && cur[pos] != ' ') {
            pos++;
        }
        return new String(cur, start, pos - start, StandardCharsets.UTF_8);
    }

    private void expectSpace() {
        if (pos >= cur.length || cur[pos] != ' ') {
            throw error("space expected");
        }
        pos++;
    }

    /** Skips spaces; false at the end of the response. */
    private boolean skipSpaces() {
        while (pos < cur.length && cur[pos] == ' ') {
            pos++;
        }
        return pos < cur.length;
    }

    private String restOfLine() {
        if (pos < cur.length && cur[pos] == ' ') {
            pos++;
        }
        String s = new String(cur, pos, cur.length - pos, StandardCharsets.UTF_8);
        pos = cur.length;
        return s;
    }

    private ImapProtocolException error(String what) {
        String line = new String(segments.get(0), 0, Math.min(segments.get(0).length, 80), StandardCharsets.ISO_8859_1);
        return new ImapProtocolException(what + " in response: " + line.replaceAll("[^\\x20-\\x7e]", "?"));
    }
}
