package io.twisted.mail.imap4.client;

/** The server answered a command with a tagged NO or BAD; {@link #response()} has the details. */
public class ImapServerException extends ImapClientException {

    private static final long serialVersionUID = 1L;

    private final transient ImapResponse response;

    /**
     * @param command the command's name (arguments such as passwords are never included)
     * @param response the tagged NO or BAD
     */
    public ImapServerException(String command, ImapResponse response) {
        super(command + " failed: " + response.type() + " " + response.text());
        this.response = response;
    }

    /** The tagged response: {@code type()} is NO or BAD, {@code text()} the server's text. */
    public ImapResponse response() {
        return response;
    }

    /** The server's text. */
    public String serverText() {
        return response.text();
    }
}
