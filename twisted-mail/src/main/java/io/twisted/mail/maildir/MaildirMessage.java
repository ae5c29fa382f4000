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
 * its flag letters. Letters that {@link MaildirFlag} does not know are kept as they are
 * ({@link #otherLetters()}) and written back when the flags change, as the spec asks; the
 * lower-case ones are keywords in Dovecot's scheme ({@link MaildirKeywords}).
 */
public final class MaildirMessage {

    /** The separator between unique name and info on Unix file systems. */
    public static final String INFO_SEPARATOR = ":2,";

    private final Path path;
    private final String uniqueName;
    private final Set<MaildirFlag> flags;
    private final boolean isNew;
    private final String otherLetters;

    MaildirMessage(Path path, String uniqueName, Set<MaildirFlag> flags, boolean isNew) {
        this(path, uniqueName, flags, "", isNew);
    }

    MaildirMessage(Path path, String uniqueName, Set<MaildirFlag> flags, String otherLetters, boolean isNew) {
        this.path = Objects.requireNonNull(path, "path");
        this.uniqueName = Objects.requireNonNull(uniqueName, "uniqueName");
        this.flags = Collections.unmodifiableSet(flags.isEmpty() ? EnumSet.noneOf(MaildirFlag.class) : EnumSet.copyOf(flags));
        this.otherLetters = sortedLetters(otherLetters);
        this.isNew = isNew;
    }

    /** {@code letters} without duplicates, in ASCII order, keeping only printable ASCII other than {@code /} and {@code :}. */
    static String sortedLetters(String letters) {
        return letters.chars().filter(c -> c > 0x20 && c < 0x7f && c != '/' && c != ':').distinct().sorted()
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
    }

    /** Parses the file name of {@code path} (in {@code new/} when {@code isNew}). */
    static MaildirMessage parse(Path path, boolean isNew) {
        String name = path.getFileName().toString();
        int info = name.indexOf(INFO_SEPARATOR);
        EnumSet<MaildirFlag> flags = EnumSet.noneOf(MaildirFlag.class);
        String unique = name;
        StringBuilder other = new StringBuilder();
        if (info >= 0) {
            unique = name.substring(0, info);
            for (char c : name.substring(info + INFO_SEPARATOR.length()).toCharArray()) {
                MaildirFlag f = MaildirFlag.fromLetter(c);
                if (f != null) {
                    flags.add(f);
                } else {
                    other.append(c);
                }
            }
        }
        return new MaildirMessage(path, unique, flags, other.toString(), isNew);
    }

    /**
     * The message's size with bare LFs counted as CRLF (what IMAP and POP3 send): from Dovecot's
     * {@code ,W=} field of the unique name when there is one, else by reading the file (0 if it
     * is gone).
     */
    public long wireSize() throws java.io.IOException {
        int w = uniqueName.indexOf(",W=");
        if (w >= 0) {
            int end = w + 3;
            while (end < uniqueName.length() && end - w < 21 && Character.isDigit(uniqueName.charAt(end))) {
                end++;
            }
            if (end > w + 3 && end - w < 21) {
                return Long.parseLong(uniqueName.substring(w + 3, end));
            }
        }
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(path)) {
            return CrlfLines.crlfSize(in);
        } catch (java.nio.file.NoSuchFileException e) {
            return 0;
        }
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

    /**
     * The info letters {@link MaildirFlag} does not know, in ASCII order: the keyword letters
     * {@code a}-{@code z} of {@link MaildirKeywords} and any other agent's letters.
     */
    public String otherLetters() {
        return otherLetters;
    }

    /** The keyword letters ({@code a}-{@code z}) among {@link #otherLetters()}. */
    public String keywordLetters() {
        return otherLetters.chars().filter(c -> c >= 'a' && c <= 'z')
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
    }

    /** Whether the message is in {@code new/} (not yet seen by any mail reader). */
    public boolean isNew() {
        return isNew;
    }

    /** The file name this message has in {@code cur/} with {@code flags}. */
    static String curName(String uniqueName, Set<MaildirFlag> flags, String otherLetters) {
        return uniqueName + INFO_SEPARATOR + sortedLetters(MaildirFlag.letters(flags) + otherLetters);
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
