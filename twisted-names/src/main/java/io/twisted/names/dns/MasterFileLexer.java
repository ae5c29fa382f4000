package io.twisted.names.dns;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits master-file text (RFC 1035 §5.1) into logical lines of {@link TextToken}s: {@code ;}
 * starts a comment, parentheses join physical lines, {@code "..."} is one token (which may hold
 * spaces), and a backslash escapes the next character in both quoted and bare tokens (escapes are
 * kept in the token text for the field parsers to decode). A line that starts with a blank is
 * {@linkplain #indented() indented}: its owner is the previous record's owner.
 */
public final class MasterFileLexer {

    private final String text;
    private int pos;
    private int line = 1;
    private int startLine;
    private boolean indented;

    public MasterFileLexer(String text) {
        this.text = text;
    }

    /** Whether the last line returned began with a space or tab. */
    public boolean indented() {
        return indented;
    }

    /** The physical line number (from 1) where the last logical line began. */
    public int lineNumber() {
        return startLine;
    }

    /**
     * The next non-empty logical line, or {@code null} at the end.
     *
     * @throws DnsFormatException on an unterminated quote or unbalanced parentheses
     */
    public List<TextToken> nextLine() {
        while (pos < text.length()) {
            List<TextToken> tokens = readLogicalLine();
            if (!tokens.isEmpty()) {
                return tokens;
            }
        }
        return null;
    }

    private List<TextToken> readLogicalLine() {
        List<TextToken> tokens = new ArrayList<>();
        startLine = line;
        indented = pos < text.length() && (text.charAt(pos) == ' ' || text.charAt(pos) == '\t');
        int depth = 0;
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '\n') {
                pos++;
                line++;
                if (depth == 0) {
                    return tokens;
                }
                continue;
            }
            if (c == ' ' || c == '\t' || c == '\r') {
                pos++;
                continue;
            }
            if (c == ';') {
                while (pos < text.length() && text.charAt(pos) != '\n') {
                    pos++;
                }
                continue;
            }
            if (c == '(') {
                depth++;
                pos++;
                continue;
            }
            if (c == ')') {
                if (depth == 0) {
                    throw new DnsFormatException("line " + line + ": ')' without '('");
                }
                depth--;
                pos++;
                continue;
            }
            if (c == '"') {
                tokens.add(new TextToken(readQuoted(), true));
                continue;
            }
            tokens.add(new TextToken(readBare(), false));
        }
        if (depth != 0) {
            throw new DnsFormatException("line " + startLine + ": '(' is never closed");
        }
        return tokens;
    }

    private String readQuoted() {
        int start = ++pos;
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '\\' && pos + 1 < text.length()) {
                if (text.charAt(pos + 1) == '\n') {
                    line++;
                }
                pos += 2;
                continue;
            }
            if (c == '"') {
                String s = text.substring(start, pos);
                pos++;
                return s;
            }
            if (c == '\n') {
                break;
            }
            pos++;
        }
        throw new DnsFormatException("line " + line + ": unterminated quoted string");
    }

    private String readBare() {
        int start = pos;
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '\\' && pos + 1 < text.length() && text.charAt(pos + 1) != '\n') {
                pos += 2;
                continue;
            }
            if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == ';' || c == '(' || c == ')' || c == '"') {
                break;
            }
            pos++;
        }
        return text.substring(start, pos);
    }
}
