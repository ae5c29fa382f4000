/**
 * Authentication and authorization, after Twisted's {@code twisted.cred}: a
 * {@link io.twisted.cred.Portal} takes {@link io.twisted.cred.credentials.Credentials} from a
 * protocol, has a {@link io.twisted.cred.CredentialsChecker} turn them into an avatar ID, and a
 * {@link io.twisted.cred.Realm} turn that into an avatar (a {@link io.twisted.cred.Login} with its
 * logout action). Protocols (SMTP, POP3, IMAP, SSH, FTP, IRC, PB) know only the portal; which users
 * exist and what they may do is the application's choice of checkers and realm.
 *
 * <p>Subpackages: {@code credentials} (what users present: passwords, CRAM-MD5, APOP, SSH keys,
 * anonymous), {@code checkers} (in-memory, PBKDF2 password file, anonymous, SSH public keys) and
 * {@code error} (why a login failed).
 *
 * @see <a href="https://docs.twisted.org/en/stable/core/howto/cred.html">Twisted: Cred, pluggable authentication</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc2195">RFC 2195: CRAM-MD5</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc1939#section-7">RFC 1939 section 7: APOP</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8018#section-5.2">RFC 8018 section 5.2: PBKDF2</a>
 */
package io.twisted.cred;
