package io.twisted.cred.error;

/**
 * No checker can check this kind of credentials (Twisted's {@code UnhandledCredentials}): the
 * portal has no checker registered for its type, or a checker was handed a type it refuses (a file
 * of password hashes cannot check a CRAM-MD5 response, which needs the plain-text password).
 */
public class UnhandledCredentials extends LoginFailed {
    private static final long serialVersionUID = 1L;

    /** An error naming the credentials type that could not be checked. */
    public UnhandledCredentials(String message) {
        super(message);
    }
}
