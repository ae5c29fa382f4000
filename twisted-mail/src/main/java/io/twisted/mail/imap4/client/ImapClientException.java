package io.twisted.mail.imap4.client;

/**
 * An IMAP command failed: refused by the server ({@link ImapServerException}), a protocol error
 * ({@link ImapProtocolException}), a timeout, or the connection went away.
 */
public class ImapClientException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param message what went wrong */
    public ImapClientException(String message) {
        super(message);
    }
}
