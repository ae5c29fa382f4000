package io.twisted.mail.imap4.client;

/** The server's bytes broke the IMAP grammar or a limit of this client. */
public class ImapProtocolException extends ImapClientException {

    private static final long serialVersionUID = 1L;

    /** @param message what was wrong */
    public ImapProtocolException(String message) {
        super(message);
    }
}
