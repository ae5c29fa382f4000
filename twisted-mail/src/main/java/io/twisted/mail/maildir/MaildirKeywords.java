package io.twisted.mail.maildir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The IMAP keywords of a {@link Maildir}, in Dovecot's scheme: the file {@code dovecot-keywords}
 * maps up to {@value #MAX_KEYWORDS} keywords to the letters {@code a}-{@code z}, one line
 * {@code <index> <keyword>} each (index 0 is {@code a}), and a message carries a keyword as that
 * lower-case letter in its {@code :2,} info suffix. Dovecot reads the same files, so a Maildir
 * can move between the two servers.
 *
 * <p>Keywords are matched without regard to case (the first spelling is kept). A Maildir holds
 * at most {@value #MAX_KEYWORDS} keywords: {@link #letterFor(String, boolean)} answers
 * {@code 0} beyond that (the IMAP server then refuses the STORE). Keywords are never removed
 * from the file. Lines that do not parse are ignored. The file is rewritten through a temporary
 * file and an atomic rename; one server process owns it (as {@link MaildirUidList}).
 */
public final class MaildirKeywords {

    /** The file name inside the Maildir. */
    public static final String FILE_NAME = "dovecot-keywords";
    /** Most keywords a Maildir can hold: one per letter {@code a}-{@code z}. */
    public static final int MAX_KEYWORDS = 26;
    /** Longest keyword kept, in characters. */
    public static final int MAX_KEYWORD_LENGTH = 200;

    private final Path file;
    private final String[] names = new String[MAX_KEYWORDS];

    private MaildirKeywords(Path file) {
        this.file = file;
    }

    /** Reads the keywords of {@code maildir} (none if it has no file yet). */
    public static MaildirKeywords load(Maildir maildir) throws IOException {
        MaildirKeywords k = new MaildirKeywords(maildir.root().resolve(FILE_NAME));
        List<String> lines;
        try {
            lines = Files.readAllLines(k.file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return k;
        }
        for (String line : lines) {
            int sp = line.indexOf(' ');
            if (sp <= 0 || sp > 2) {
                continue;
            }
            try {
                int i = Integer.parseInt(line.substring(0, sp));
                String name = line.substring(sp + 1);
                if (i >= 0 && i < MAX_KEYWORDS && valid(name) && k.indexOf(name) < 0) {
                    k.names[i] = name;
                }
            } catch (NumberFormatException ignored) {
                // skip the line
            }
        }
        return k;
    }

    /** Whether {@code name} can be a keyword here: 1 to 200 printable ASCII characters, no space. */
    static boolean valid(String name) {
        return !name.isEmpty() && name.length() <= MAX_KEYWORD_LENGTH && name.chars().allMatch(c -> c > 0x20 && c < 0x7f);
    }

    /** The keywords, in letter order. */
    public List<String> keywords() {
        List<String> out = new ArrayList<>();
        for (String n : names) {
            if (n != null) {
                out.add(n);
            }
        }
        return out;
    }

    /** The keyword {@code letter} stands for, or {@code null}. */
    public String keyword(char letter) {
        return letter >= 'a' && letter <= 'z' ? names[letter - 'a'] : null;
    }

    /**
     * The letter of {@code keyword}; if it has none and {@code create}, gives it the first free
     * letter and saves the file.
     *
     * @return the letter, or {@code 0} if the keyword has none (not created, all
     *     {@value #MAX_KEYWORDS} letters taken, or not a valid keyword)
     */
    public char letterFor(String keyword, boolean create) throws IOException {
        int i = indexOf(keyword);
        if (i >= 0) {
            return (char) ('a' + i);
        }
        if (!create || !valid(keyword)) {
            return 0;
        }
        int free = Arrays.asList(names).indexOf(null);
        if (free < 0) {
            return 0;
        }
        names[free] = keyword;
        save();
        return (char) ('a' + free);
    }

    /** How many keywords could still be created. */
    public int free() {
        return (int) Arrays.stream(names).filter(n -> n == null).count();
    }

    private int indexOf(String keyword) {
        String k = keyword.toLowerCase(Locale.ROOT);
        for (int i = 0; i < MAX_KEYWORDS; i++) {
            if (names[i] != null && names[i].toLowerCase(Locale.ROOT).equals(k)) {
                return i;
            }
        }
        return -1;
    }

    private void save() throws IOException {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < MAX_KEYWORDS; i++) {
            if (names[i] != null) {
                lines.add(i + " " + names[i]);
            }
        }
        Path tmp = file.resolveSibling(FILE_NAME + ".tmp");
        Files.write(tmp, lines, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
