/**
 * An ESMTP client that sends one message per connection (Twisted's {@code ESMTPSender} and
 * {@code sendmail}): {@link io.twisted.mail.smtp.client.SmtpClient#sendmail}. Layers: wire
 * ({@link io.twisted.mail.smtp.client.SmtpReplyDecoder}, the one reply parser, and
 * {@link io.twisted.mail.smtp.client.DotStuffer}), the per-connection state machine
 * {@link io.twisted.mail.smtp.client.SmtpClientProtocol} on
 * {@link io.twisted.protocols.basic.LineReceiver}, and the API (options, results, exceptions,
 * {@link io.twisted.mail.smtp.client.BodyProducer} for streamed messages). Reply values
 * ({@link io.twisted.mail.smtp.SmtpReply}) and addresses ({@link io.twisted.mail.smtp.MailAddress})
 * are shared with the server.
 *
 * <p>Extensions used: EHLO with HELO fallback (RFC 5321 section 4.1.4), STARTTLS (RFC 3207)
 * opportunistic (RFC 7435: not verified, {@link io.twisted.mail.smtp.client.OpportunisticTlsOptions},
 * clear fallback after a failed handshake) or required (verified chain and host name), AUTH CRAM-MD5/PLAIN/LOGIN (RFC 4954, 2195, 4616), SIZE (RFC 1870),
 * PIPELINING of MAIL and RCPT (RFC 2920), enhanced status codes in replies (RFC 2034/3463).
 * Deviation: a bare LF in a message is sent as CRLF (RFC 5321 section 2.3.8 forbids bare LF).
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc5321">RFC 5321</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc3207">RFC 3207</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7435">RFC 7435</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc4954">RFC 4954</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc2920">RFC 2920</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc1870">RFC 1870</a>
 */
package io.twisted.mail.smtp.client;
