/**
 * A small IMAP4rev1 server (RFC 3501): {@link io.twisted.mail.imap4.ImapServerProtocol} over the
 * {@link io.twisted.mail.imap4.ImapMailbox} a cred realm returns, with the command parser
 * {@link io.twisted.mail.imap4.ImapCommandParser} as its wire layer.
 *
 * <p>Implemented: CAPABILITY, NOOP, LOGOUT, STARTTLS (RFC 3501 section 6.2.1), LOGIN,
 * AUTHENTICATE PLAIN, SELECT, EXAMINE, CREATE, APPEND, NAMESPACE (RFC 2342), MOVE (RFC 6851),
 * LIST, LSUB, STATUS, CHECK, CLOSE, UNSELECT (RFC 3691), ID (RFC 2971), EXPUNGE, SEARCH (every
 * key of section 6.4.4), FETCH, STORE, COPY and their UID forms, IDLE (RFC 2177, woken at once by changes made
 * through this server), literals and LITERAL+ (RFC 7888), SUBSCRIBE/UNSUBSCRIBE (kept by the
 * store), LIST/LSUB with the child attributes of RFC 3348 (CHILDREN), keywords and {@code \Recent} (see
 * {@link io.twisted.mail.imap4.ImapServerProtocol}). DELETE and RENAME (of a store that supports them, see
 * {@link io.twisted.mail.imap4.ImapMailbox}), UIDPLUS (RFC 4315: APPENDUID, COPYUID, also on
 * MOVE, and UID EXPUNGE). ENVELOPE, BODY and BODYSTRUCTURE come from the MIME parser of
 * {@link io.twisted.mail.mime}.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc3501">RFC 3501</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc2177">RFC 2177</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc4315">RFC 4315</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc3348">RFC 3348</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc5530">RFC 5530</a>
 */
package io.twisted.mail.imap4;
