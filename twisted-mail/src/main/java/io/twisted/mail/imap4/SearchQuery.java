package io.twisted.mail.imap4;

import io.twisted.mail.imap4.ImapCommandParser.Atom;
import io.twisted.mail.mime.MimeField;
import io.twisted.mail.mime.MimePart;
import java.io.IOException;
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
 * against each message. Strings match as case-insensitive (ASCII case) substrings of the raw
 * octets, so a UTF-8 search string finds UTF-8 header or body text. Deviations, documented:
 * BODY and TEXT search the message as stored (transfer encodings are not decoded, encoded words
 * not decoded); RECENT, NEW and OLD follow {@link Candidate#isRecent()};
 * dates (BEFORE, ON, SINCE) compare the INTERNALDATE's day in UTC, SENT* compare the day written
 * in the Date header (a Date that does not parse matches no SENT* key).
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

    private final ArrayDeque<Object> args;
    private final long maxSeq;
    private final long maxUid;

    private SearchQuery(List<Object> args, long maxSeq, long maxUid) {
        this.args = new ArrayDeque<>(args);
        this.maxSeq = maxSeq;
        this.maxUid = maxUid;
    }

    /**
     * Parses the search keys {@code args} (after any CHARSET), {@code *} standing for
     * {@code maxSeq} in sequence sets and {@code maxUid} in UID sets.
     *
     * @throws IllegalArgumentException on a syntax error or an unknown key
     */
    static Key parse(List<Object> args, long maxSeq, long maxUid) {
        if (args.isEmpty()) {
            throw new IllegalArgumentException("SEARCH needs a key");
        }
        SearchQuery q = new SearchQuery(args, maxSeq, maxUid);
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
            return new String(b, StandardCharsets.ISO_8859_1);
        }
        return new String(((Atom) o).value().getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
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
            SearchQuery inner = new SearchQuery(new ArrayList<>(group), maxSeq, maxUid);
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
            case "KEYWORD" -> flag(ImapCommandParser.text(next(name)), true);
            case "UNKEYWORD" -> flag(ImapCommandParser.text(next(name)), false);
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
        return c -> {
            for (MimeField f : c.header().fields()) {
                if (f.name().equalsIgnoreCase(field) && indexOfIgnoreCase(f.value(), needle)) {
                    return true;
                }
            }
            return false;
        };
    }

    private static Key body(String needle, boolean withHeader) {
        byte[] n = needle.getBytes(StandardCharsets.ISO_8859_1);
        return c -> {
            byte[] all = c.bytes();
            int from = withHeader ? 0 : (int) Math.min(all.length, c.header().bodyStart());
            return indexOfIgnoreCase(all, from, n);
        };
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

    private static boolean indexOfIgnoreCase(String haystack, String needle) {
        return indexOfIgnoreCase(haystack.getBytes(StandardCharsets.ISO_8859_1), 0, needle.getBytes(StandardCharsets.ISO_8859_1));
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
