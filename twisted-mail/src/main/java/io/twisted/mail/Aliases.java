package io.twisted.mail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * An aliases(5) file, as Twisted's {@code twist mail --aliases} reads it: each entry maps a local
 * name to targets, which are addresses ({@code user} in the same domain or {@code user@domain}),
 * files ({@code /path}: the message is appended, mbox style), programs ({@code |command}: the
 * message on its standard input) or {@code :include:/path} (more targets, one list per file).
 *
 * <pre>
 * # aliases for example.com
 * postmaster: alice
 * team:       alice, bob@example.org,
 *             /var/mail/team.mbox
 * tickets:    "|/usr/local/bin/new-ticket --queue mail"
 * staff:      :include:/etc/mail/staff.list
 * </pre>
 *
 * <p>The format: {@code name: target, target, ...}; a line starting with white space continues
 * the entry above; {@code #} starts a comment line; a target may be double-quoted (a program with
 * commas or spaces). Names are matched without regard to case. Limits: files of at most
 * {@value #MAX_FILE_SIZE} bytes, {@value #MAX_TARGETS} targets in one expansion, include files
 * {@value #MAX_DEPTH} deep and expansions through {@value #MAX_DEPTH} aliases; a loop ends where
 * it meets a name already expanded. Lines that do not parse are errors naming the file and line.
 */
public final class Aliases {

    /** The largest aliases or include file read. */
    public static final long MAX_FILE_SIZE = 4L << 20;
    /** The most targets one name expands to. */
    public static final int MAX_TARGETS = 1000;
    /** The deepest nesting of include files and of aliases through aliases. */
    public static final int MAX_DEPTH = 16;

    /** Where an alias sends a message. */
    public sealed interface Target permits Address, File, Program {
    }

    /** An address: {@code user} (of the recipient's domain) or {@code user@domain}. */
    public record Address(String address) implements Target {
        public Address {
            Objects.requireNonNull(address, "address");
        }

        /** The local part. */
        public String localPart() {
            int at = address.lastIndexOf('@');
            return at < 0 ? address : address.substring(0, at);
        }

        /** The domain, or {@code null} for a bare user name. */
        public String domain() {
            int at = address.lastIndexOf('@');
            return at < 0 ? null : address.substring(at + 1);
        }
    }

    /** A file the message is appended to. */
    public record File(Path path) implements Target {
        public File {
            Objects.requireNonNull(path, "path");
        }
    }

    /** A command run by {@code /bin/sh -c} with the message on its standard input. */
    public record Program(String command) implements Target {
        public Program {
            Objects.requireNonNull(command, "command");
        }
    }

    private final Map<String, List<Target>> entries;

    private Aliases(Map<String, List<Target>> entries) {
        this.entries = entries;
    }

    /** No aliases. */
    public static Aliases none() {
        return new Aliases(Map.of());
    }

    /**
     * Reads {@code file}.
     *
     * @throws IOException if it or an included file cannot be read
     * @throws IllegalArgumentException naming the file and line of an entry that does not parse
     */
    public static Aliases load(Path file) throws IOException {
        return parse(file, readLines(file));
    }

    /** The aliases of {@code lines}, read from {@code file} (include paths are relative to its folder). */
    public static Aliases parse(Path file, List<String> lines) throws IOException {
        Map<String, List<Target>> entries = new LinkedHashMap<>();
        String name = null;
        StringBuilder value = new StringBuilder();
        int entryLine = 0;
        for (int i = 0; i <= lines.size(); i++) {
            String line = i < lines.size() ? lines.get(i) : "";
            boolean continuation = i < lines.size() && !line.isEmpty() && Character.isWhitespace(line.charAt(0))
                    && !line.isBlank();
            if (continuation) {
                if (name == null) {
                    throw new IllegalArgumentException(file + " line " + (i + 1) + ": a continuation line with no entry above");
                }
                value.append(' ').append(line.strip());
                continue;
            }
            if (name != null) {
                List<Target> targets = targets(file, entryLine, value.toString(), 0);
                if (entries.putIfAbsent(name, targets) != null) {
                    throw new IllegalArgumentException(file + " line " + entryLine + ": alias '" + name + "' defined twice");
                }
                name = null;
            }
            if (i == lines.size() || line.isBlank() || line.strip().startsWith("#")) {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException(file + " line " + (i + 1) + ": expected 'name: target, ...'");
            }
            name = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            if (name.isEmpty() || name.contains(" ") || name.contains("@")) {
                throw new IllegalArgumentException(file + " line " + (i + 1) + ": bad alias name '" + line.substring(0, colon) + "'");
            }
            entryLine = i + 1;
            value.setLength(0);
            value.append(line.substring(colon + 1).strip());
        }
        return new Aliases(Collections.unmodifiableMap(entries));
    }

    private static List<String> readLines(Path file) throws IOException {
        long size = Files.size(file);
        if (size > MAX_FILE_SIZE) {
            throw new IOException(file + " is " + size + " bytes, more than the limit of " + MAX_FILE_SIZE);
        }
        return Files.readAllLines(file, StandardCharsets.UTF_8);
    }

    private static List<Target> targets(Path file, int line, String value, int depth) throws IOException {
        List<Target> out = new ArrayList<>();
        for (String raw : split(file, line, value)) {
            String t = raw;
            if (t.startsWith("\"") && t.endsWith("\"") && t.length() >= 2) {
                t = t.substring(1, t.length() - 1).strip();
            }
            if (t.isEmpty()) {
                continue;
            }
            if (t.startsWith("|")) {
                String command = t.substring(1).strip();
                if (command.isEmpty()) {
                    throw new IllegalArgumentException(file + " line " + line + ": '|' with no command");
                }
                out.add(new Program(command));
            } else if (t.startsWith("/")) {
                out.add(new File(Path.of(t)));
            } else if (t.regionMatches(true, 0, ":include:", 0, 9)) {
                if (depth >= MAX_DEPTH) {
                    throw new IllegalArgumentException(file + " line " + line + ": include files nested more than " + MAX_DEPTH + " deep");
                }
                Path included = file.toAbsolutePath().getParent().resolve(t.substring(9).strip());
                List<String> lines = readLines(included);
                StringBuilder all = new StringBuilder();
                for (String l : lines) {
                    if (!l.isBlank() && !l.strip().startsWith("#")) {
                        all.append(all.length() > 0 ? ", " : "").append(l.strip());
                    }
                }
                out.addAll(targets(included, 0, all.toString(), depth + 1));
            } else if (t.contains(" ") || t.startsWith("@") || t.endsWith("@")) {
                throw new IllegalArgumentException(file + " line " + line + ": bad target '" + raw + "'");
            } else {
                out.add(new Address(t));
            }
            if (out.size() > MAX_TARGETS) {
                throw new IllegalArgumentException(file + " line " + line + ": more than " + MAX_TARGETS + " targets");
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException(file + " line " + line + ": an alias with no targets");
        }
        return List.copyOf(out);
    }

    /** Splits at commas outside double quotes. */
    private static List<String> split(Path file, int line, String value) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"') {
                quoted = !quoted;
                cur.append(c);
            } else if (c == ',' && !quoted) {
                out.add(cur.toString().strip());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        if (quoted) {
            throw new IllegalArgumentException(file + " line " + line + ": unterminated quote");
        }
        out.add(cur.toString().strip());
        return out;
    }

    /** Whether {@code name} (a local part, any case) is an alias. */
    public boolean isAlias(String name) {
        return entries.containsKey(name.toLowerCase(Locale.ROOT));
    }

    /** The alias names, in file order. */
    public Set<String> names() {
        return entries.keySet();
    }

    /**
     * The final targets of {@code name}: aliases among the targets are expanded in turn (bare
     * names and {@code name@domain} of {@code isLocalDomain}), others are kept. A name already on
     * the way to this one (a loop) is kept as an address (so {@code alice: alice, /backup} delivers to alice's mailbox
     * too); duplicates are removed.
     *
     * @param domain the recipient's domain (bare names are read in it)
     * @throws IllegalArgumentException if the expansion exceeds {@link #MAX_TARGETS} or {@link #MAX_DEPTH}
     */
    public List<Target> expand(String name, String domain, java.util.function.Predicate<String> isLocalDomain) {
        Set<Target> out = new LinkedHashSet<>();
        expand(name.toLowerCase(Locale.ROOT), domain, isLocalDomain, new HashSet<>(), out, 0, new int[1]);
        return List.copyOf(out);
    }

    private void expand(String name, String domain, java.util.function.Predicate<String> isLocalDomain, Set<String> seen,
            Set<Target> out, int depth, int[] steps) {
        if (++steps[0] > MAX_TARGETS) {
            throw new IllegalArgumentException("alias '" + name + "' takes more than " + MAX_TARGETS + " steps to expand");
        }
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("alias '" + name + "' expands through more than " + MAX_DEPTH + " aliases");
        }
        seen.add(name);
        for (Target t : entries.get(name)) {
            if (t instanceof Address a) {
                String d = a.domain() == null ? domain : a.domain();
                String local = a.localPart().toLowerCase(Locale.ROOT);
                boolean here = a.domain() == null || isLocalDomain.test(d);
                if (here && entries.containsKey(local) && !seen.contains(local)) {
                    expand(local, d, isLocalDomain, seen, out, depth + 1, steps);
                    continue;
                }
                out.add(new Address(a.localPart() + "@" + d));
            } else {
                out.add(t);
            }
            if (out.size() > MAX_TARGETS) {
                throw new IllegalArgumentException("alias '" + name + "' expands to more than " + MAX_TARGETS + " targets");
            }
        }
        seen.remove(name);
    }
}
