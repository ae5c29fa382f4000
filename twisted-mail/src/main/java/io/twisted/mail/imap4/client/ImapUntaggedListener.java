package io.twisted.mail.imap4.client;

import java.util.Map;

/**
 * Receives untagged server data as it arrives, during any command and while idling (RFC 3501
 * section 7; RFC 2177 IDLE). Called on the reactor thread. Every method has an empty default, so
 * a listener implements only what it needs.
 */
public interface ImapUntaggedListener {

    /** {@code * n EXISTS}: the mailbox now holds {@code count} messages. */
    default void exists(long count) {
    }

    /** {@code * n RECENT}. */
    default void recent(long count) {
    }

    /** {@code * n EXPUNGE}: message {@code sequenceNumber} is gone; later numbers shift down by one. */
    default void expunged(long sequenceNumber) {
    }

    /** {@code * n FETCH (...)}: items of message {@code sequenceNumber}, as {@link ImapClientProtocol#fetch} returns them. */
    default void fetched(long sequenceNumber, Map<String, Object> items) {
    }

    /** Every untagged response, including the ones above, before the specific method. */
    default void untagged(ImapResponse response) {
    }
}
