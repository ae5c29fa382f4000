package io.twisted.mail.pop3.client;

/** The server answered {@code -ERR}; {@link #serverText()} is the text after the status. */
public class Pop3ServerException extends Pop3ClientException {

    private static final long serialVersionUID = 1L;

    private final String serverText;

    /**
     * @param command the command that was refused (a password is never included)
     * @param serverText the text after {@code -ERR}
     */
    public Pop3ServerException(String command, String serverText) {
        super(command + " refused: -ERR " + serverText);
        this.serverText = serverText;
    }

    /** The server's text after {@code -ERR} (may be empty). */
    public String serverText() {
        return serverText;
    }
}
