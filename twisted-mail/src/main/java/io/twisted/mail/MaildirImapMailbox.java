package io.twisted.mail;

import io.twisted.mail.imap4.ImapFolder;
import io.twisted.mail.imap4.ImapMailbox;
import io.twisted.mail.imap4.ImapMessage;
import io.twisted.mail.maildir.Maildir;
import io.twisted.mail.maildir.MaildirFlag;
import io.twisted.mail.maildir.MaildirKeywords;
import io.twisted.mail.maildir.MaildirMessage;
import io.twisted.mail.maildir.MaildirUidList;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A user's {@link Maildir} as an IMAP store: {@code INBOX} is the Maildir itself, other folders
 * are its Maildir++ folders; UIDs persist in each folder's {@link MaildirUidList}. IMAP system
 * flags map to Maildir flags ({@code \Seen} S, {@code \Answered} R, {@code \Flagged} F,
 * {@code \Deleted} T, {@code \Draft} D); keywords are kept in Dovecot's scheme
 * ({@link MaildirKeywords}: at most 26 per folder, as the letters a-z). {@code \Recent} is the
 * Maildir way (as Dovecot and Courier do): a message in {@code new/} is new, and the session
 * that claims it ({@link ImapFolder#claimRecent}) moves it to {@code cur/}; a message copied or
 * appended with flags goes straight to {@code cur/} and so is \Recent for no session (a
 * documented deviation from the SHOULD of RFC 3501 sections 6.4.7 and 6.3.11), except for the
 * session that appended it to its selected mailbox. Subscriptions are
 * kept in the file {@value #SUBSCRIPTIONS} of the Maildir, the file Dovecot and Courier-style
 * Maildir++ servers use: one UTF-8 name per line (Dovecot's version 2 form, a {@code V<tab>2}
 * header with tabs between hierarchy levels, is read too; it is written back in the plain form,
 * which Dovecot also reads). Changes
 * made through a folder are told to the Maildir's {@link io.twisted.mail.maildir.MaildirEvents},
 * which {@link ImapFolder#watch} listens to. INTERNALDATE is the delivery time in the file name
 * (for APPEND with a date-time, that date).
 * CREATE makes missing parents too (RFC 3501 section 6.3.3). DELETE
 * removes the folder's directory (its subfolders, separate Maildir++ directories, stay); RENAME
 * moves the directories of the folder and its subfolders, keeping their UID lists. A folder
 * deleted and created again gets a new UIDVALIDITY from the clock's current second (RFC 3501
 * section 2.3.1.1), so not within the same second.
 */
public final class MaildirImapMailbox implements ImapMailbox {

    /** The file of subscribed names, in the INBOX Maildir (as Dovecot names it). */
    public static final String SUBSCRIPTIONS = "subscriptions";
    /** Most subscriptions kept. */
    public static final int MAX_SUBSCRIPTIONS = 10_000;

    private static final Map<String, MaildirFlag> FLAGS = Map.of(
            "\\Seen", MaildirFlag.SEEN, "\\Answered", MaildirFlag.REPLIED, "\\Flagged", MaildirFlag.FLAGGED,
            "\\Deleted", MaildirFlag.TRASHED, "\\Draft", MaildirFlag.DRAFT);

    private final Maildir inbox;
    private final Clock clock;

    public MaildirImapMailbox(Maildir inbox, Clock clock) {
        this.inbox = inbox;
        this.clock = clock;
    }

    @Override
    public List<String> folders() throws IOException {
        List<String> out = new ArrayList<>();
        out.add("INBOX");
        out.addAll(inbox.folders());
        return out;
    }

    @Override
    public ImapFolder open(String name) throws IOException {
        if (name.equalsIgnoreCase("INBOX")) {
            return new Folder(inbox, clock);
        }
        if (!inbox.folders().contains(name)) {
            throw new IllegalArgumentException("no such folder: " + name);
        }
        return new Folder(inbox.folder(name), clock);
    }

    @Override
    public void create(String name) throws IOException {
        List<String> existing = inbox.folders();
        if (name.equalsIgnoreCase("INBOX") || existing.contains(name)) {
            throw new IllegalArgumentException("folder exists: " + name);
        }
        inbox.folder(name);
        createSuperiors(name, existing);
    }

    @Override
    public List<String> subscriptions() throws IOException {
        try {
            List<String> lines = Files.readAllLines(inbox.root().resolve(SUBSCRIPTIONS), java.nio.charset.StandardCharsets.UTF_8);
            boolean v2 = !lines.isEmpty() && lines.get(0).startsWith("V\t");
            return lines.stream().skip(v2 ? 1 : 0).filter(l -> !l.isEmpty()).map(l -> v2 ? l.replace('\t', '.') : l)
                    .distinct().limit(MAX_SUBSCRIPTIONS).toList();
        } catch (NoSuchFileException e) {
            return List.of();
        }
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException if the name holds a line break or
     *     {@value #MAX_SUBSCRIPTIONS} names are subscribed already
     */
    @Override
    public void subscribe(String name) throws IOException {
        if (name.isEmpty() || name.indexOf('\n') >= 0 || name.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("bad mailbox name");
        }
        String n = name.equalsIgnoreCase("INBOX") ? "INBOX" : name;
        List<String> now = new ArrayList<>(subscriptions());
        if (!now.contains(n)) {
            if (now.size() >= MAX_SUBSCRIPTIONS) {
                throw new IllegalArgumentException("too many subscriptions");
            }
            now.add(n);
            saveSubscriptions(now);
        }
    }

    @Override
    public void unsubscribe(String name) throws IOException {
        String n = name.equalsIgnoreCase("INBOX") ? "INBOX" : name;
        List<String> now = new ArrayList<>(subscriptions());
        if (now.remove(n)) {
            saveSubscriptions(now);
        }
    }

    private void saveSubscriptions(List<String> names) throws IOException {
        Path file = inbox.root().resolve(SUBSCRIPTIONS);
        Path tmp = file.resolveSibling(SUBSCRIPTIONS + ".tmp");
        Files.write(tmp, names, java.nio.charset.StandardCharsets.UTF_8);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    @Override
    public void delete(String name) throws IOException {
        if (name.equalsIgnoreCase("INBOX")) {
            throw new IllegalArgumentException("INBOX cannot be deleted");
        }
        if (!inbox.folders().contains(name)) {
            throw new IllegalArgumentException("no such folder: " + name);
        }
        Path dir = inbox.root().resolve("." + name);
        List<Path> paths;
        try (java.util.stream.Stream<Path> walk = Files.walk(dir)) {
            paths = walk.sorted(Comparator.reverseOrder()).toList();
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
        for (Path p : paths) {
            Files.deleteIfExists(p);
        }
    }

    @Override
    public void rename(String from, String to) throws IOException {
        List<String> existing = inbox.folders();
        if (to.equalsIgnoreCase("INBOX") || existing.contains(to)) {
            throw new IllegalArgumentException("folder exists: " + to);
        }
        if (from.equalsIgnoreCase("INBOX")) {
            Folder source = new Folder(inbox, clock);
            Folder target = new Folder(inbox.folder(to), clock);
            for (ImapMessage m : source.messages()) {
                source.copyTo(m, target);
                source.expunge(m);
            }
            createSuperiors(to, existing);
            return;
        }
        // A name that exists only as the parent of others (\Noselect) is renamed with them (RFC 3501 6.3.5).
        if (!existing.contains(from) && existing.stream().noneMatch(f -> f.startsWith(from + "."))) {
            throw new IllegalArgumentException("no such folder: " + from);
        }
        if (to.isEmpty() || to.length() > Maildir.MAX_FOLDER_NAME || to.contains("/") || to.startsWith(".") || to.endsWith(".")
                || to.contains("..") || to.chars().anyMatch(c -> c < 0x20 || c == 0x7f) || to.startsWith(from + ".")) {
            throw new IllegalArgumentException("bad Maildir++ folder name: " + to);
        }
        for (String f : existing) {
            if (f.equals(from) || f.startsWith(from + ".")) {
                Files.move(inbox.root().resolve("." + f), inbox.root().resolve("." + to + f.substring(from.length())),
                        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            }
        }
        createSuperiors(to, existing);
    }

    /** Creates the missing superiors of {@code name} (RFC 3501 sections 6.3.3 and 6.3.5). */
    private void createSuperiors(String name, List<String> existing) throws IOException {
        for (int dot = name.indexOf('.'); dot > 0; dot = name.indexOf('.', dot + 1)) {
            String parent = name.substring(0, dot);
            if (!existing.contains(parent) && !parent.equalsIgnoreCase("INBOX")) {
                inbox.folder(parent);
            }
        }
    }

    /** The IMAP flags of {@code m}: its system flags and the keywords its letters stand for. */
    static Set<String> imapFlags(MaildirMessage m, MaildirKeywords keywords) {
        Set<String> out = new HashSet<>();
        for (Map.Entry<String, MaildirFlag> e : FLAGS.entrySet()) {
            if (m.flags().contains(e.getValue())) {
                out.add(e.getKey());
            }
        }
        for (char c : m.keywordLetters().toCharArray()) {
            String k = keywords.keyword(c);
            if (k != null) {
                out.add(k);
            }
        }
        return out;
    }

    static Set<MaildirFlag> maildirFlags(Set<String> flags) {
        EnumSet<MaildirFlag> out = EnumSet.noneOf(MaildirFlag.class);
        for (String f : flags) {
            for (Map.Entry<String, MaildirFlag> e : FLAGS.entrySet()) {
                if (e.getKey().equalsIgnoreCase(f)) {
                    out.add(e.getValue());
                }
            }
        }
        return out;
    }

    /**
     * One folder. The UID list and the keywords are read again from their files at every
     * {@link #messages()}, so that several sessions on one Maildir (each with its own Folder)
     * never hand out a UID or a keyword letter twice.
     */
    private static final class Folder implements ImapFolder {
        /** Sizes kept for files without a {@code ,W=} field (read once a session, not at every check). */
        private static final int MAX_SIZE_CACHE = 100_000;

        private final Maildir maildir;
        private final Clock clock;
        private final java.util.Map<String, Long> wireSizes = new java.util.HashMap<>();
        private MaildirUidList uids;
        private MaildirKeywords keywords;

        Folder(Maildir maildir, Clock clock) throws IOException {
            this.maildir = maildir;
            this.clock = clock;
            this.uids = MaildirUidList.load(maildir, clock.millis() / 1000);
            this.keywords = MaildirKeywords.load(maildir);
        }

        @Override
        public long uidValidity() {
            return uids.uidValidity();
        }

        @Override
        public long uidNext() {
            return uids.uidNext();
        }

        @Override
        public List<ImapMessage> messages() throws IOException {
            uids = MaildirUidList.load(maildir, clock.millis() / 1000);
            keywords = MaildirKeywords.load(maildir);
            List<MaildirMessage> all = maildir.messages();
            List<String> names = new ArrayList<>();
            for (MaildirMessage m : all) {
                names.add(m.uniqueName());
            }
            uids.update(names);
            List<ImapMessage> out = new ArrayList<>();
            for (MaildirMessage m : all) {
                long size;
                Long known = wireSizes.get(m.uniqueName());
                if (known != null) {
                    size = known;
                } else {
                    try {
                        size = m.wireSize();
                    } catch (NoSuchFileException e) {
                        continue;
                    }
                    if (wireSizes.size() < MAX_SIZE_CACHE) {
                        wireSizes.put(m.uniqueName(), size);
                    }
                }
                out.add(new ImapMessage(uids.uid(m.uniqueName()), imapFlags(m, keywords), size, deliveryTime(m), m, m.isNew()));
            }
            out.sort(Comparator.comparingLong(ImapMessage::uid));
            return out;
        }

        private static Instant deliveryTime(MaildirMessage m) {
            String u = m.uniqueName();
            int dot = u.indexOf('.');
            try {
                return Instant.ofEpochSecond(Long.parseLong(dot < 0 ? u : u.substring(0, dot)));
            } catch (NumberFormatException e) {
                try {
                    return Files.getLastModifiedTime(m.path()).toInstant();
                } catch (IOException io) {
                    return Instant.EPOCH;
                }
            }
        }

        /** The message file as it is now (another session may have renamed it), or {@code null} if gone. */
        private MaildirMessage current(MaildirMessage m) throws IOException {
            if (Files.exists(m.path())) {
                return m;
            }
            for (MaildirMessage now : maildir.messages()) {
                if (now.uniqueName().equals(m.uniqueName())) {
                    return now;
                }
            }
            return null;
        }

        @Override
        public ImapMessage setFlags(ImapMessage message, Set<String> flags) throws IOException {
            MaildirMessage m = current((MaildirMessage) message.key());
            if (m == null) {
                return message;
            }
            keywords = MaildirKeywords.load(maildir);
            StringBuilder letters = new StringBuilder();
            for (String f : flags) {
                if (!f.startsWith("\\")) {
                    char c = keywords.letterFor(f, true);
                    if (c != 0) {
                        letters.append(c);
                    }
                }
            }
            try {
                m = maildir.setFlags(m, maildirFlags(flags), letters.toString());
            } catch (NoSuchFileException e) {
                return message;
            }
            return new ImapMessage(message.uid(), imapFlags(m, keywords), message.size(), message.internalDate(), m, false);
        }

        @Override
        public ImapMessage claimRecent(ImapMessage message) throws IOException {
            MaildirMessage m = maildir.claim((MaildirMessage) message.key());
            return m == null ? null : new ImapMessage(message.uid(), message.flags(), message.size(), message.internalDate(), m, false);
        }

        @Override
        public List<String> keywords() throws IOException {
            keywords = MaildirKeywords.load(maildir);
            return keywords.keywords();
        }

        @Override
        public int keywordRoom() throws IOException {
            keywords = MaildirKeywords.load(maildir);
            return keywords.free();
        }

        @Override
        public Runnable watch(Runnable listener) {
            return maildir.watch(listener)::cancel;
        }

        @Override
        public void expunge(ImapMessage message) throws IOException {
            MaildirMessage m = current((MaildirMessage) message.key());
            if (m != null) {
                maildir.delete(m);
            }
        }

        @Override
        public InputStream open(ImapMessage message) throws IOException {
            MaildirMessage m = (MaildirMessage) message.key();
            // Served with CRLF line ends even where the file has bare LFs (written by another agent).
            try {
                return io.twisted.mail.maildir.CrlfLines.toCrlf(Files.newInputStream(m.path()));
            } catch (NoSuchFileException e) {
                // Another session changed its flags (renamed it): look it up by its unique name.
                MaildirMessage now = current(m);
                return now == null ? InputStream.nullInputStream() : io.twisted.mail.maildir.CrlfLines.toCrlf(Files.newInputStream(now.path()));
            }
        }

        /**
         * {@inheritDoc} Keywords the target folder cannot hold (it has 26 others) are dropped
         * from the copy.
         */
        @Override
        public long copyTo(ImapMessage message, ImapFolder target) throws IOException {
            Folder to = (Folder) target;
            if (current((MaildirMessage) message.key()) == null) {
                throw new NoSuchFileException(message.key().toString(), null, "expunged by another session");
            }
            MaildirMessage copy;
            // The copy keeps the original's INTERNALDATE (RFC 3501 6.4.7, RFC 6851 3.3).
            try (InputStream in = open(message);
                    io.twisted.mail.maildir.MaildirDelivery d = to.maildir.startDelivery(message.internalDate())) {
                byte[] buf = new byte[1 << 16];
                int n;
                while ((n = in.read(buf)) > 0) {
                    d.write(java.nio.ByteBuffer.wrap(buf, 0, n));
                }
                copy = d.commit();
            }
            if (!message.flags().isEmpty()) {
                to.setFlags(new ImapMessage(0, Set.of(), 0, Instant.EPOCH, copy), message.flags());
            }
            return to.uidOf(copy);
        }

        /** The UID a just-stored message gets (assigned by a fresh look at the folder). */
        private long uidOf(MaildirMessage m) throws IOException {
            messages();
            return uids.uid(m.uniqueName());
        }

        @Override
        public Appender startAppend(Set<String> flags) throws IOException {
            return startAppend(flags, null);
        }

        /** {@inheritDoc} The date becomes the time part of the Maildir file name. */
        @Override
        public Appender startAppend(Set<String> flags, Instant internalDate) throws IOException {
            io.twisted.mail.maildir.MaildirDelivery d = maildir.startDelivery(internalDate);
            return new Appender() {
                @Override
                public void write(java.nio.ByteBuffer data) throws IOException {
                    d.write(data);
                }

                @Override
                public long commit() throws IOException {
                    MaildirMessage m = d.commit();
                    if (!flags.isEmpty()) {
                        setFlags(new ImapMessage(0, Set.of(), 0, Instant.EPOCH, m), flags);
                    }
                    return uidOf(m);
                }

                @Override
                public void abort() {
                    d.abort();
                }
            };
        }

        @Override
        public String toString() {
            return "Folder[" + maildir.root().getFileName().toString().toLowerCase(Locale.ROOT) + "]";
        }
    }
}
