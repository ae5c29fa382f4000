package io.twisted.mail.imap4;

import java.io.IOException;
import java.util.List;

/**
 * A user's mail store as IMAP sees it: the avatar a cred realm returns for
 * {@code ImapMailbox.class}. Folder names use {@code .} as hierarchy delimiter; {@code INBOX} is
 * always there (and matched case-insensitively, RFC 3501 section 5.1).
 */
public interface ImapMailbox {

    /** The folder names, {@code INBOX} first. */
    List<String> folders() throws IOException;

    /**
     * Opens the folder {@code name}.
     *
     * @throws IllegalArgumentException if there is no such folder
     */
    ImapFolder open(String name) throws IOException;

    /**
     * Creates the folder {@code name} (CREATE).
     *
     * @throws IllegalArgumentException if the name is not acceptable or the folder exists
     */
    void create(String name) throws IOException;

    /**
     * Deletes the folder {@code name} and its messages (DELETE, RFC 3501 section 6.3.4); its
     * subfolders stay. The default refuses.
     *
     * @throws IllegalArgumentException if there is no such folder, or it is INBOX
     */
    default void delete(String name) throws IOException {
        throw new IllegalArgumentException("DELETE is not supported by this store");
    }

    /**
     * Renames the folder {@code from} and its subfolders to {@code to} (RENAME, RFC 3501 section
     * 6.3.5). Renaming INBOX moves its messages into a new folder {@code to} and leaves INBOX
     * empty. The default refuses.
     *
     * @throws IllegalArgumentException if {@code from} does not exist or {@code to} does
     */
    default void rename(String from, String to) throws IOException {
        throw new IllegalArgumentException("RENAME is not supported by this store");
    }

    /**
     * The subscribed mailbox names (LSUB, RFC 3501 section 6.3.9), which may name folders that
     * no longer exist. The default: every folder, subscriptions not being kept.
     */
    default List<String> subscriptions() throws IOException {
        return folders();
    }

    /** Adds {@code name} to the subscriptions (SUBSCRIBE). The default does nothing. */
    default void subscribe(String name) throws IOException {
    }

    /** Removes {@code name} from the subscriptions (UNSUBSCRIBE). The default does nothing. */
    default void unsubscribe(String name) throws IOException {
    }
}
