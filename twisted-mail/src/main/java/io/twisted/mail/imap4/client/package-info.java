/**
 * An IMAP4rev1 client: {@link io.twisted.mail.imap4.client.ImapClientProtocol}, a
 * {@link io.twisted.protocols.basic.LineReceiver} whose commands return Deferreds, with one
 * response parser ({@link io.twisted.mail.imap4.client.ImapResponseParser}: atoms, quoted strings,
 * binary-safe literals, parenthesised lists, NIL) and untagged data delivered to an
 * {@link io.twisted.mail.imap4.client.ImapUntaggedListener} (so IDLE, RFC 2177, works).
 *
 * <p>One command is on the wire at a time: commands issued while one is outstanding are queued,
 * so the untagged data of SELECT, FETCH, SEARCH and EXPUNGE are attributed to their command
 * without ambiguity. Literals the client sends (APPEND, and strings that cannot be quoted) are
 * synchronising: the client waits for the server's {@code +} (no LITERAL+, RFC 7888).
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc3501">RFC 3501</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc2177">RFC 2177 (IDLE)</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc4616">RFC 4616 (SASL PLAIN)</a>
 */
package io.twisted.mail.imap4.client;
