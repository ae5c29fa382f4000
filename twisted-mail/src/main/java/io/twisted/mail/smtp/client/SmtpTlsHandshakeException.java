package io.twisted.mail.smtp.client;

/**
 * The server said {@code 220} to STARTTLS but TLS could not be set up: the handshake failed (a
 * certificate that does not verify under {@link SmtpClientOptions.TlsMode#REQUIRED}, no common
 * protocol or cipher), the connection was lost or timed out before the handshake completed, or the
 * transport cannot do TLS. The {@linkplain #getCause() cause} says which (often an
 * {@link io.twisted.internet.tls.TlsError}). Nothing of the message was sent. Under
 * {@link SmtpClientOptions.TlsMode#OPPORTUNISTIC}, {@link SmtpClient#sendmail} answers it by sending
 * once more in clear.
 */
public class SmtpTlsHandshakeException extends SmtpTlsException {

    private static final long serialVersionUID = 1L;

    public SmtpTlsHandshakeException(String message, Throwable cause) {
        super(message, null);
        initCause(cause);
    }
}
