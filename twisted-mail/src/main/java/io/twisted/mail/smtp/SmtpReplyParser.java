package io.twisted.mail.smtp;

import java.util.ArrayList;
import java.util.List;

/**
 * Assembles SMTP replies from lines (RFC 5321 section 4.2): {@code 250-first}, ...,
 * {@code 250 last}. The enhanced status code, if any, stays in the text. A reply may have at most
 * {@value #MAX_LINES} lines.
 */
public final class SmtpReplyParser {

    /** Most lines in one reply. */
    public static final int MAX_LINES = 1000;

    private final List<String> lines = new ArrayList<>();
    private int code = -1;

    /**
     * Takes one line (CRLF removed).
     *
     * @return the reply once its last line came, else {@code null}
     * @throws IllegalArgumentException if the line is not a reply line or its code differs from
     *     the previous lines'
     */
    public SmtpReply feed(String line) {
        if (line.length() < 3 || !Character.isDigit(line.charAt(0)) || !Character.isDigit(line.charAt(1))
                || !Character.isDigit(line.charAt(2)) || line.length() > 3 && line.charAt(3) != ' ' && line.charAt(3) != '-') {
            throw new IllegalArgumentException("not an SMTP reply line: " + line);
        }
        int c = Integer.parseInt(line.substring(0, 3));
        if (c < 200 || c > 599 || code >= 0 && c != code) {
            throw new IllegalArgumentException("bad reply code in: " + line);
        }
        if (lines.size() >= MAX_LINES) {
            throw new IllegalArgumentException("reply longer than " + MAX_LINES + " lines");
        }
        code = c;
        lines.add(line.length() > 4 ? line.substring(4) : "");
        if (line.length() > 3 && line.charAt(3) == '-') {
            return null;
        }
        SmtpReply r = new SmtpReply(code, null, lines);
        lines.clear();
        code = -1;
        return r;
    }
}
