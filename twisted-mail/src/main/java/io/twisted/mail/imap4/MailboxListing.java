package io.twisted.mail.imap4;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * The answers to LIST and LSUB (RFC 3501 sections 6.3.8 and 6.3.9) over a store's folder names,
 * {@code .} being the hierarchy delimiter: the names matching reference and pattern ({@code *}
 * matches anything, {@code %} anything but the delimiter), INBOX first, with
 * {@code \HasChildren}/{@code \HasNoChildren} (RFC 3348) and {@code \Noselect} for a name that
 * only exists as the superior of others (a Maildir++ folder {@code .a.b} without {@code .a}).
 * Names are matched case-sensitively, except a leading INBOX (RFC 3501 section 5.1). Pure
 * functions, no I/O.
 */
final class MailboxListing {

    /** Longest LIST pattern accepted, in characters (the matcher takes pattern × name steps). */
    static final int MAX_LIST_PATTERN = 1024;

    /** One line of the answer: a name and its attributes (without parentheses). */
    record Entry(String name, String attributes) { }

    private MailboxListing() {
    }

    /** What LIST with an empty pattern names: the root of {@code reference} ({@code ""}, or {@code "a."}). */
    static String root(String reference) {
        int dot = reference.indexOf('.');
        return dot < 0 ? "" : reference.substring(0, dot + 1);
    }

    /** LIST: the existing names and their implied superiors that match. */
    static List<Entry> list(Collection<String> folders, String reference, String mailboxPattern) {
        String pattern = pattern(reference, mailboxPattern);
        Set<String> real = Set.copyOf(folders);
        NavigableSet<String> all = withSuperiors(real);
        List<Entry> out = new ArrayList<>();
        for (String f : inboxFirst(all)) {
            if (matches(pattern, f)) {
                out.add(new Entry(f, attributes(f, real, all)));
            }
        }
        return out;
    }

    /**
     * LSUB: the subscribed names that match (with their child attributes if they exist, none if
     * not), and, where {@code %} stops at a superior of a subscribed name that is not itself
     * subscribed, that superior with {@code \Noselect} (RFC 3501 section 6.3.9).
     */
    static List<Entry> lsub(Collection<String> folders, Collection<String> subscribed, String reference, String mailboxPattern) {
        String pattern = pattern(reference, mailboxPattern);
        Set<String> real = Set.copyOf(folders);
        NavigableSet<String> all = withSuperiors(real);
        List<String> listed = inboxFirst(subscribed);
        Map<String, String> out = new LinkedHashMap<>();
        for (String f : listed) {
            if (matches(pattern, f)) {
                out.put(f, all.contains(f) ? attributes(f, real, all) : "");
                continue;
            }
            for (int dot = f.indexOf('.'); dot > 0; dot = f.indexOf('.', dot + 1)) {
                String sup = f.substring(0, dot);
                if (!listed.contains(sup) && matches(pattern, sup)) {
                    out.putIfAbsent(sup, "\\Noselect");
                }
            }
        }
        List<Entry> entries = new ArrayList<>();
        out.forEach((name, attrs) -> entries.add(new Entry(name, attrs)));
        return entries;
    }

    private static String pattern(String reference, String mailboxPattern) {
        return mailboxPattern.startsWith("#") || reference.isEmpty() ? mailboxPattern : reference + mailboxPattern;
    }

    /** {@code names} sorted, INBOX first. */
    private static List<String> inboxFirst(Collection<String> names) {
        List<String> sorted = new ArrayList<>(new TreeSet<>(names));
        sorted.sort(Comparator.comparing((String n) -> !n.equals("INBOX")));
        return sorted;
    }

    /** {@code names} and every superior name they imply. */
    private static NavigableSet<String> withSuperiors(Set<String> names) {
        NavigableSet<String> all = new TreeSet<>(names);
        for (String f : names) {
            for (int dot = f.indexOf('.'); dot > 0; dot = f.indexOf('.', dot + 1)) {
                all.add(f.substring(0, dot));
            }
        }
        return all;
    }

    private static String attributes(String f, Set<String> real, NavigableSet<String> all) {
        String prefix = f + ".";
        String next = all.ceiling(prefix);
        String children = next != null && next.startsWith(prefix) ? "\\HasChildren" : "\\HasNoChildren";
        return real.contains(f) || f.equals("INBOX") ? children : "\\Noselect " + children;
    }

    /**
     * Whether {@code name} matches the LIST {@code pattern}; a leading {@code INBOX} of the
     * pattern is matched in any case (RFC 3501 section 5.1).
     *
     * @throws IllegalArgumentException if the pattern is longer than {@value #MAX_LIST_PATTERN}
     */
    static boolean matches(String pattern, String name) {
        if (pattern.length() > MAX_LIST_PATTERN) {
            throw new IllegalArgumentException("pattern longer than " + MAX_LIST_PATTERN);
        }
        if (pattern.regionMatches(true, 0, "INBOX", 0, 5) && (name.equals("INBOX") || name.startsWith("INBOX."))) {
            pattern = "INBOX" + pattern.substring(5);
        }
        // next[j]: the pattern from i + 1 on matches the name from j on (filled from the pattern's end).
        int n = name.length();
        boolean[] next = new boolean[n + 1];
        next[n] = true;
        for (int i = pattern.length() - 1; i >= 0; i--) {
            char c = pattern.charAt(i);
            boolean[] cur = new boolean[n + 1];
            for (int j = n; j >= 0; j--) {
                if (c == '*' || c == '%') {
                    cur[j] = next[j] || j < n && (c == '*' || name.charAt(j) != '.') && cur[j + 1];
                } else {
                    cur[j] = j < n && name.charAt(j) == c && next[j + 1];
                }
            }
            next = cur;
        }
        return next[0];
    }
}
