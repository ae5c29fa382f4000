package io.twisted.cred.error;

/**
 * The realm refused to give an avatar to a user whose credentials were accepted, for example an
 * account that is locked (Twisted's {@code LoginDenied}).
 */
public class LoginDenied extends LoginFailed {
    private static final long serialVersionUID = 1L;

    /** An error saying why the user may not log in (for logs, not for the peer). */
    public LoginDenied(String message) {
        super(message);
    }
}
