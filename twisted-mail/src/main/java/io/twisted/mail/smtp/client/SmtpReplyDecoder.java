package io.twisted.mail.smtp.client;

import io.twisted.mail.smtp.SmtpReply;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Assembles SMTP replies (RFC 5321 section 4.2) from reply lines, the client's one reply parser:
 * {@code 250-first}, ..., {@code 250 last} become one {@link SmtpReply}. A line whose text starts
 * with an enhanced status code (RFC 3463, {@code 2.1.0}) whose class matches the reply code's first
 * digit has it split off into {@link SmtpReply#enhanced()}.
 *
 * <p>Strict: every line must start with three digits 200..599 followed by {@code '-'}, {@code ' '}
 * or the end of the line (RFC 5321 section 4.2 allows a bare code), and all lines of one reply must
 * carry the same code. A reply may have at most {@link #maxLines} lines (default
 * {@value #DEFAULT_MAX_LINES}); the line length is bounded by the line receiver that feeds this.
 * Pure: no I/O.
 */
public final class SmtpReplyDecoder {

    /** Default most lines in one reply: 100 (an EHLO reply has a dozen or so). */
    public static final int DEFAULT_MAX_LINES = 100;

    private final int maxLines;
    private final List<String> lines = new ArrayList<>();
    private int code = -1;
    private String enhanced;

    /** A decoder with the default line limit. */
    public SmtpReplyDecoder() {
        this(DEFAULT_MAX_LINES);
    }

    /** A decoder accepting replies of at most {@code maxLines} lines. */
    public SmtpReplyDecoder(int maxLines) {
        if (maxLines < 1) {
            throw new IllegalArgumentException("maxLines must be positive: " + maxLines);
        }
        this.maxLines = maxLines;
    }

    /**
     * Takes one reply line (without CRLF).
     *
     * @return the complete reply after its last line, otherwise {@code null}
     * @throws SmtpProtocolException if the line is not a reply line, its code differs from the
     *     earlier lines', or the reply has too many lines
     */
    public SmtpReply lineReceived(byte[] line) {
        String text = new String(line, StandardCharsets.UTF_8);
        if (text.length() < 3 || !isDigit(text.charAt(0)) || !isDigit(text.charAt(1)) || !isDigit(text.charAt(2))) {
            throw new SmtpProtocolException("not an SMTP reply line: " + abbreviate(text));
        }
        int lineCode = Integer.parseInt(text.substring(0, 3));
        if (lineCode < 200 || lineCode > 599) {
            throw new SmtpProtocolException("SMTP reply code out of range: " + abbreviate(text));
        }
        boolean last;
        if (text.length() == 3) {
            last = true;
        } else if (text.charAt(3) == ' ') {
            last = true;
        } else if (text.charAt(3) == '-') {
            last = false;
        } else {
            throw new SmtpProtocolException("bad separator after reply code: " + abbreviate(text));
        }
        if (code >= 0 && lineCode != code) {
            throw new SmtpProtocolException("reply code changed from " + code + " to " + lineCode + " inside one reply");
        }
        if (lines.size() >= maxLines) {
            throw new SmtpProtocolException("reply longer than " + maxLines + " lines");
        }
        code = lineCode;
        String rest = text.length() > 4 ? text.substring(4) : "";
        rest = rest.replace('\r', ' ').replace('\n', ' ');
        int sp = rest.indexOf(' ');
        String head = sp < 0 ? rest : rest.substring(0, sp);
        if (isEnhanced(head, lineCode)) {
            if (enhanced == null) {
                enhanced = head;
            }
            rest = sp < 0 ? "" : rest.substring(sp + 1);
        }
        lines.add(rest);
        if (!last) {
            return null;
        }
        SmtpReply reply = new SmtpReply(code, enhanced, lines);
        lines.clear();
        code = -1;
        enhanced = null;
        return reply;
    }

    /** Whether a reply has begun but not ended. */
    public boolean isPartial() {
        return code >= 0;
    }

    /** {@code class.subject.detail} with the class equal to the first digit of {@code code} (RFC 3463 section 2). */
    static boolean isEnhanced(String s, int code) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 3 || parts[0].length() != 1 || parts[0].charAt(0) - '0' != code / 100) {
            return false;
        }
        for (int i = 1; i < 3; i++) {
            if (parts[i].isEmpty() || parts[i].length() > 3 || !parts[i].chars().allMatch(SmtpReplyDecoder::isDigit)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    private static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }
}
