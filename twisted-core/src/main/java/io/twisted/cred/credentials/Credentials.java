package io.twisted.cred.credentials;

/**
 * Something a user presents to prove who they are (Twisted's {@code ICredentials}). A marker: the
 * concrete type says how it is checked, and {@link io.twisted.cred.Portal} picks the
 * {@link io.twisted.cred.CredentialsChecker} registered for that type.
 */
public interface Credentials {
}
