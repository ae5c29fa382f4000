/**
 * A POP3 server (RFC 1939) with CAPA and response codes (RFC 2449) and STLS (RFC 2595):
 * {@link io.twisted.mail.pop3.Pop3ServerProtocol} over the {@link io.twisted.mail.pop3.Pop3Mailbox}
 * a cred realm returns; {@link io.twisted.mail.pop3.ByteStuffer} is the wire codec of multi-line
 * responses.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc1939">RFC 1939</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc2449">RFC 2449</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc2595">RFC 2595</a>
 */
package io.twisted.mail.pop3;
