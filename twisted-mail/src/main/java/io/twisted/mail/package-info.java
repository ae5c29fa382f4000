/**
 * Twisted's mail suite: Maildir storage ({@link io.twisted.mail.maildir}), an ESMTP server and
 * client ({@link io.twisted.mail.smtp}), a POP3 server ({@link io.twisted.mail.pop3}), an
 * IMAP4rev1 server ({@link io.twisted.mail.imap4}) and the {@code twist mail} plugin
 * ({@link io.twisted.mail.MailServiceMaker}), with the glue between them here: Maildir-backed
 * delivery ({@link io.twisted.mail.LocalDelivery}, {@link io.twisted.mail.RelayPolicy}),
 * mailboxes ({@link io.twisted.mail.MaildirPop3Mailbox}, {@link io.twisted.mail.MaildirImapMailbox})
 * and the cred realm ({@link io.twisted.mail.MailRealm}).
 *
 * <p>Layers: wire codecs (reply and command values, no I/O), one protocol state machine per
 * connection over a {@code Transport}, and small interfaces users implement
 * ({@link io.twisted.mail.smtp.MessageDelivery}, {@link io.twisted.mail.pop3.Pop3Mailbox}).
 * The module depends on twisted-core only.
 */
package io.twisted.mail;
