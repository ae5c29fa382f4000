package io.twisted.mail.smtp.client;

/** The server broke the SMTP protocol: a malformed or unexpected reply. */
public class SmtpProtocolException extends SmtpClientException {

    private static final long serialVersionUID = 1L;

    public SmtpProtocolException(String message) {
        super(message, (io.twisted.mail.smtp.SmtpReply) null);
    }
}
