package io.twisted.rfctests.mail;

import java.util.ArrayList;
import java.util.List;

/**
 * IMAP server output cut into responses (RFC 3501 section 7): a response is one line, continued
 * after each literal {@code {n}} by the n octets that follow and the rest of the line. The text
 * of a response keeps {@code {n}} markers; the literals are kept apart. Its data can be read as
 * a tree of atoms, strings (quoted or literal), {@code null} for NIL and lists.
 */
final class ImapResponses {

    /** One response: its text and, in order, its literals' contents. */
    record Response(String text, List<String> literals) {

        String[] words() {
            return text.split(" ");
        }

        boolean tagged() {
            return !text.startsWith("* ") && !text.startsWith("+ ");
        }

        /** The response's data from {@code offset} in the text, read as a list of values. */
        List<Object> values(int offset) {
            Reader r = new Reader(text, literals);
            r.pos = offset;
            List<Object> out = new ArrayList<>();
            while (r.skipSpaces()) {
                out.add(r.value());
            }
            return out;
        }
    }

    private ImapResponses() {
    }

    /** The responses in {@code output} (ISO-8859-1 text of the server's bytes). */
    static List<Response> split(String output) {
        List<Response> responses = new ArrayList<>();
        int i = 0;
        while (i < output.length()) {
            StringBuilder text = new StringBuilder();
            List<String> literals = new ArrayList<>();
            while (true) {
                int eol = output.indexOf("\r\n", i);
                if (eol < 0) {
                    throw new AssertionError("a response does not end with CRLF: " + output.substring(i));
                }
                String line = output.substring(i, eol);
                text.append(line);
                i = eol + 2;
                int open = line.lastIndexOf('{');
                if (line.endsWith("}") && open >= 0 && line.substring(open + 1, line.length() - 1).matches("[0-9]+\\+?")) {
                    int n = Integer.parseInt(line.substring(open + 1, line.length() - 1).replace("+", ""));
                    literals.add(output.substring(i, i + n));
                    i += n;
                    continue;
                }
                break;
            }
            responses.add(new Response(text.toString(), literals));
        }
        return responses;
    }

    private static final class Reader {
        final String s;
        final List<String> literals;
        int pos;
        int literal;

        Reader(String s, List<String> literals) {
            this.s = s;
            this.literals = literals;
        }

        boolean skipSpaces() {
            while (pos < s.length() && s.charAt(pos) == ' ') {
                pos++;
            }
            return pos < s.length() && s.charAt(pos) != ')';
        }

        Object value() {
            char c = s.charAt(pos);
            if (c == '(') {
                pos++;
                List<Object> list = new ArrayList<>();
                while (skipSpaces()) {
                    list.add(value());
                }
                if (pos >= s.length()) {
                    throw new AssertionError("unbalanced list in " + s);
                }
                pos++;
                return list;
            }
            if (c == '"') {
                StringBuilder sb = new StringBuilder();
                pos++;
                while (s.charAt(pos) != '"') {
                    if (s.charAt(pos) == '\\') {
                        pos++;
                    }
                    sb.append(s.charAt(pos++));
                }
                pos++;
                return sb.toString();
            }
            if (c == '{') {
                pos = s.indexOf('}', pos) + 1;
                return literals.get(literal++);
            }
            int start = pos;
            int depth = 0;
            while (pos < s.length()) {
                char d = s.charAt(pos);
                if (d == '[') {
                    depth++;
                } else if (d == ']') {
                    depth--;
                } else if (depth == 0 && (d == ' ' || d == ')' || d == '(')) {
                    break;
                }
                pos++;
            }
            String atom = s.substring(start, pos);
            return atom.equals("NIL") ? null : atom;
        }
    }
}
