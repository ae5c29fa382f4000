package io.twisted.web.files;

import java.util.ArrayList;
import java.util.List;

/** Parses {@code Range: bytes=...} (RFC 9110 section 14.1.2) against a representation's length. */
final class Ranges {

    private Ranges() {
    }

    /**
     * The satisfiable ranges as inclusive {@code [first, last]} pairs in request order: an empty
     * list when none is satisfiable (416), {@code null} when the field is to be ignored (not
     * {@code bytes}, bad syntax, more than {@code maxRanges} ranges).
     */
    static List<long[]> parse(String field, long size, int maxRanges) {
        String f = field.trim();
        int eq = f.indexOf('=');
        if (eq < 0 || !f.substring(0, eq).trim().equalsIgnoreCase("bytes")) {
            return null;
        }
        String[] specs = f.substring(eq + 1).split(",", -1);
        if (specs.length > maxRanges) {
            return null;
        }
        List<long[]> out = new ArrayList<>();
        boolean any = false;
        for (String raw : specs) {
            String spec = raw.trim();
            if (spec.isEmpty()) {
                continue; // empty list elements are allowed (RFC 9110 section 5.6.1)
            }
            any = true;
            int dash = spec.indexOf('-');
            if (dash < 0) {
                return null;
            }
            String a = spec.substring(0, dash).trim();
            String b = spec.substring(dash + 1).trim();
            if (!digits(a) && !a.isEmpty() || !digits(b) && !b.isEmpty() || a.isEmpty() && b.isEmpty()) {
                return null;
            }
            if (a.isEmpty()) {
                long suffix = Long.parseLong(b);
                if (suffix > 0 && size > 0) {
                    out.add(new long[] {Math.max(0, size - suffix), size - 1});
                }
                continue;
            }
            long first = Long.parseLong(a);
            long last = b.isEmpty() ? Long.MAX_VALUE : Long.parseLong(b);
            if (last < first) {
                return null;
            }
            if (first < size) {
                out.add(new long[] {first, Math.min(last, size - 1)});
            }
        }
        return any ? out : null;
    }

    private static boolean digits(String s) {
        if (s.isEmpty() || s.length() > 18) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }
}
