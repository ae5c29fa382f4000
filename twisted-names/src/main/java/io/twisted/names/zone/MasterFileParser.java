package io.twisted.names.zone;

import io.twisted.names.dns.DnsClass;
import io.twisted.names.dns.DnsFormatException;
import io.twisted.names.dns.DnsName;
import io.twisted.names.dns.DnsRecord;
import io.twisted.names.dns.DnsType;
import io.twisted.names.dns.MasterFileLexer;
import io.twisted.names.dns.Rdata;
import io.twisted.names.dns.TextToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads BIND master files (RFC 1035 §5, RFC 2308 §4 for {@code $TTL}) into records.
 *
 * <p>Supported: {@code $ORIGIN}, {@code $TTL}, {@code $INCLUDE file [origin]} (relative paths are
 * resolved against the including file's folder, nested at most {@value #MAX_INCLUDE_DEPTH} deep),
 * {@code @}, names relative to the current origin, a blank owner meaning the previous owner,
 * TTL and class in either order, TTLs with BIND units ({@code 1h}), parentheses, comments,
 * quoted strings with escapes, the RFC 3597 generic form {@code \# len hex} and
 * {@code TYPEnnn}/{@code CLASSnnn}. Not supported (an error, never silently ignored): BIND's
 * {@code $GENERATE}.
 *
 * <p>TTL of a record without one: the last {@code $TTL}, else the last explicit TTL (RFC 1035
 * §5.1), else, for an SOA record, its MINIMUM field (as BIND does for pre-RFC 2308 zones).
 * Errors are {@link DnsFormatException}s naming the file and line.
 */
public final class MasterFileParser {

    /** How deep {@code $INCLUDE}s may nest (an include loop ends here). */
    public static final int MAX_INCLUDE_DEPTH = 8;
    /** The largest master file read, in bytes. */
    public static final long MAX_FILE_SIZE = 64L * 1024 * 1024;

    private final List<DnsRecord> records = new ArrayList<>();
    private DnsName origin;
    private Long defaultTtl;
    private Long lastTtl;
    private DnsName lastOwner;
    private DnsClass lastClass = DnsClass.IN;

    private MasterFileParser(DnsName origin) {
        this.origin = origin;
    }

    /**
     * Parses a master file.
     *
     * @param origin the initial origin (the zone name), or {@code null} if the file sets it
     * @throws DnsFormatException on a syntax error, naming the file and line
     * @throws IOException if a file cannot be read
     */
    public static List<DnsRecord> parse(Path file, DnsName origin) throws IOException {
        MasterFileParser p = new MasterFileParser(origin);
        p.parseFile(file, 0);
        return p.records;
    }

    /** Parses master-file text ({@code $INCLUDE} is resolved against the working directory). */
    public static List<DnsRecord> parse(String text, DnsName origin) {
        MasterFileParser p = new MasterFileParser(origin);
        try {
            p.parseText(text, "<text>", Path.of("."), 0);
        } catch (IOException e) {
            throw new DnsFormatException("cannot read an included file: " + e.getMessage(), e);
        }
        return p.records;
    }

    private void parseFile(Path file, int depth) throws IOException {
        if (Files.size(file) > MAX_FILE_SIZE) {
            throw new DnsFormatException(file + ": larger than " + MAX_FILE_SIZE + " bytes");
        }
        String text = Files.readString(file, StandardCharsets.UTF_8);
        Path dir = file.toAbsolutePath().getParent();
        parseText(text, file.toString(), dir == null ? Path.of(".") : dir, depth);
    }

    private void parseText(String text, String where, Path dir, int depth) throws IOException {
        MasterFileLexer lexer = new MasterFileLexer(text);
        while (true) {
            List<TextToken> line;
            try {
                line = lexer.nextLine();
            } catch (DnsFormatException e) {
                throw new DnsFormatException(where + ": " + e.getMessage(), e);
            }
            if (line == null) {
                return;
            }
            try {
                parseLine(line, lexer.indented(), dir, depth);
            } catch (DnsFormatException e) {
                throw new DnsFormatException(where + ":" + lexer.lineNumber() + ": " + e.getMessage(), e);
            }
        }
    }

    private void parseLine(List<TextToken> line, boolean indented, Path dir, int depth) throws IOException {
        TextToken first = line.get(0);
        if (!indented && !first.quoted() && first.text().startsWith("$")) {
            directive(line, dir, depth);
            return;
        }
        int i = 0;
        DnsName owner;
        if (indented) {
            if (lastOwner == null) {
                throw new DnsFormatException("a record without an owner name before any owner was given");
            }
            owner = lastOwner;
        } else {
            owner = DnsName.parse(first.text(), origin);
            i = 1;
        }
        Long ttl = null;
        DnsClass cls = null;
        while (i < line.size()) {
            TextToken t = line.get(i);
            if (t.quoted()) {
                break;
            }
            String s = t.text();
            if (ttl == null && !s.isEmpty() && Character.isDigit(s.charAt(0))) {
                ttl = Rdata.parsePeriod(s);
                i++;
                continue;
            }
            DnsClass c = cls == null ? DnsClass.fromTextOrNull(s) : null;
            if (c != null) {
                cls = c;
                i++;
                continue;
            }
            break;
        }
        if (i >= line.size()) {
            throw new DnsFormatException("record without a type");
        }
        TextToken typeToken = line.get(i++);
        if (typeToken.quoted()) {
            throw new DnsFormatException("expected a type, found \"" + typeToken.text() + "\"");
        }
        DnsType type = DnsType.fromText(typeToken.text());
        if (type.isMetaType()) {
            throw new DnsFormatException(type + " cannot appear in a zone file");
        }
        Rdata rdata = Rdata.parse(type, line.subList(i, line.size()), origin);
        if (ttl != null) {
            lastTtl = ttl;
        } else if (defaultTtl != null) {
            ttl = defaultTtl;
        } else if (lastTtl != null) {
            ttl = lastTtl;
        } else if (type.equals(DnsType.SOA)) {
            ttl = rdata.number(6);
            lastTtl = ttl;
        } else {
            throw new DnsFormatException("no TTL given and no $TTL before this record");
        }
        if (cls == null) {
            cls = lastClass;
        }
        lastClass = cls;
        lastOwner = owner;
        records.add(new DnsRecord(owner, cls, ttl, rdata));
    }

    private void directive(List<TextToken> line, Path dir, int depth) throws IOException {
        String name = line.get(0).text().toUpperCase(java.util.Locale.ROOT);
        switch (name) {
            case "$ORIGIN" -> {
                expectArgs(line, 1, 1);
                origin = DnsName.parse(line.get(1).text(), origin);
            }
            case "$TTL" -> {
                expectArgs(line, 1, 1);
                defaultTtl = Rdata.parsePeriod(line.get(1).text());
            }
            case "$INCLUDE" -> {
                expectArgs(line, 1, 2);
                if (depth + 1 > MAX_INCLUDE_DEPTH) {
                    throw new DnsFormatException("$INCLUDE nested more than " + MAX_INCLUDE_DEPTH + " deep");
                }
                Path file = dir.resolve(new String(Rdata.unescape(line.get(1).text()), StandardCharsets.UTF_8));
                // RFC 1035 §5.1: an $INCLUDE'd file may change the origin only for itself.
                DnsName savedOrigin = origin;
                DnsName savedOwner = lastOwner;
                if (line.size() == 3) {
                    origin = DnsName.parse(line.get(2).text(), origin);
                }
                parseFile(file, depth + 1);
                origin = savedOrigin;
                lastOwner = savedOwner;
            }
            default -> throw new DnsFormatException("unsupported directive " + line.get(0).text());
        }
    }

    private static void expectArgs(List<TextToken> line, int min, int max) {
        int n = line.size() - 1;
        if (n < min || n > max) {
            throw new DnsFormatException(line.get(0).text() + " takes " + (min == max ? "" + min : min + " or " + max)
                    + " argument" + (max > 1 ? "s" : "") + ", not " + n);
        }
    }
}
