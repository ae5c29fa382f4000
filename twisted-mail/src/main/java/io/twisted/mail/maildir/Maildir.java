package io.twisted.mail.maildir;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A Maildir: a directory with {@code tmp/}, {@code new/} and {@code cur/}.
 *
 * <pre>{@code
 * Maildir box = Maildir.open(Path.of("mail/alice"), new MaildirNames(Clock.systemUTC(), "mx.example"));
 * try (MaildirDelivery d = box.startDelivery()) {
 *     d.write(bytes);
 *     d.commit();                       // fsync, then rename tmp/ -> new/
 * }
 * for (MaildirMessage m : box.messages()) { ... }
 * box.setFlags(m, EnumSet.of(MaildirFlag.SEEN));   // moves it to cur/NAME:2,S
 * }</pre>
 *
 * <p>Maildir++ folders are sibling directories named {@code .Folder} (nested as
 * {@code .Parent.Child}) holding an empty {@code maildirfolder} file; {@link #folder(String)}
 * opens or creates one. Blocking file I/O; not thread-safe beyond what the file system gives
 * (concurrent readers and deliverers are what Maildir is designed for).
 */
public final class Maildir {

    /** Longest folder name accepted, in characters. */
    public static final int MAX_FOLDER_NAME = 255;

    private final Path root;
    private final MaildirNames names;
    private final MaildirEvents events;

    private Maildir(Path root, MaildirNames names, MaildirEvents events) {
        this.root = root;
        this.names = names;
        this.events = events;
    }

    /**
     * Opens the Maildir at {@code root}, creating it and its three subdirectories if missing; its
     * changes are told to listeners of its own {@link MaildirEvents}.
     */
    public static Maildir open(Path root, MaildirNames names) throws IOException {
        return open(root, names, new MaildirEvents());
    }

    /**
     * Opens the Maildir at {@code root} as {@link #open(Path, MaildirNames)}, telling its changes
     * (and its folders') to the listeners of {@code events}, which other Maildir objects on the
     * same directory may share.
     */
    public static Maildir open(Path root, MaildirNames names, MaildirEvents events) throws IOException {
        Objects.requireNonNull(root, "root");
        for (String sub : List.of("tmp", "new", "cur")) {
            Files.createDirectories(root.resolve(sub));
        }
        return new Maildir(root, Objects.requireNonNull(names, "names"), Objects.requireNonNull(events, "events"));
    }

    /** Where this Maildir tells its changes. */
    public MaildirEvents events() {
        return events;
    }

    /**
     * Calls {@code listener} after each change made to this Maildir through any Maildir object
     * sharing its {@link MaildirEvents} (deliveries, flag changes, claims, deletions), possibly on
     * another thread.
     */
    public MaildirEvents.Subscription watch(Runnable listener) {
        return events.subscribe(root, listener);
    }

    void changed() {
        events.changed(root);
    }

    /** The Maildir's directory. */
    public Path root() {
        return root;
    }

    /** Starts a delivery into {@code tmp/} under a fresh unique name. */
    public MaildirDelivery startDelivery() throws IOException {
        return startDelivery(null);
    }

    /**
     * Starts a delivery whose unique name carries {@code time} as its delivery time (the name's
     * left part, which orders messages and gives IMAP's INTERNALDATE), or now if {@code null}.
     */
    public MaildirDelivery startDelivery(Instant time) throws IOException {
        for (int attempt = 0; ; attempt++) {
            try {
                return new MaildirDelivery(this, time == null ? names.next() : names.next(time));
            } catch (FileAlreadyExistsException e) {
                if (attempt >= 3) {
                    throw e;
                }
            }
        }
    }

    /** Delivers {@code message} whole (for small messages; stream large ones with {@link #startDelivery()}). */
    public MaildirMessage deliver(byte[] message) throws IOException {
        try (MaildirDelivery d = startDelivery()) {
            d.write(message);
            return d.commit();
        }
    }

    /**
     * The messages in {@code new/} and {@code cur/}, oldest delivery first: by the unique name's
     * seconds, then its microseconds ({@code M}) and delivery counter ({@code Q}) read as numbers,
     * then the name.
     */
    public List<MaildirMessage> messages() throws IOException {
        List<MaildirMessage> out = new ArrayList<>();
        list(root.resolve("new"), true, out);
        list(root.resolve("cur"), false, out);
        out.sort(Comparator.comparing(Maildir::timeOf).thenComparingLong(m -> numberAfter(m, ".M"))
                .thenComparingLong(m -> numberAfter(m, "Q")).thenComparing(MaildirMessage::uniqueName));
        return out;
    }

    /** The number after {@code marker} in the middle part of the name ({@code M} microseconds, {@code Q} deliveries), or 0. */
    private static long numberAfter(MaildirMessage m, String marker) {
        String u = m.uniqueName();
        int dot = u.indexOf('.');
        int end = u.indexOf('.', dot + 1);
        String middle = dot < 0 ? "" : end < 0 ? u.substring(dot) : u.substring(dot, end);
        int at = middle.indexOf(marker);
        if (at < 0) {
            return 0;
        }
        int i = at + marker.length();
        long n = 0;
        while (i < middle.length() && Character.isDigit(middle.charAt(i)) && n < Long.MAX_VALUE / 10 - 9) {
            n = n * 10 + (middle.charAt(i++) - '0');
        }
        return n;
    }

    private static long timeOf(MaildirMessage m) {
        String u = m.uniqueName();
        int dot = u.indexOf('.');
        try {
            return Long.parseLong(dot < 0 ? u : u.substring(0, dot));
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    private static void list(Path dir, boolean isNew, List<MaildirMessage> out) throws IOException {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                String name = p.getFileName().toString();
                if (!name.startsWith(".") && Files.isRegularFile(p)) {
                    out.add(MaildirMessage.parse(p, isNew));
                }
            }
        }
    }

    /**
     * Gives {@code message} exactly {@code flags}, moving it to {@code cur/} (renamed with the
     * info suffix).
     *
     * @return the message as it is now
     * @throws NoSuchFileException if the message is gone (another reader deleted or moved it)
     */
    public MaildirMessage setFlags(MaildirMessage message, Set<MaildirFlag> flags) throws IOException {
        return rename(message, flags, message.otherLetters());
    }

    /**
     * Gives {@code message} exactly {@code flags} and the keyword letters {@code keywordLetters}
     * ({@code a}-{@code z}, see {@link MaildirKeywords}), keeping its other unknown letters.
     *
     * @return the message as it is now
     * @throws NoSuchFileException if the message is gone
     * @throws IllegalArgumentException if a keyword letter is not {@code a}-{@code z}
     */
    public MaildirMessage setFlags(MaildirMessage message, Set<MaildirFlag> flags, String keywordLetters) throws IOException {
        if (!keywordLetters.chars().allMatch(c -> c >= 'a' && c <= 'z')) {
            throw new IllegalArgumentException("keyword letters are a-z: " + keywordLetters);
        }
        String others = message.otherLetters().chars().filter(c -> c < 'a' || c > 'z')
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return rename(message, flags, others + keywordLetters);
    }

    private MaildirMessage rename(MaildirMessage message, Set<MaildirFlag> flags, String otherLetters) throws IOException {
        Path target = root.resolve("cur").resolve(MaildirMessage.curName(message.uniqueName(), flags, otherLetters));
        if (!target.equals(message.path())) {
            Files.move(message.path(), target, StandardCopyOption.ATOMIC_MOVE);
            changed();
        }
        return new MaildirMessage(target, message.uniqueName(), flags, otherLetters, false);
    }

    /**
     * Moves a message from {@code new/} to {@code cur/} (with an empty info suffix): what an IMAP
     * server does when a session first sees it, making it \Recent for that session only (RFC
     * 3501 section 2.3.2). The rename is atomic, so of several sessions claiming one message
     * exactly one succeeds.
     *
     * @return the message as it is now, or {@code null} if it was no longer in {@code new/}
     *     (another reader claimed, moved or deleted it)
     */
    public MaildirMessage claim(MaildirMessage message) throws IOException {
        if (!message.isNew()) {
            return null;
        }
        Path target = root.resolve("cur").resolve(MaildirMessage.curName(message.uniqueName(), message.flags(), message.otherLetters()));
        try {
            Files.move(message.path(), target, StandardCopyOption.ATOMIC_MOVE);
        } catch (NoSuchFileException e) {
            return null;
        }
        changed();
        return new MaildirMessage(target, message.uniqueName(), message.flags(), message.otherLetters(), false);
    }

    /** Deletes {@code message}; a message already gone is not an error. */
    public void delete(MaildirMessage message) throws IOException {
        if (Files.deleteIfExists(message.path())) {
            changed();
        }
    }

    /**
     * Removes files in {@code tmp/} last modified before {@code cutoff} (the spec suggests 36 hours
     * ago): leftovers of deliveries that died.
     *
     * @return how many were removed
     */
    public int cleanTmp(Instant cutoff) throws IOException {
        int n = 0;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(root.resolve("tmp"))) {
            for (Path p : ds) {
                FileTime t = Files.getLastModifiedTime(p);
                if (t.toInstant().isBefore(cutoff) && Files.deleteIfExists(p)) {
                    n++;
                }
            }
        }
        return n;
    }

    /**
     * Opens (creating if needed) the Maildir++ folder {@code name} ({@code "Sent"},
     * {@code "Lists.twisted"} for a subfolder). The INBOX is this Maildir itself.
     *
     * @throws IllegalArgumentException if the name is empty, too long, or contains {@code /},
     *     a control character, or an empty component
     */
    public Maildir folder(String name) throws IOException {
        checkFolderName(name);
        Path dir = root.resolve("." + name);
        Maildir folder = open(dir, names, events);
        Path marker = dir.resolve("maildirfolder");
        if (!Files.exists(marker)) {
            try {
                Files.createFile(marker);
            } catch (FileAlreadyExistsException ignored) {
                // Another process made it.
            }
        }
        return folder;
    }

    /** The names of the Maildir++ folders under this Maildir, sorted. */
    public List<String> folders() throws IOException {
        List<String> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(root)) {
            for (Path p : ds) {
                String n = p.getFileName().toString();
                if (n.length() > 1 && n.startsWith(".") && !n.equals("..") && Files.isDirectory(p.resolve("cur"))) {
                    out.add(n.substring(1));
                }
            }
        }
        out.sort(null);
        return out;
    }

    static void checkFolderName(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty() || name.length() > MAX_FOLDER_NAME || name.contains("/") || name.startsWith(".")
                || name.endsWith(".") || name.contains("..") || name.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new IllegalArgumentException("bad Maildir++ folder name: " + name);
        }
    }

    /** Forces a directory's entries to disk (so a rename into it survives a crash). */
    static void forceDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // Some file systems refuse to open directories; the rename is still atomic.
            if (!System.getProperty("os.name", "").toLowerCase().contains("win")) {
                throw e;
            }
        }
    }

    @Override
    public String toString() {
        return "Maildir[" + root + "]";
    }
}
