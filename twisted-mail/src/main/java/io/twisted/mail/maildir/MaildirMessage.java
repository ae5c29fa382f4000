package io.twisted.mail.maildir;

import java.nio.file.Path;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * One message file of a {@link Maildir}: where it is, its unique name (the part before the
 * {@code :2,} info suffix, stable for the message's life) and its flags.
 *
 * <p>A message in {@code new/} has no info suffix; one in {@code cur/} has {@code :2,} followed by
 * its flag letters. Flag letters that {@link MaildirFlag} does not know are dropped when the flags
 * are rewritten (documented deviation: the spec asks to keep them; few agents use any).
 */
public final class MaildirMessage {

    /** The separator between unique name and info on Unix file systems. */
    public static final String INFO_SEPARATOR = ":2,";

    private final Path path;
    private final String uniqueName;
    private final Set<MaildirFlag> flags;
    private final boolean isNew;

    MaildirMessage(Path path, String uniqueName, Set<MaildirFlag> flags, boolean isNew) {
        this.path = Objects.requireNonNull(path, "path");
        this.uniqueName = Objects.requireNonNull(uniqueName, "uniqueName");
        this.flags = Collections.unmodifiableSet(flags.isEmpty() ? EnumSet.noneOf(MaildirFlag.class) : EnumSet.copyOf(flags));
        this.isNew = isNew;
    }

    /** Parses the file name of {@code path} (in {@code new/} when {@code isNew}). */
    static MaildirMessage parse(Path path, boolean isNew) {
        String name = path.getFileName().toString();
        int info = name.indexOf(INFO_SEPARATOR);
        EnumSet<MaildirFlag> flags = EnumSet.noneOf(MaildirFlag.class);
        String unique = name;
        if (info >= 0) {
            unique = name.substring(0, info);
            for (char c : name.substring(info + INFO_SEPARATOR.length()).toCharArray()) {
                MaildirFlag f = MaildirFlag.fromLetter(c);
                if (f != null) {
                    flags.add(f);
                }
            }
        }
        return new MaildirMessage(path, unique, flags, isNew);
    }

    /** The file holding the message. */
    public Path path() {
        return path;
    }

    /** The unique name: the file name without the info suffix (a stable key, e.g. a POP3 UIDL). */
    public String uniqueName() {
        return uniqueName;
    }

    /** The flags from the info suffix (empty for a message in {@code new/}). */
    public Set<MaildirFlag> flags() {
        return flags;
    }

    /** Whether the message is in {@code new/} (not yet seen by any mail reader). */
    public boolean isNew() {
        return isNew;
    }

    /** The file name this message has in {@code cur/} with {@code flags}. */
    static String curName(String uniqueName, Set<MaildirFlag> flags) {
        return uniqueName + INFO_SEPARATOR + MaildirFlag.letters(flags);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MaildirMessage && ((MaildirMessage) o).path.equals(path);
    }

    @Override
    public int hashCode() {
        return path.hashCode();
    }

    @Override
    public String toString() {
        return "MaildirMessage[" + path.getFileName() + "]";
    }
}
