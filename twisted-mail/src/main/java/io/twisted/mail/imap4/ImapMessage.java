package io.twisted.mail.imap4;

import java.time.Instant;
import java.util.Set;

/**
 * One message of an {@link ImapFolder} as IMAP sees it.
 *
 * @param uid its UID (RFC 3501 section 2.3.1.1), stable while the folder's UIDVALIDITY is
 * @param flags its flags ({@code \Seen}, {@code \Answered}, {@code \Flagged}, {@code \Deleted},
 *     {@code \Draft}) and keywords; never {@code \Recent}, which is a property of a session
 * @param size its size in octets (RFC822.SIZE)
 * @param internalDate when it was delivered (INTERNALDATE)
 * @param key the folder's own handle on the message
 * @param isNew whether no session has claimed it yet (a Maildir message still in {@code new/}):
 *     the first read-write session that sees it claims it with {@link ImapFolder#claimRecent}
 *     and it is \Recent for that session only (RFC 3501 section 2.3.2); STATUS RECENT counts
 *     these
 */
public record ImapMessage(long uid, Set<String> flags, long size, Instant internalDate, Object key, boolean isNew) {
    public ImapMessage {
        flags = Set.copyOf(flags);
    }

    /** A message some session has already seen (not new). */
    public ImapMessage(long uid, Set<String> flags, long size, Instant internalDate, Object key) {
        this(uid, flags, size, internalDate, key, false);
    }
}
