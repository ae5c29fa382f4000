/**
 * What a user presents to log in, after Twisted's {@code twisted.cred.credentials}: a plain
 * {@link io.twisted.cred.credentials.UsernamePassword}, a
 * {@link io.twisted.cred.credentials.UsernameHashedPassword} that proves knowledge of a password
 * without carrying it (the challenge-response mechanisms
 * {@link io.twisted.cred.credentials.CramMd5Credentials}, RFC 2195, and
 * {@link io.twisted.cred.credentials.ApopCredentials}, RFC 1939 section 7), an
 * {@link io.twisted.cred.credentials.SshPublicKey} (RFC 4252 section 7) and
 * {@link io.twisted.cred.credentials.Anonymous}. A checker says which of these types it checks;
 * the portal picks the checker by type.
 *
 * <p>Secrets are kept as {@code char[]} and copied in and out, comparisons run in constant time
 * ({@link java.security.MessageDigest#isEqual}) and {@code toString()} never shows a secret.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc2195">RFC 2195: IMAP/POP AUTHorize Extension for Simple Challenge/Response (CRAM-MD5)</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc1939#section-7">RFC 1939 section 7: POP3 APOP</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc4252#section-7">RFC 4252 section 7: SSH public key authentication</a>
 */
package io.twisted.cred.credentials;
