/**
 * Credentials checkers, after Twisted's {@code twisted.cred.checkers}:
 * {@link io.twisted.cred.checkers.InMemoryUsernamePasswordDatabase} (plain-text passwords in memory,
 * for tests and development; also checks CRAM-MD5 and APOP),
 * {@link io.twisted.cred.checkers.PasswordFileChecker} (a {@link io.twisted.cred.checkers.PasswordFile}
 * of PBKDF2-HMAC-SHA256 hashes, RFC 8018, hashed off the reactor thread, unknown users and wrong
 * passwords indistinguishable), {@link io.twisted.cred.checkers.AllowAnonymousAccess} and
 * {@link io.twisted.cred.checkers.SshPublicKeyChecker} (authorized key blobs, RFC 4252 section 7).
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8018#section-5.2">RFC 8018 section 5.2: PBKDF2</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc2195">RFC 2195: CRAM-MD5</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc1939#section-7">RFC 1939 section 7: APOP</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc4252#section-7">RFC 4252 section 7: SSH public key authentication</a>
 * @see <a href="https://cheatsheetseries.owasp.org/cheatsheets/Password_Storage_Cheat_Sheet.html">OWASP Password Storage Cheat Sheet</a>
 */
package io.twisted.cred.checkers;
