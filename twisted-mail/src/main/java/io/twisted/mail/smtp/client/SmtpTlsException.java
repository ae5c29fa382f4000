package io.twisted.mail.smtp.client;

import io.twisted.mail.smtp.SmtpReply;

/**
 * STARTTLS was required ({@link SmtpClientOptions.TlsMode#REQUIRED}) but the server does not offer
 * it or refused it (Twisted's {@code TLSRequiredError}). Nothing was sent after EHLO.
 */
public class SmtpTlsException extends SmtpClientException {

    private static final long serialVersionUID = 1L;

    public SmtpTlsException(String message, SmtpReply reply) {
        super(message, reply);
    }
}
