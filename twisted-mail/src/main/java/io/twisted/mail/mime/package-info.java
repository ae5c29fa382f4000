/**
 * A tolerant MIME parser for mail stores (RFC 5322, RFC 2045, RFC 2046): {@link io.twisted.mail.mime.MimeParser}
 * turns a message's bytes into a tree of {@link io.twisted.mail.mime.MimePart}s with byte offsets
 * into the message, and {@link io.twisted.mail.mime.AddressParser} reads address lists (with
 * groups) the way IMAP's ENVELOPE needs them. Malformed input never throws: a missing closing
 * boundary ends the part at its parent's end, header lines without a colon are skipped, and
 * every structure that grows from input (header size, field length, field count, nesting depth,
 * part count) has a limit in {@link io.twisted.mail.mime.MimeParser.Limits}. Encoded words
 * (RFC 2047) are left encoded, as IMAP wants them.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc2045">RFC 2045</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc2046">RFC 2046</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc5322">RFC 5322</a>
 */
package io.twisted.mail.mime;
