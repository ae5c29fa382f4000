package io.twisted.mail.smtp.client;

import io.twisted.mail.smtp.MailAddress;
import io.twisted.mail.smtp.SmtpReply;
import java.util.Objects;

/**
 * The server's answer to one {@code RCPT TO} (Twisted's per-recipient {@code (address, code, resp)}).
 *
 * @param address the recipient
 * @param reply the reply to its RCPT command
 */
public record RecipientResult(MailAddress address, SmtpReply reply) {

    public RecipientResult {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(reply, "reply");
    }

    /** Whether the recipient was accepted (250 or 251, RFC 5321 section 4.1.1.3). */
    public boolean isAccepted() {
        return reply.code() == 250 || reply.code() == 251;
    }

    /** Whether it was refused for good (5xx); a 4xx refusal may succeed later. */
    public boolean isPermanentFailure() {
        return reply.code() >= 500;
    }
}
