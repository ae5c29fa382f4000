package io.twisted.cred.error;

/**
 * The SSH public key is authorized for the user but the credentials carry no signature yet
 * (Twisted's {@code twisted.conch.error.ValidPublicKey}). SSH user authentication (RFC 4252
 * section 7) first asks whether a key would be acceptable; the server traps this error and answers
 * {@code SSH_MSG_USERAUTH_PK_OK}, then the client signs. Anywhere else it is a failed login.
 */
public class ValidPublicKey extends LoginFailed {
    private static final long serialVersionUID = 1L;

    public ValidPublicKey() {
        super("Public key is acceptable; a signature is required");
    }
}
