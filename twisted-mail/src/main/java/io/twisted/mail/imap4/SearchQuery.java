package io.twisted.mail.imap4;

import io.twisted.mail.imap4.ImapCommandParser.Atom;
import io.twisted.mail.mime.Charsets;
import io.twisted.mail.mime.EncodedWords;
import io.twisted.mail.mime.MimeField;
import io.twisted.mail.mime.MimeParser;
import io.twisted.mail.mime.MimePart;
import io.twisted.mail.mime.TransferDecoding;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed SEARCH program (RFC 3501 section 6.4.4): every search key of the RFC, sequence sets,
 * {@code NOT}, {@code OR} and parenthesised groups, read once into a tree and then tested
 * against each message.
 *
 * <p>String keys match as case-insensitive substrings, for non-ASCII text too (each char folded
 * as {@link String#equalsIgnoreCase} does). The search strings are decoded in the SEARCH
 * {@code CHARSET} ({@link #SUPPORTED_CHARSETS}; UTF-8 when none is given, a superset of
 * US-ASCII).
 * <ul>
 *   <li>Header keys ({@code SUBJECT}, {@code FROM}, {@code TO}, {@code CC}, {@code BCC},
 *       {@code HEADER name value}) match the field as written or its text: raw 8-bit octets read
 *       as UTF-8 when valid and RFC 2047 encoded words decoded ({@link EncodedWords}). An empty
 *       string matches every message that has the field.</li>
 *   <li>{@code BODY} and {@code TEXT} match the raw octets (ASCII case folded; the string
 *       encoded as UTF-8) or the decoded text of any text part: the MIME structure is parsed, each
 *       {@code text/*} leaf (and other leaves without a Content-Type, which default to text)
 *       has its base64 or quoted-printable transfer encoding undone and is decoded in its
 *       declared charset (any JDK charset; none, unknown or US-ASCII read as UTF-8 when valid,
 *       else ISO-8859-1). Other leaves (images, PDFs, ...) are matched as written only.
 *       {@code TEXT} also matches the decoded header fields of the message and of encapsulated
 *       {@code message/rfc822} parts.</li>
 *   <li>Bounded work: BODY and TEXT look at the bytes {@link Candidate#bytes()} gives, which
 *       the server caps ({@link ImapServerProtocol#MAX_STRUCTURE}, 32 MiB, above common message
 *       size limits; a larger message is searched in its first 32 MiB only); the MIME parse is
 *       bounded by {@link MimeParser.Limits#DEFAULT} (10,000 parts), decoding is one linear pass
 *       per text part whose output has at most one char per input octet, and a message is
 *       parsed and decoded at most once per SEARCH, however many keys need it.</li>
 *   <li>Folding is per UTF-16 char: letters outside the Basic Multilingual Plane, and
 *       one-to-many foldings (German {@code ß} against {@code SS}), do not fold.</li>
 * </ul>
 * RECENT, NEW and OLD follow {@link Candidate#isRecent()}. Deviations, documented: dates
 * (BEFORE, ON, SINCE) compare the INTERNALDATE's day in UTC, SENT* compare the
 * day written in the Date header (a Date that does not parse matches no SENT* key).
 */
final class SearchQuery {

    /** Most nesting of groups, NOT and OR in one program. */
    static final int MAX_DEPTH = 100;

    /** What a key is tested against: one message of the selected folder. */
    interface Candidate {
        /** Its message sequence number. */
        long seq();

        /** The message. */
        ImapMessage message();

        /** Its parsed header. */
        MimePart header() throws IOException;

        /** Its bytes (header and body). */
        byte[] bytes() throws IOException;

        /** Whether it is \Recent for the searching session (RFC 3501 section 2.3.2). */
        default boolean isRecent() {
            return false;
        }
    }

    /** One node of the program. */
    @FunctionalInterface
    interface Key {
        boolean test(Candidate c) throws IOException;
    }

    private static final DateTimeFormatter SEARCH_DATE = new DateTimeFormatterBuilder().parseCaseInsensitive()
            .appendPattern("d-MMM-yyyy").toFormatter(Locale.ENGLISH);
    private static final Pattern SENT_DATE = Pattern.compile("(\\d{1,2})\\s+([A-Za-z]{3})[A-Za-z]*\\s+(\\d{2,4})");
    private static final List<String> MONTHS = List.of("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec");

    /**
     * The charsets SEARCH accepts (RFC 3501 section 6.4.4): a server answers any other with
     * {@code NO [BADCHARSET (US-ASCII UTF-8)]}.
     */
    static final List<String> SUPPORTED_CHARSETS = List.of("US-ASCII", "UTF-8");

    private final ArrayDeque<Object> args;
    private final long maxSeq;
    private final long maxUid;
    private final Charset charset;
    private final Decoded decoded;

    private SearchQuery(List<Object> args, long maxSeq, long maxUid, Charset charset, Decoded decoded) {
        this.args = new ArrayDeque<>(args);
        this.maxSeq = maxSeq;
        this.maxUid = maxUid;
        this.charset = charset;
        this.decoded = decoded;
    }

    /** The JDK charset of a SEARCH {@code CHARSET} name, or {@code null} if not supported. */
    static Charset searchCharset(String name) {
        for (String s : SUPPORTED_CHARSETS) {
            if (s.equalsIgnoreCase(name)) {
                return Charset.forName(s);
            }
        }
        return null;
    }

    /**
     * Parses the search keys {@code args} (after any CHARSET), search strings read as UTF-8.
     *
     * @see #parse(List, Charset, long, long)
     */
    static Key parse(List<Object> args, long maxSeq, long maxUid) {
        return parse(args, StandardCharsets.UTF_8, maxSeq, maxUid);
    }

    /**
     * Parses the search keys {@code args} (after any CHARSET), search strings decoded in
     * {@code charset} (from {@link #searchCharset}), {@code *} standing for {@code maxSeq} in
     * sequence sets and {@code maxUid} in UID sets.
     *
     * @throws IllegalArgumentException on a syntax error or an unknown key
     */
    static Key parse(List<Object> args, Charset charset, long maxSeq, long maxUid) {
        if (args.isEmpty()) {
            throw new IllegalArgumentException("SEARCH needs a key");
        }
        Charset cs = charset.equals(StandardCharsets.US_ASCII) ? StandardCharsets.UTF_8 : charset;
        SearchQuery q = new SearchQuery(args, maxSeq, maxUid, cs, new Decoded());
        List<Key> all = new ArrayList<>();
        while (!q.args.isEmpty()) {
            all.add(q.key(0));
        }
        return and(all);
    }

    private static Key and(List<Key> keys) {
        return c -> {
            for (Key k : keys) {
                if (!k.test(c)) {
                    return false;
                }
            }
            return true;
        };
    }

    private Object next(String what) {
        if (args.isEmpty()) {
            throw new IllegalArgumentException(what + " needs an argument");
        }
        return args.poll();
    }

    private String string(String key) {
        Object o = next(key);
        if (o instanceof List) {
            throw new IllegalArgumentException(key + " needs a string");
        }
        if (o instanceof byte[] b) {
            return new String(b, charset);
        }
        // Atoms arrive decoded as UTF-8: back to octets, then read in the search charset.
        return new String(((Atom) o).value().getBytes(StandardCharsets.UTF_8), charset);
    }

    private long number(String key) {
        String s = ImapCommandParser.text(next(key));
        if (s.isEmpty() || s.length() > 19 || !s.chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException(key + " needs a number");
        }
        return Long.parseLong(s);
    }

    private LocalDate date(String key) {
        try {
            return LocalDate.parse(ImapCommandParser.text(next(key)), SEARCH_DATE);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(key + " needs a date such as 1-Feb-1994");
        }
    }

    private Key key(int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("search program nested too deeply");
        }
        Object o = next("SEARCH");
        if (o instanceof List<?> group) {
            SearchQuery inner = new SearchQuery(new ArrayList<>(group), maxSeq, maxUid, charset, decoded);
            List<Key> keys = new ArrayList<>();
            if (inner.args.isEmpty()) {
                throw new IllegalArgumentException("empty search group");
            }
            while (!inner.args.isEmpty()) {
                keys.add(inner.key(depth + 1));
            }
            return and(keys);
        }
        if (o instanceof byte[]) {
            throw new IllegalArgumentException("a string is not a search key");
        }
        String name = ((Atom) o).value().toUpperCase(Locale.ROOT);
        return switch (name) {
            case "ALL" -> c -> true;
            case "OLD" -> c -> !c.isRecent();
            case "RECENT" -> Candidate::isRecent;
            case "NEW" -> c -> c.isRecent() && !containsIgnoreCase(c.message().flags(), "\\Seen");
            case "ANSWERED" -> flag("\\Answered", true);
            case "UNANSWERED" -> flag("\\Answered", false);
            case "DELETED" -> flag("\\Deleted", true);
            case "UNDELETED" -> flag("\\Deleted", false);
            case "DRAFT" -> flag("\\Draft", true);
            case "UNDRAFT" -> flag("\\Draft", false);
            case "FLAGGED" -> flag("\\Flagged", true);
            case "UNFLAGGED" -> flag("\\Flagged", false);
            case "SEEN" -> flag("\\Seen", true);
            case "UNSEEN" -> flag("\\Seen", false);
            case "KEYWORD" -> flag(keyword(name), true);
            case "UNKEYWORD" -> flag(keyword(name), false);
            case "BCC", "CC", "FROM", "SUBJECT", "TO" -> header(name, string(name));
            case "HEADER" -> header(ImapCommandParser.text(next(name)), string(name));
            case "BODY" -> body(string(name), false);
            case "TEXT" -> body(string(name), true);
            case "LARGER" -> {
                long n = number(name);
                yield c -> c.message().size() > n;
            }
            case "SMALLER" -> {
                long n = number(name);
                yield c -> c.message().size() < n;
            }
            case "BEFORE" -> internalDate(date(name), -1);
            case "ON" -> internalDate(date(name), 0);
            case "SINCE" -> internalDate(date(name), 1);
            case "SENTBEFORE" -> sentDate(date(name), -1);
            case "SENTON" -> sentDate(date(name), 0);
            case "SENTSINCE" -> sentDate(date(name), 1);
            case "UID" -> {
                SequenceSet set = SequenceSet.parse(ImapCommandParser.text(next(name)));
                yield c -> set.contains(c.message().uid(), maxUid);
            }
            case "NOT" -> {
                Key k = key(depth + 1);
                yield c -> !k.test(c);
            }
            case "OR" -> {
                Key a = key(depth + 1);
                Key b = key(depth + 1);
                yield c -> a.test(c) || b.test(c);
            }
            default -> {
                if (!name.isEmpty() && (Character.isDigit(name.charAt(0)) || name.charAt(0) == '*')) {
                    SequenceSet set = SequenceSet.parse(name);
                    yield c -> set.contains(c.seq(), maxSeq);
                }
                throw new IllegalArgumentException("unknown search key " + name);
            }
        };
    }

    /** The keyword after KEYWORD/UNKEYWORD: an atom, so never a system flag such as {@code \\Seen} (RFC 3501 section 9). */
    private String keyword(String name) {
        String k = ImapCommandParser.text(next(name));
        if (k.isEmpty() || k.startsWith("\\")) {
            throw new IllegalArgumentException(name + " wants a keyword, not " + k);
        }
        return k;
    }

    private static Key flag(String flag, boolean present) {
        return c -> containsIgnoreCase(c.message().flags(), flag) == present;
    }

    private static boolean containsIgnoreCase(Set<String> flags, String flag) {
        for (String f : flags) {
            if (f.equalsIgnoreCase(flag)) {
                return true;
            }
        }
        return false;
    }

    private static Key header(String field, String needle) {
        String folded = fold(needle);
        byte[] raw = needle.getBytes(StandardCharsets.UTF_8);
        return c -> {
            for (MimeField f : c.header().fields()) {
                if (f.name().equalsIgnoreCase(field) && headerMatches(f.value(), raw, folded)) {
                    return true;
                }
            }
            return false;
        };
    }

    /** Whether a field value (one char per octet) holds the needle as written or as text. */
    private static boolean headerMatches(String value, byte[] raw, String folded) {
        return indexOfIgnoreCase(value.getBytes(StandardCharsets.ISO_8859_1), 0, raw)
                || fold(EncodedWords.headerText(value)).contains(folded);
    }

    private Key body(String needle, boolean withHeader) {
        byte[] raw = needle.getBytes(StandardCharsets.UTF_8);
        String folded = fold(needle);
        Decoded cache = decoded;
        return c -> {
            byte[] all = c.bytes();
            int from = withHeader ? 0 : (int) Math.min(all.length, c.header().bodyStart());
            if (indexOfIgnoreCase(all, from, raw)) {
                return true;
            }
            Decoded.Text text = cache.of(c, all);
            return (withHeader && text.header().contains(folded)) || text.body().contains(folded);
        };
    }

    /**
     * The decoded, case-folded text of the message under test, computed once per message per
     * SEARCH (keys test messages one after another, so remembering the last one is enough). Its
     * size is bounded by the candidate's bytes: at most one char per octet of each text part.
     */
    private static final class Decoded {
        record Text(String header, String body) { }

        private Candidate last;
        private Text text;

        Text of(Candidate c, byte[] all) {
            if (c != last) {
                MimePart root = MimeParser.parse(all);
                StringBuilder header = new StringBuilder();
                StringBuilder body = new StringBuilder();
                appendHeader(root, header);
                appendBody(root, all, body);
                text = new Text(header.toString(), body.toString());
                last = c;
            }
            return text;
        }

        private static void appendHeader(MimePart part, StringBuilder out) {
            for (MimeField f : part.fields()) {
                appendFolded(out, f.name());
                out.append(": ");
                appendFolded(out, EncodedWords.headerText(f.value()));
                out.append('\n');
            }
        }

        private static void appendBody(MimePart part, byte[] all, StringBuilder out) {
            if (part.isMultipart()) {
                for (MimePart child : part.children()) {
                    appendBody(child, all, out);
                }
            } else if (part.message() != null) {
                appendHeader(part.message(), out);
                appendBody(part.message(), all, out);
            } else if (part.type().equalsIgnoreCase("text")) {
                byte[] octets = TransferDecoding.body(part, all);
                appendFolded(out, Charsets.decode(octets, Charsets.lookup(part.parameter("charset"))));
                out.append('\n');
            }
        }
    }

    private static Key internalDate(LocalDate day, int cmp) {
        return c -> compare(c.message().internalDate().atZone(ZoneOffset.UTC).toLocalDate(), day, cmp);
    }

    private static Key sentDate(LocalDate day, int cmp) {
        return c -> {
            LocalDate sent = sentDay(c.header().header("Date"));
            return sent != null && compare(sent, day, cmp);
        };
    }

    private static boolean compare(LocalDate d, LocalDate day, int cmp) {
        return cmp < 0 ? d.isBefore(day) : cmp == 0 ? d.isEqual(day) : !d.isBefore(day);
    }

    /** The day written in a Date header (RFC 5322 section 3.3, two-digit years as section 4.3 says). */
    static LocalDate sentDay(String value) {
        if (value == null) {
            return null;
        }
        Matcher m = SENT_DATE.matcher(value);
        if (!m.find()) {
            return null;
        }
        int month = MONTHS.indexOf(m.group(2).toLowerCase(Locale.ROOT));
        int year = Integer.parseInt(m.group(3));
        if (m.group(3).length() == 2) {
            year += year < 50 ? 2000 : 1900;
        } else if (m.group(3).length() == 3) {
            year += 1900;
        }
        try {
            return month < 0 ? null : LocalDate.of(year, month + 1, Integer.parseInt(m.group(1)));
        } catch (java.time.DateTimeException e) {
            return null;
        }
    }

    /**
     * {@code s} with every char folded as {@link String#equalsIgnoreCase} compares them (upper
     * then lower case, per char), so folding keeps the length and {@code contains} on folded
     * strings is a case-insensitive substring test.
     */
    static String fold(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        appendFolded(sb, s);
        return sb.toString();
    }

    private static void appendFolded(StringBuilder sb, String s) {
        for (int i = 0; i < s.length(); i++) {
            sb.append(Character.toLowerCase(Character.toUpperCase(s.charAt(i))));
        }
    }

    private static boolean indexOfIgnoreCase(byte[] h, int from, byte[] n) {
        outer:
        for (int i = from; i <= h.length - n.length; i++) {
            for (int j = 0; j < n.length; j++) {
                if (lower(h[i + j]) != lower(n[j])) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static byte lower(byte b) {
        return b >= 'A' && b <= 'Z' ? (byte) (b + 32) : b;
    }
}
