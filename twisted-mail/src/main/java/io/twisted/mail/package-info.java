/**
 * Twisted's mail suite: Maildir storage ({@link io.twisted.mail.maildir}), an ESMTP server
 * ({@link io.twisted.mail.smtp}), a POP3 server ({@link io.twisted.mail.pop3}), a small IMAP4rev1
 * server ({@link io.twisted.mail.imap4}) and the {@code twist mail} plugin
 * ({@link io.twisted.mail.MailServiceMaker}).
 *
 * <p>Layers: wire codecs (reply and command values, no I/O), one protocol state machine per
 * connection over a {@code Transport}, and small interfaces users implement
 * ({@link io.twisted.mail.smtp.MessageDelivery}, {@link io.twisted.mail.pop3.Pop3Mailbox}).
 * The module depends on twisted-core only.
 */
package io.twisted.mail;
