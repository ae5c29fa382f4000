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
}
