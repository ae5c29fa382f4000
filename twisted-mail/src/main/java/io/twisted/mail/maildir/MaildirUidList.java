package io.twisted.mail.maildir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Persistent IMAP UIDs for a {@link Maildir} (as Dovecot's {@code dovecot-uidlist}): the file
 * {@code twisted-uidlist} holds a header {@code 1 V<uidvalidity> N<uidnext>} and one line
 * {@code <uid> <unique name>} per message. {@link #update} gives each message not yet listed the
 * next UID, drops messages that are gone, and rewrites the file (through a temporary file and a
 * rename) when something changed. UIDVALIDITY is set when the file is first made (from the
 * given time) and never changes afterwards, so clients keep their caches across restarts.
 *
 * <p>Lines that do not parse are ignored; a file that cannot be read at all starts a new list
 * with a new UIDVALIDITY (clients then resynchronise, as RFC 3501 section 2.3.1.1 intends).
 * Not safe for several processes at once (one server process owns its Maildirs); callers in one
 * process serialise calls (the reactor thread does).
 */
public final class MaildirUidList {

    /** The file name inside the Maildir. */
    public static final String FILE_NAME = "twisted-uidlist";

    private final Path file;
    private long uidValidity;
    private long uidNext = 1;
    private final Map<String, Long> uids = new LinkedHashMap<>();

    private MaildirUidList(Path file) {
        this.file = file;
    }

    /**
     * Loads the list of {@code maildir}, or starts one with UIDVALIDITY {@code newValidity}
     * (seconds since the epoch are customary) if there is none.
     */
    public static MaildirUidList load(Maildir maildir, long newValidity) throws IOException {
        MaildirUidList list = new MaildirUidList(maildir.root().resolve(FILE_NAME));
        List<String> lines;
        try {
            lines = Files.readAllLines(list.file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            lines = List.of();
        }
        boolean headerOk = false;
        if (!lines.isEmpty()) {
            String[] h = lines.get(0).split(" ");
            if (h.length == 3 && h[0].equals("1") && h[1].startsWith("V") && h[2].startsWith("N")) {
                try {
                    list.uidValidity = Long.parseLong(h[1].substring(1));
                    list.uidNext = Long.parseLong(h[2].substring(1));
                    headerOk = list.uidValidity > 0 && list.uidNext > 0;
                } catch (NumberFormatException ignored) {
                    headerOk = false;
                }
            }
        }
        if (!headerOk) {
            list.uidValidity = Math.max(1, newValidity);
            list.uidNext = 1;
            list.save();
            return list;
        }
        for (String line : lines.subList(1, lines.size())) {
            int sp = line.indexOf(' ');
            if (sp <= 0) {
                continue;
            }
            try {
                long uid = Long.parseLong(line.substring(0, sp));
                if (uid > 0 && uid < list.uidNext) {
                    list.uids.put(line.substring(sp + 1), uid);
                }
            } catch (NumberFormatException ignored) {
                // skip the line
            }
        }
        return list;
    }

    public long uidValidity() {
        return uidValidity;
    }

    /** The UID the next new message will get. */
    public long uidNext() {
        return uidNext;
    }

    /** The UID of {@code uniqueName}, or 0 if it has none. */
    public long uid(String uniqueName) {
        return uids.getOrDefault(uniqueName, 0L);
    }

    /**
     * Makes the list match {@code present} (the unique names now in the Maildir, oldest first):
     * new names get UIDs in order, missing ones are forgotten; saves if anything changed.
     */
    public void update(Collection<String> present) throws IOException {
        boolean changed = false;
        Set<String> now = new HashSet<>(present);
        if (uids.keySet().retainAll(now)) {
            changed = true;
        }
        for (String name : present) {
            if (!uids.containsKey(name)) {
                uids.put(name, uidNext++);
                changed = true;
            }
        }
        if (changed) {
            save();
        }
    }

    private void save() throws IOException {
        List<String> lines = new ArrayList<>(uids.size() + 1);
        lines.add("1 V" + uidValidity + " N" + uidNext);
        for (Map.Entry<String, Long> e : uids.entrySet()) {
            lines.add(e.getValue() + " " + e.getKey());
        }
        Path tmp = file.resolveSibling(FILE_NAME + ".tmp");
        Files.write(tmp, lines, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
