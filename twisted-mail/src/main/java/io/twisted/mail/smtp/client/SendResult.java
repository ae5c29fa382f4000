package io.twisted.mail.smtp.client;

import java.util.List;

/**
 * What {@link SmtpClient#sendmail} reports once the server accepted the message for at least one
 * recipient: the answer for every recipient (some may have been refused: partial success) and the
 * server's reply to the end of the data.
 *
 * @param recipients one entry per recipient, in the order given
 * @param dataReply the reply after the final {@code "."}
 */
public record SendResult(List<RecipientResult> recipients, io.twisted.mail.smtp.SmtpReply dataReply) {

    public SendResult {
        recipients = List.copyOf(recipients);
    }

    /** The recipients the server accepted: the message was delivered to these. */
    public List<RecipientResult> accepted() {
        return recipients.stream().filter(RecipientResult::isAccepted).toList();
    }

    /** The recipients the server refused. */
    public List<RecipientResult> refused() {
        return recipients.stream().filter(r -> !r.isAccepted()).toList();
    }
}
