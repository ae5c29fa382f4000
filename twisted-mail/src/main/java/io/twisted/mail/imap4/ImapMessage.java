package io.twisted.mail.imap4;

import java.time.Instant;
import java.util.Set;

/**
 * One message of an {@link ImapFolder} as IMAP sees it.
 *
 * @param uid its UID (RFC 3501 section 2.3.1.1), stable while the folder's UIDVALIDITY is
 * @param flags its flags ({@code \Seen}, {@code \Answered}, {@code \Flagged}, {@code \Deleted},
 *     {@code \Draft})
 * @param size its size in octets (RFC822.SIZE)
 * @param internalDate when it was delivered (INTERNALDATE)
 * @param key the folder's own handle on the message
 */
public record ImapMessage(long uid, Set<String> flags, long size, Instant internalDate, Object key) {
    public ImapMessage {
        flags = Set.copyOf(flags);
    }
}
