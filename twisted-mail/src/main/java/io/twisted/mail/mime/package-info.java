/**
 * A tolerant MIME parser for mail stores (RFC 5322, RFC 2045, RFC 2046): {@link io.twisted.mail.mime.MimeParser}
 * turns a message's bytes into a tree of {@link io.twisted.mail.mime.MimePart}s with byte offsets
 * into the message, and {@link io.twisted.mail.mime.AddressParser} reads address lists (with
 * groups) the way IMAP's ENVELOPE needs them. Malformed input never throws: a missing closing
 * boundary ends the part at its parent's end, header lines without a colon are skipped, and
 * every structure that grows from input (header size, field length, field count, nesting depth,
 * part count) has a limit in {@link io.twisted.mail.mime.MimeParser.Limits}. The tree keeps
 * header values and parameters as written (encoded words and RFC 2231 sections untouched), as
 * IMAP's ENVELOPE and BODYSTRUCTURE want them; decoded forms are separate helpers:
 * {@link io.twisted.mail.mime.MimeParameters} merges RFC 2231 continuations and decodes their
 * charset ({@link io.twisted.mail.mime.MimePart#parameter(String)},
 * {@link io.twisted.mail.mime.MimePart#filename()}), {@link io.twisted.mail.mime.EncodedWords}
 * decodes RFC 2047 encoded words, and {@link io.twisted.mail.mime.TransferDecoding} undoes base64
 * and quoted-printable (IMAP SEARCH uses them to match decoded text).
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc2045">RFC 2045</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc2046">RFC 2046</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc2047">RFC 2047</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc2231">RFC 2231</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc5322">RFC 5322</a>
 */
package io.twisted.mail.mime;
