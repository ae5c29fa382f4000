package io.twisted.cred.checkers;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A password file: one {@code user:hash} line per user, the hash a {@link PasswordHash} (PBKDF2,
 * never plain text). It is what {@link PasswordFileChecker} reads and what the {@code twist}
 * runner's user tool writes:
 *
 * <pre>
 * # users of mail.example.org
 * alice:$pbkdf2-sha256$210000$ZJlxs3x8kGqUvvHTn0Tr2Q$X0m3...
 * bob:$pbkdf2-sha256$210000$Ui1QQ1b.R2hTu7mEMGsKeg$9b1F...
 * </pre>
 *
 * <p>The format, read as UTF-8 (at most {@value #MAX_FILE_SIZE} bytes):
 * <ul>
 *   <li>Blank lines and lines whose first non-blank character is {@code #} are comments.</li>
 *   <li>Otherwise the user name runs to the first {@code :} and the hash is the rest, surrounding
 *       white space removed. A user name is not empty, has no {@code :}, no line break, no
 *       surrounding white space and does not start with {@code #}.</li>
 *   <li>A line that does not parse (no {@code :}, a bad name, a hash that is not
 *       {@code $pbkdf2-sha256$}, for instance a plain-text password) is skipped with a warning
 *       naming its line number, never its content; that user cannot log in.</li>
 *   <li>When a user appears twice the first line counts, the other is skipped with a warning.</li>
 * </ul>
 *
 * <p>Editing ({@link #setPassword}, {@link #remove}) keeps comments and unparsed lines as they
 * are; {@link #save()} replaces the file atomically (a temporary file in the same directory,
 * then a rename) with permissions {@code rw-------} where the file system has POSIX permissions.
 *
 * <pre>{@code
 * PasswordFile users = PasswordFile.load(Path.of("passwords"));   // an absent file is empty
 * users.setPassword("alice", password);                           // hashes with 210,000 iterations
 * users.save();
 * }</pre>
 *
 * <p>Not thread-safe; an instance is a snapshot of the file taken by {@link #load}.
 */
public final class PasswordFile {

    private static final System.Logger LOG = System.getLogger(PasswordFile.class.getName());

    /** The largest file {@link #load} reads: 64 MiB, some 500,000 users. */
    public static final long MAX_FILE_SIZE = 64L << 20;

    /** One line: {@code user} and {@code hash} are null for comments and skipped lines. */
    private static final class Line {
        final String text;
        final String user;
        final PasswordHash hash;

        Line(String text, String user, PasswordHash hash) {
            this.text = text;
            this.user = user;
            this.hash = hash;
        }
    }

    private final Path path;
    private final List<Line> lines;
    private final List<String> warnings;
    private SecureRandom random;

    private PasswordFile(Path path, List<Line> lines, List<String> warnings) {
        this.path = path;
        this.lines = lines;
        this.warnings = warnings;
    }

    // ------------------------------------------------------------------ hashing tool

    /**
     * Hashes {@code password} for a password file: {@value PasswordHash#DEFAULT_ITERATIONS}
     * iterations of PBKDF2-HMAC-SHA256 with a fresh 16-byte salt from {@link SecureRandom}. Takes a
     * noticeable fraction of a second by design: never call it on the reactor thread.
     *
     * @return the {@code $pbkdf2-sha256$...} string
     */
    public static String hash(char[] password) {
        return hash(password, PasswordHash.DEFAULT_ITERATIONS);
    }

    /** As {@link #hash(char[])} with {@code iterations} iterations (1 to {@value PasswordHash#MAX_ITERATIONS}). */
    public static String hash(char[] password, int iterations) {
        return PasswordHash.create(password, iterations, new SecureRandom(), Pbkdf2.hmacSha256()).encoded();
    }

    // ------------------------------------------------------------------ reading

    /**
     * Reads {@code path}; a file that does not exist reads as empty (so that a tool can create it).
     *
     * @throws IOException if the file cannot be read, is larger than {@value #MAX_FILE_SIZE} bytes
     *     or is not UTF-8
     */
    public static PasswordFile load(Path path) throws IOException {
        Objects.requireNonNull(path, "path");
        List<String> text;
        try {
            long size = Files.size(path);
            if (size > MAX_FILE_SIZE) {
                throw new IOException(path + ": password file is " + size + " bytes, more than the limit of " + MAX_FILE_SIZE);
            }
            text = Files.readAllLines(path, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            text = List.of();
        }
        return parse(path, text);
    }

    /** A password file for {@code path} made of {@code text}, one element per line. */
    public static PasswordFile parse(Path path, List<String> text) {
        List<Line> lines = new ArrayList<>(text.size());
        List<String> warnings = new ArrayList<>();
        Map<String, Boolean> seen = new HashMap<>();
        int number = 0;
        for (String t : text) {
            number++;
            Line line = parseLine(t, number, warnings);
            if (line.user != null && seen.putIfAbsent(line.user, Boolean.TRUE) != null) {
                warnings.add("line " + number + ": user already defined above; line skipped");
                line = new Line(t, null, null);
            }
            lines.add(line);
        }
        for (String w : warnings) {
            LOG.log(System.Logger.Level.WARNING, "{0}: {1}", path, w);
        }
        return new PasswordFile(path, lines, warnings);
    }

    private static Line parseLine(String text, int number, List<String> warnings) {
        String stripped = text.strip();
        if (stripped.isEmpty() || stripped.startsWith("#")) {
            return new Line(text, null, null);
        }
        int colon = text.indexOf(':');
        if (colon < 0) {
            warnings.add("line " + number + ": no ':' between user name and hash; line skipped");
            return new Line(text, null, null);
        }
        String user = text.substring(0, colon);
        String problem = usernameProblem(user);
        if (problem != null) {
            warnings.add("line " + number + ": " + problem + "; line skipped");
            return new Line(text, null, null);
        }
        try {
            return new Line(text, user, PasswordHash.parse(text.substring(colon + 1).strip()));
        } catch (IllegalArgumentException e) {
            warnings.add("line " + number + ": " + e.getMessage() + "; line skipped");
            return new Line(text, null, null);
        }
    }

    private static String usernameProblem(String user) {
        if (user.isEmpty()) {
            return "empty user name";
        }
        if (!user.strip().equals(user)) {
            return "user name has surrounding white space";
        }
        if (user.startsWith("#")) {
            return "user name starts with '#'";
        }
        if (user.indexOf(':') >= 0 || user.indexOf('\n') >= 0 || user.indexOf('\r') >= 0) {
            return "user name contains ':' or a line break";
        }
        return null;
    }

    // ------------------------------------------------------------------ queries

    /** The file this was read from and {@link #save()} writes. */
    public Path path() {
        return path;
    }

    /** The users and their hashes, in file order. */
    public Map<String, PasswordHash> entries() {
        Map<String, PasswordHash> m = new LinkedHashMap<>();
        for (Line l : lines) {
            if (l.user != null) {
                m.put(l.user, l.hash);
            }
        }
        return Collections.unmodifiableMap(m);
    }

    /** The hash of {@code user}, if present (exact, case-sensitive name). */
    public Optional<PasswordHash> get(String user) {
        for (Line l : lines) {
            if (l.user != null && l.user.equals(user)) {
                return Optional.of(l.hash);
            }
        }
        return Optional.empty();
    }

    /** What was wrong with skipped lines when the file was read ("line 3: ..."), for tools to show. */
    public List<String> warnings() {
        return Collections.unmodifiableList(warnings);
    }

    // ------------------------------------------------------------------ editing

    /** Sets {@code user}'s password, hashed as {@link #hash(char[])} does. */
    public void setPassword(String user, char[] password) {
        setPassword(user, password, PasswordHash.DEFAULT_ITERATIONS);
    }

    /** Sets {@code user}'s password, hashed with {@code iterations} iterations. */
    public void setPassword(String user, char[] password, int iterations) {
        checkUsername(user);
        if (random == null) {
            random = new SecureRandom();
        }
        setHash(user, PasswordHash.create(password, iterations, random, Pbkdf2.hmacSha256()));
    }

    /**
     * Sets {@code user}'s hash: replaces the user's line where it is, or appends one.
     *
     * @throws IllegalArgumentException if {@code user} cannot be written in the file format
     */
    public void setHash(String user, PasswordHash hash) {
        checkUsername(user);
        Objects.requireNonNull(hash, "hash");
        Line line = new Line(user + ":" + hash.encoded(), user, hash);
        for (int i = 0; i < lines.size(); i++) {
            if (user.equals(lines.get(i).user)) {
                lines.set(i, line);
                return;
            }
        }
        lines.add(line);
    }

    /** Removes {@code user}'s line; returns whether there was one. */
    public boolean remove(String user) {
        return lines.removeIf(l -> user.equals(l.user));
    }

    private static void checkUsername(String user) {
        Objects.requireNonNull(user, "user");
        String problem = usernameProblem(user);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }

    /**
     * Writes the file: to a temporary file beside it, flushed to disk, then renamed over it
     * (atomically where the file system can), so that a reader sees the old or the new file,
     * never half of one.
     */
    public void save() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (Line l : lines) {
            sb.append(l.text).append('\n');
        }
        Path target = path.toAbsolutePath();
        Path dir = target.getParent();
        FileAttribute<?>[] attrs = FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
                : new FileAttribute<?>[0];
        Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp", attrs);
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer bytes = StandardCharsets.UTF_8.encode(sb.toString());
                while (bytes.hasRemaining()) {
                    ch.write(bytes);
                }
                ch.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    @Override
    public String toString() {
        return "PasswordFile[" + path + ", " + entries().size() + " users]";
    }
}
