package io.twisted.mail.smtp.client;

import io.twisted.mail.smtp.SmtpReply;
import java.util.List;

/**
 * The message was not delivered to anyone: MAIL, DATA or the end of data was refused, or every
 * recipient was refused. {@link #recipients()} holds each recipient's answer, if RCPT got that far.
 */
public class SmtpDeliveryException extends SmtpClientException {

    private static final long serialVersionUID = 1L;

    private final transient List<RecipientResult> recipients;

    public SmtpDeliveryException(String message, SmtpReply reply, List<RecipientResult> recipients) {
        super(message, reply);
        this.recipients = List.copyOf(recipients);
    }

    /** The per-recipient answers known when the transaction failed (possibly empty). */
    public List<RecipientResult> recipients() {
        return recipients;
    }

    /**
     * Whether retrying cannot help: the failing reply was 5xx, or (when every recipient was refused)
     * every refusal was 5xx.
     */
    @Override
    public boolean isPermanent() {
        if (reply() != null) {
            return reply().code() >= 500;
        }
        return !recipients.isEmpty() && recipients.stream().allMatch(RecipientResult::isPermanentFailure);
    }
}
