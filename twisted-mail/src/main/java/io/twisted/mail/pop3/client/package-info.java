/**
 * A POP3 client (Twisted's {@code POP3Client}): {@link io.twisted.mail.pop3.client.Pop3ClientProtocol},
 * a {@link io.twisted.protocols.basic.LineReceiver} whose commands return Deferreds. One command is
 * on the wire at a time (no RFC 2449 PIPELINING); commands issued while one is outstanding are
 * queued. Multi-line responses are dot-unstuffed (RFC 1939 section 3) and either collected, with a
 * size limit, or streamed line by line to a {@link io.twisted.mail.pop3.client.Pop3LineSink}.
 * A {@code -ERR} reply fails the command's Deferred with a
 * {@link io.twisted.mail.pop3.client.Pop3ServerException} carrying the server's text.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc1939">RFC 1939</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc2449">RFC 2449 (CAPA)</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc2595">RFC 2595 (STLS)</a>
 */
package io.twisted.mail.pop3.client;
