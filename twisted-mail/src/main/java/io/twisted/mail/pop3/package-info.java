/**
 * A POP3 server (RFC 1939) with CAPA and response codes (RFC 2449, {@code AUTH-RESP-CODE} of
 * RFC 3206), STLS (RFC 2595) and SASL PLAIN (RFC 5034, RFC 4616):
 * {@link io.twisted.mail.pop3.Pop3ServerProtocol} over the {@link io.twisted.mail.pop3.Pop3Mailbox}
 * a cred realm returns, locked for the session (RFC 1939 section 8) through
 * {@link io.twisted.mail.pop3.MaildropLocks}, a second login getting {@code -ERR [IN-USE]};
 * {@link io.twisted.mail.pop3.ByteStuffer} is the wire codec of multi-line responses (dot-stuffing,
 * TOP's line limit, bare LF sent as CRLF).
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc1939">RFC 1939</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc2449">RFC 2449</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc2595">RFC 2595</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc3206">RFC 3206</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc5034">RFC 5034</a>
 */
package io.twisted.mail.pop3;
