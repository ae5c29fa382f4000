package io.twisted.mail.smtp.client;

import io.twisted.mail.smtp.SmtpReply;

/**
 * Authentication failed (Twisted's {@code SMTPAuthenticationError}, {@code AUTHRequiredError}): the
 * server refused the credentials, offers no mechanism this client may use, or does not offer AUTH.
 */
public class SmtpAuthException extends SmtpClientException {

    private static final long serialVersionUID = 1L;

    public SmtpAuthException(String message, SmtpReply reply) {
        super(message, reply);
    }
}
