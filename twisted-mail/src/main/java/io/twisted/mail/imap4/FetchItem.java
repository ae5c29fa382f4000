package io.twisted.mail.imap4;

import java.util.Locale;

/**
 * One FETCH data item (RFC 3501 section 6.4.5) as the server understands it: a kind, and for
 * body items the section ({@code ""}, {@code HEADER}, {@code TEXT},
 * {@code HEADER.FIELDS (..)}, {@code HEADER.FIELDS.NOT (..)}), whether fetching it sets
 * {@code \Seen}, the name the response uses, and the partial range ({@code partialStart < 0} for
 * none).
 */
final class FetchItem {

    enum Kind { UID, FLAGS, INTERNALDATE, SIZE, BODY, ENVELOPE, BODYSTRUCTURE, BODY_NONEXT }

    private static final java.util.regex.Pattern PART = java.util.regex.Pattern.compile("^([1-9][0-9]{0,8}(?:\\.[1-9][0-9]{0,8}){0,31})(?:\\.(.*))?$");

    final Kind kind;
    final String section;
    final boolean setsSeen;
    final String responseName;
    final long partialStart;
    final long partialCount;

    private FetchItem(Kind kind, String section, boolean setsSeen, String responseName, long partialStart, long partialCount) {
        this.kind = kind;
        this.section = section;
        this.setsSeen = setsSeen;
        this.responseName = responseName;
        this.partialStart = partialStart;
        this.partialCount = partialCount;
    }

    /**
     * Parses one item.
     *
     * @throws IllegalArgumentException if it is malformed or not supported
     */
    static FetchItem parse(String item) {
        String upper = item.toUpperCase(Locale.ROOT);
        switch (upper) {
            case "UID":
                return new FetchItem(Kind.UID, null, false, null, -1, -1);
            case "FLAGS":
                return new FetchItem(Kind.FLAGS, null, false, null, -1, -1);
            case "INTERNALDATE":
                return new FetchItem(Kind.INTERNALDATE, null, false, null, -1, -1);
            case "RFC822.SIZE":
                return new FetchItem(Kind.SIZE, null, false, null, -1, -1);
            case "RFC822":
                return new FetchItem(Kind.BODY, "", true, "RFC822", -1, -1);
            case "RFC822.HEADER":
                return new FetchItem(Kind.BODY, "HEADER", false, "RFC822.HEADER", -1, -1);
            case "RFC822.TEXT":
                return new FetchItem(Kind.BODY, "TEXT", true, "RFC822.TEXT", -1, -1);
            case "ENVELOPE":
                return new FetchItem(Kind.ENVELOPE, null, false, null, -1, -1);
            case "BODYSTRUCTURE":
                return new FetchItem(Kind.BODYSTRUCTURE, null, false, null, -1, -1);
            case "BODY":
                return new FetchItem(Kind.BODY_NONEXT, null, false, null, -1, -1);
            default:
                break;
        }
        boolean peek;
        int open;
        if (upper.startsWith("BODY.PEEK[")) {
            peek = true;
            open = "BODY.PEEK".length();
        } else if (upper.startsWith("BODY[")) {
            peek = false;
            open = "BODY".length();
        } else {
            throw new IllegalArgumentException("unsupported FETCH item " + item);
        }
        int close = item.indexOf(']', open);
        if (close < 0) {
            throw new IllegalArgumentException("unterminated section in " + item);
        }
        String rawSection = item.substring(open + 1, close);
        String section = normalizeSection(rawSection);
        long start = -1;
        long count = -1;
        String rest = item.substring(close + 1);
        if (!rest.isEmpty()) {
            if (!rest.startsWith("<") || !rest.endsWith(">")) {
                throw new IllegalArgumentException("bad partial in " + item);
            }
            String[] p = rest.substring(1, rest.length() - 1).split("\\.");
            if (p.length != 2) {
                throw new IllegalArgumentException("bad partial in " + item);
            }
            try {
                start = Long.parseLong(p[0]);
                count = Long.parseLong(p[1]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad partial in " + item);
            }
            if (start < 0 || count <= 0) {
                throw new IllegalArgumentException("bad partial in " + item);
            }
        }
        return new FetchItem(Kind.BODY, section, !peek, "BODY[" + section + "]", start, count);
    }

    /** The part numbers of the section ({@code 1.2.HEADER} gives {1, 2}); empty for the top level. */
    int[] part() {
        java.util.regex.Matcher m = PART.matcher(section);
        if (!m.matches()) {
            return new int[0];
        }
        String[] nums = m.group(1).split("\\.");
        int[] out = new int[nums.length];
        for (int i = 0; i < nums.length; i++) {
            out[i] = Integer.parseInt(nums[i]);
        }
        return out;
    }

    /** The section text after the part numbers: {@code ""}, HEADER, TEXT, MIME or HEADER.FIELDS[.NOT] (..). */
    String sectionText() {
        java.util.regex.Matcher m = PART.matcher(section);
        if (!m.matches()) {
            return section;
        }
        return m.group(2) == null ? "" : m.group(2);
    }

    private static String normalizeSection(String raw) {
        String upper = raw.toUpperCase(Locale.ROOT);
        java.util.regex.Matcher m = PART.matcher(upper);
        if (m.matches()) {
            if (m.group(2) == null || m.group(2).equals("MIME")) {
                return upper;
            }
            upper = m.group(2);
            return m.group(1) + "." + normalizeSection(upper);
        }
        if (upper.isEmpty() || upper.equals("HEADER") || upper.equals("TEXT")) {
            return upper;
        }
        if (upper.startsWith("HEADER.FIELDS.NOT ") || upper.startsWith("HEADER.FIELDS.NOT(")
                || upper.startsWith("HEADER.FIELDS ") || upper.startsWith("HEADER.FIELDS(")) {
            if (upper.substring(upper.indexOf('(') + 1).replace(")", "").isBlank()) {
                throw new IllegalArgumentException("[" + raw + "] names no header field (RFC 3501 section 9: header-list)");
            }
            return upper;
        }
        throw new IllegalArgumentException("unsupported section [" + raw + "]");
    }
}
