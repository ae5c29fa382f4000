package io.twisted.mail.pop3.client;

/**
 * A POP3 command failed: the server refused it ({@link Pop3ServerException}), its response broke
 * the protocol or a limit, or the connection went away.
 */
public class Pop3ClientException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param message what went wrong */
    public Pop3ClientException(String message) {
        super(message);
    }
}
