package io.twisted.mail.maildir;

import java.util.EnumSet;
import java.util.Set;

/**
 * The flags a Maildir message name carries after {@code :2,} (one letter each, in ASCII order).
 * Unknown letters are kept by {@link MaildirMessage} as they are but not modelled here.
 */
public enum MaildirFlag {
    /** {@code D}: a draft. */
    DRAFT('D'),
    /** {@code F}: flagged for urgent attention. */
    FLAGGED('F'),
    /** {@code P}: passed (resent, forwarded, bounced). */
    PASSED('P'),
    /** {@code R}: replied to. */
    REPLIED('R'),
    /** {@code S}: seen. */
    SEEN('S'),
    /** {@code T}: trashed (to be deleted soon). */
    TRASHED('T');

    private final char letter;

    MaildirFlag(char letter) {
        this.letter = letter;
    }

    /** The flag's letter in the info suffix. */
    public char letter() {
        return letter;
    }

    /** The flag for {@code letter}, or {@code null} if it is not one of the six standard flags. */
    public static MaildirFlag fromLetter(char letter) {
        for (MaildirFlag f : values()) {
            if (f.letter == letter) {
                return f;
            }
        }
        return null;
    }

    /** The info suffix's flag letters for {@code flags}, in ASCII order as the spec requires. */
    public static String letters(Set<MaildirFlag> flags) {
        StringBuilder sb = new StringBuilder();
        for (MaildirFlag f : EnumSet.copyOf(flags.isEmpty() ? EnumSet.noneOf(MaildirFlag.class) : flags)) {
            sb.append(f.letter);
        }
        return sb.toString();
    }
}
