package io.twisted.mail.smtp;

import java.util.Objects;

/**
 * A refusal from a {@link MessageDelivery}: the Deferred of {@code validateFrom}/{@code validateTo}
 * (or a receiver's end of message) fails with this, and the client gets its {@link #reply()}
 * (Twisted's {@code SMTPBadSender} and {@code SMTPBadRcpt}). Any other failure becomes a
 * temporary {@code 451 4.3.0}.
 */
public class SmtpRejection extends RuntimeException {

    private final transient SmtpReply reply;

    /** A refusal answered with {@code reply} (a 4xx or 5xx). */
    public SmtpRejection(SmtpReply reply) {
        super(Objects.requireNonNull(reply, "reply").toString());
        if (reply.isPositive()) {
            throw new IllegalArgumentException("a rejection needs a 4xx or 5xx reply: " + reply);
        }
        this.reply = reply;
    }

    /** A refusal answered with one line. */
    public SmtpRejection(int code, String enhanced, String text) {
        this(SmtpReply.of(code, enhanced, text));
    }

    /** The reply the client gets. */
    public SmtpReply reply() {
        return reply;
    }
}
