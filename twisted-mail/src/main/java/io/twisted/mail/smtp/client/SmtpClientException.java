package io.twisted.mail.smtp.client;

import io.twisted.mail.smtp.SmtpReply;

/**
 * Why {@link SmtpClient#sendmail} failed (Twisted's {@code SMTPClientError}): carries the server's
 * reply when there was one. {@link #isPermanent()} tells a relay whether to retry.
 */
public class SmtpClientException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient SmtpReply reply;

    /**
     * @param message what went wrong
     * @param reply the server's reply that caused it, or {@code null}
     */
    public SmtpClientException(String message, SmtpReply reply) {
        super(reply == null ? message : message + ": " + reply);
        this.reply = reply;
    }

    /** A failure caused by {@code cause} (a lost connection, a read error), without a reply. */
    public SmtpClientException(String message, Throwable cause) {
        super(message, cause);
        this.reply = null;
    }

    /** The server's reply, or {@code null} (a local error, a timeout, a lost connection). */
    public SmtpReply reply() {
        return reply;
    }

    /** Whether retrying cannot help: the server answered 5xx. */
    public boolean isPermanent() {
        return reply != null && reply.code() >= 500;
    }
}
