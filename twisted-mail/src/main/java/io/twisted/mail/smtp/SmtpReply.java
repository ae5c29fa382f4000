package io.twisted.mail.smtp;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * An SMTP reply (RFC 5321 section 4.2): a three-digit code, an optional enhanced status code
 * (RFC 3463, e.g. {@code 5.1.1}) and one or more lines of text. Encoded as {@code 250-first} ...
 * {@code 250 last}, each line ended by CRLF, the enhanced code repeated on every line (RFC 2034
 * section 4).
 */
public final class SmtpReply {

    private final int code;
    private final String enhanced;
    private final List<String> lines;

    /**
     * @param code 200 to 599
     * @param enhanced the enhanced status code ({@code "2.0.0"}) or {@code null}
     * @param lines at least one line, each without CR or LF
     */
    public SmtpReply(int code, String enhanced, List<String> lines) {
        if (code < 200 || code > 599) {
            throw new IllegalArgumentException("SMTP reply code out of range: " + code);
        }
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("an SMTP reply has at least one line");
        }
        for (String l : lines) {
            if (l.indexOf('\r') >= 0 || l.indexOf('\n') >= 0) {
                throw new IllegalArgumentException("reply line holds CR or LF: " + l);
            }
        }
        this.code = code;
        this.enhanced = enhanced;
        this.lines = List.copyOf(lines);
    }

    /** A one-line reply. */
    public static SmtpReply of(int code, String enhanced, String text) {
        return new SmtpReply(code, enhanced, List.of(text));
    }

    public int code() {
        return code;
    }

    /** The enhanced status code, or {@code null}. */
    public String enhanced() {
        return enhanced;
    }

    public List<String> lines() {
        return lines;
    }

    /** Whether the code is 2xx or 3xx. */
    public boolean isPositive() {
        return code < 400;
    }

    /**
     * The reply's bytes.
     *
     * @param withEnhanced whether to include the enhanced code (only once the client was told of
     *     ENHANCEDSTATUSCODES, or always: clients ignore it, RFC 2034 section 3)
     */
    public byte[] encode(boolean withEnhanced) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            sb.append(code).append(i == lines.size() - 1 ? ' ' : '-');
            if (withEnhanced && enhanced != null) {
                sb.append(enhanced).append(' ');
            }
            sb.append(lines.get(i)).append("\r\n");
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SmtpReply && ((SmtpReply) o).code == code && Objects.equals(((SmtpReply) o).enhanced, enhanced)
                && ((SmtpReply) o).lines.equals(lines);
    }

    @Override
    public int hashCode() {
        return Objects.hash(code, enhanced, lines);
    }

    @Override
    public String toString() {
        return code + (enhanced != null ? " " + enhanced : "") + " " + String.join(" / ", lines);
    }
}
