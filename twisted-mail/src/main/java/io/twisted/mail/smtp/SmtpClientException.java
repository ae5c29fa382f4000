package io.twisted.mail.smtp;

/**
 * A send that failed: the server refused (its {@link #reply()} says why), every recipient was
 * refused ({@link #result()} has their replies), or the client refused to go on (STARTTLS
 * required but not offered, AUTH without TLS).
 */
public class SmtpClientException extends RuntimeException {

    private final transient SmtpReply reply;
    private final transient SmtpSendResult result;

    public SmtpClientException(String message, SmtpReply reply, SmtpSendResult result) {
        super(message + (reply != null ? ": " + reply : ""));
        this.reply = reply;
        this.result = result;
    }

    /** The reply that ended the send, or {@code null} if the client stopped on its own. */
    public SmtpReply reply() {
        return reply;
    }

    /** The per-recipient replies so far, or {@code null}. */
    public SmtpSendResult result() {
        return result;
    }

    /** Whether trying again later may work (a 4xx reply, RFC 5321 section 4.2.1). */
    public boolean isTransient() {
        return reply != null && reply.code() / 100 == 4;
    }
}
