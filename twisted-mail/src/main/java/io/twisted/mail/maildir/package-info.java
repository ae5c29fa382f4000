/**
 * Maildir storage (D. J. Bernstein's Maildir, with Courier's Maildir++ folders): delivery through
 * {@code tmp/} and an atomic rename into {@code new/} once the data is forced to disk, unique file
 * names, flags in the {@code :2,} info suffix (keywords as the lower-case letters of Dovecot's
 * {@code dovecot-keywords} scheme, {@link io.twisted.mail.maildir.MaildirKeywords}), claiming a
 * message from {@code new/} for an IMAP session's {@code \Recent}, change events that wake IDLE
 * sessions ({@link io.twisted.mail.maildir.MaildirEvents}), and a per-user store of mailboxes.
 *
 * <p>The classes here do blocking file I/O; they are meant to be used on the reactor thread for
 * small operations (a rename, a directory listing) as Twisted's maildir code is, and their costly
 * step, {@link io.twisted.mail.maildir.MaildirDelivery#commit()} (an fsync), is documented as such.
 *
 * @see <a href="https://cr.yp.to/proto/maildir.html">Using maildir format</a>
 * @see <a href="http://www.courier-mta.org/imap/README.maildirquota.html">Maildir++</a>
 */
package io.twisted.mail.maildir;
