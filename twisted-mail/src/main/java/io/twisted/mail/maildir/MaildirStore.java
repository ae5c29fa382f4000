package io.twisted.mail.maildir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

/**
 * The mailboxes of one mail domain: user {@code alice}'s Maildir is {@code ROOT/alice/} (as
 * Twisted's {@code MaildirDirdbmDomain}). User names are folded to lower case (RFC 5321 section
 * 2.4 lets a server treat local parts case-insensitively) and must be safe as one path component.
 */
public final class MaildirStore {

    /** Longest user name accepted, in characters. */
    public static final int MAX_USER_LENGTH = 64;

    private final Path root;
    private final MaildirNames names;
    private final MaildirEvents events = new MaildirEvents();

    /**
     * A store keeping each user's Maildir under {@code root}. Its Maildirs share one
     * {@link MaildirEvents}, so a delivery wakes the IMAP sessions watching the mailbox.
     */
    public MaildirStore(Path root, MaildirNames names) {
        this.root = Objects.requireNonNull(root, "root");
        this.names = Objects.requireNonNull(names, "names");
    }

    /** The directory holding the users' Maildirs. */
    public Path root() {
        return root;
    }

    /**
     * Opens (creating if needed) {@code user}'s Maildir.
     *
     * @throws IllegalArgumentException if the name is not a safe user name
     */
    public Maildir mailbox(String user) throws IOException {
        return Maildir.open(root.resolve(normalize(user)), names, events);
    }

    /**
     * The canonical form of {@code user}: lower case.
     *
     * @throws IllegalArgumentException if empty, longer than {@value #MAX_USER_LENGTH}, starting
     *     with a dot, or holding {@code /}, {@code \}, a control character or a space
     */
    public static String normalize(String user) {
        Objects.requireNonNull(user, "user");
        if (user.isEmpty() || user.length() > MAX_USER_LENGTH || user.startsWith(".")
                || user.chars().anyMatch(c -> c <= 0x20 || c == 0x7f || c == '/' || c == '\\')) {
            throw new IllegalArgumentException("bad mailbox user name: " + user);
        }
        return user.toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return "MaildirStore[" + root + "]";
    }
}
