package io.twisted.mail.smtp;

import java.util.List;

/**
 * What happened to a message an {@link SmtpClientProtocol} sent: the server's answer for each
 * recipient, and its final answer after the data.
 */
public record SmtpSendResult(List<Recipient> recipients, SmtpReply dataReply) {

    /** One recipient and the server's answer to its RCPT. */
    public record Recipient(MailAddress address, SmtpReply reply) {
        /** Whether the server accepted it (2xx). */
        public boolean accepted() {
            return reply.code() / 100 == 2;
        }
    }

    public SmtpSendResult {
        recipients = List.copyOf(recipients);
    }

    /** How many recipients the server accepted. */
    public long acceptedCount() {
        return recipients.stream().filter(Recipient::accepted).count();
    }
}
