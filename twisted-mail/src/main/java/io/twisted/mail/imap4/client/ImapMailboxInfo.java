package io.twisted.mail.imap4.client;

import java.util.List;

/**
 * What SELECT or EXAMINE reported (RFC 3501 section 6.3.1).
 *
 * @param exists messages in the mailbox
 * @param recent messages with \Recent
 * @param uidValidity the UIDVALIDITY value, or -1 if the server sent none
 * @param uidNext the predicted next UID, or -1
 * @param flags the flags defined in the mailbox
 * @param permanentFlags the flags the client can change permanently (null if not sent)
 * @param readOnly whether the server answered {@code [READ-ONLY]}
 */
public record ImapMailboxInfo(long exists, long recent, long uidValidity, long uidNext, List<String> flags,
        List<String> permanentFlags, boolean readOnly) {
}
