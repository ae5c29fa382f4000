/**
 * ESMTP (RFC 5321) server in three layers: wire values ({@link io.twisted.mail.smtp.SmtpReply},
 * {@link io.twisted.mail.smtp.MailAddress}, {@link io.twisted.mail.smtp.DotUnstuffer}), the
 * per-connection state machine {@link io.twisted.mail.smtp.SmtpServerProtocol}, and the delivery
 * SPI users implement ({@link io.twisted.mail.smtp.MessageDelivery},
 * {@link io.twisted.mail.smtp.MessageReceiver}, as Twisted's {@code IMessageDelivery} and
 * {@code IMessage}). The client ({@code sendmail}) is in {@link io.twisted.mail.smtp.client}; the
 * outbound queue with MX lookup, retries and bounces in {@link io.twisted.mail.relay}.
 *
 * <p>Extensions: SIZE (RFC 1870), 8BITMIME (RFC 6152), PIPELINING (RFC 2920), ENHANCEDSTATUSCODES
 * (RFC 2034, codes from RFC 3463), STARTTLS (RFC 3207), AUTH PLAIN/LOGIN/CRAM-MD5 (RFC 4954, 4616,
 * 2195) through a cred {@link io.twisted.cred.Portal}.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc5321">RFC 5321</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc1870">RFC 1870</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc2920">RFC 2920</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc3207">RFC 3207</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc4954">RFC 4954</a>
 */
package io.twisted.mail.smtp;
