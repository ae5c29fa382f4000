package io.twisted.mail.imap4.client;

import java.util.List;

/**
 * One {@code * LIST} line (RFC 3501 section 7.2.2).
 *
 * @param attributes name attributes such as {@code \Noselect}
 * @param delimiter the hierarchy delimiter, or null (NIL: flat)
 * @param name the mailbox name (modified UTF-7 as sent, not decoded)
 */
public record ImapListEntry(List<String> attributes, String delimiter, String name) {
}
