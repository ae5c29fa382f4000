package io.twisted.mail.imap4;

import java.util.ArrayList;
import java.util.List;

/**
 * A sequence set (RFC 3501 section 9, {@code sequence-set}): {@code 1,3:5,7:*}. {@code *} stands
 * for the largest number in use, given when testing membership; {@code 4:2} is {@code 2:4}.
 */
public final class SequenceSet {

    /** Stands for {@code *}. */
    private static final long STAR = -1;
    /** Most ranges accepted in one set. */
    public static final int MAX_RANGES = 10_000;

    private final List<long[]> ranges;

    private SequenceSet(List<long[]> ranges) {
        this.ranges = ranges;
    }

    /**
     * Parses {@code text}.
     *
     * @throws IllegalArgumentException on a syntax error or a zero
     */
    public static SequenceSet parse(String text) {
        List<long[]> ranges = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            if (ranges.size() >= MAX_RANGES) {
                throw new IllegalArgumentException("too many ranges");
            }
            int colon = part.indexOf(':');
            long a = number(colon < 0 ? part : part.substring(0, colon));
            long b = colon < 0 ? a : number(part.substring(colon + 1));
            ranges.add(new long[] {a, b});
        }
        return new SequenceSet(ranges);
    }

    private static long number(String s) {
        if (s.equals("*")) {
            return STAR;
        }
        if (s.isEmpty() || s.length() > 10 || !s.chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException("bad sequence number: " + s);
        }
        long n = Long.parseLong(s);
        if (n == 0) {
            throw new IllegalArgumentException("sequence numbers start at 1");
        }
        return n;
    }

    /** Whether {@code n} is in the set, {@code *} being {@code star}. */
    public boolean contains(long n, long star) {
        for (long[] r : ranges) {
            long a = r[0] == STAR ? star : r[0];
            long b = r[1] == STAR ? star : r[1];
            if (n >= Math.min(a, b) && n <= Math.max(a, b)) {
                return true;
            }
        }
        return false;
    }

    /** The largest number the set names, {@code *} being {@code star}. */
    public long max(long star) {
        long max = 0;
        for (long[] r : ranges) {
            max = Math.max(max, Math.max(r[0] == STAR ? star : r[0], r[1] == STAR ? star : r[1]));
        }
        return max;
    }
}
