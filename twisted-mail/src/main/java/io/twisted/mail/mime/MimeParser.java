package io.twisted.mail.mime;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Parses a whole message held in memory into a {@link MimePart} tree (RFC 5322 header, RFC 2045
 * Content-Type, RFC 2046 multipart bodies, {@code message/rfc822} encapsulation). It never
 * throws on malformed input:
 * <ul>
 *   <li>a header without a blank line ends at the end of the part (empty body), or after
 *       {@link Limits#maxHeaderBytes()} (the rest is body);</li>
 *   <li>header lines that are neither a field nor a continuation are skipped; a field longer than
 *       {@link Limits#maxFieldLength()} is cut there; fields past {@link Limits#maxFields()} are
 *       not kept;</li>
 *   <li>a Content-Type that does not parse is {@code text/plain} (RFC 2045 section 5.2); a
 *       multipart without a boundary parameter, or nested deeper than {@link Limits#maxDepth()},
 *       or past {@link Limits#maxParts()} parts, is a single leaf;</li>
 *   <li>a multipart whose delimiter never appears has one text/plain child, its whole body; a
 *       missing close delimiter ends the last part at the end of the body;</li>
 *   <li>lines may end in CRLF or a bare LF.</li>
 * </ul>
 */
public final class MimeParser {

    /**
     * Limits on what input can make the parser keep.
     *
     * @param maxHeaderBytes most bytes of one part's header (default 1 MiB)
     * @param maxFieldLength most chars kept of one field's value (default 64 KiB)
     * @param maxFields most fields kept per part (default 1,000)
     * @param maxDepth deepest nesting of multiparts and messages (default 32)
     * @param maxParts most parts in one message (default 10,000)
     */
    public record Limits(int maxHeaderBytes, int maxFieldLength, int maxFields, int maxDepth, int maxParts) {
        /** The defaults. */
        public static final Limits DEFAULT = new Limits(1 << 20, 64 * 1024, 1000, 32, 10_000);
    }

    private final byte[] data;
    private final Limits limits;
    private int parts;

    private MimeParser(byte[] data, Limits limits) {
        this.data = data;
        this.limits = limits;
    }

    /** Parses {@code message} with the default limits. */
    public static MimePart parse(byte[] message) {
        return parse(message, Limits.DEFAULT);
    }

    /** Parses {@code message}. */
    public static MimePart parse(byte[] message, Limits limits) {
        return new MimeParser(message, limits).part(0, message.length, false, 0);
    }

    /**
     * Parses only a header (a message too large to hold): the result is a leaf whose body is
     * {@code [header.length, totalSize)}, with 0 lines (unknown).
     */
    public static MimePart parseHeaderOnly(byte[] header, long totalSize) {
        MimeParser p = new MimeParser(header, Limits.DEFAULT);
        List<MimeField> fields = new ArrayList<>();
        int bodyStart = p.header(0, header.length, fields);
        ContentType ct = ContentType.of(fields, false);
        return new MimePart(0, bodyStart, Math.max(bodyStart, totalSize), fields, ct.type, ct.subtype, ct.params, 0, List.of(), null);
    }

    private MimePart part(int start, int end, boolean digest, int depth) {
        parts++;
        List<MimeField> fields = new ArrayList<>();
        int bodyStart = header(start, end, fields);
        ContentType ct = ContentType.of(fields, digest);
        long lines = countLines(bodyStart, end);
        List<MimePart> children = List.of();
        MimePart message = null;
        boolean deeper = depth < limits.maxDepth() && parts < limits.maxParts();
        String boundary = ct.param("boundary");
        if (ct.type.equalsIgnoreCase("multipart") && boundary != null && !boundary.isEmpty() && deeper) {
            children = multipart(bodyStart, end, boundary, ct.subtype.equalsIgnoreCase("digest"), depth);
        } else if (ct.type.equalsIgnoreCase("multipart")) {
            // No usable boundary: the body is one plain leaf (see the class comment).
            ct = new ContentType("text", "plain", Map.of());
        } else if (ct.type.equalsIgnoreCase("message") && ct.subtype.equalsIgnoreCase("rfc822") && deeper) {
            message = part(bodyStart, end, false, depth + 1);
        }
        return new MimePart(start, bodyStart, end, fields, ct.type, ct.subtype, ct.params, lines, children, message);
    }

    /** Reads the header from {@code start}; returns where the body starts. */
    private int header(int start, int end, List<MimeField> fields) {
        int limit = (int) Math.min(end, (long) start + limits.maxHeaderBytes());
        int pos = start;
        StringBuilder current = null;
        String name = null;
        while (pos < limit) {
            int eol = lineEnd(pos, limit);
            int next = eol < limit ? eol + 1 : limit;
            int contentEnd = eol > pos && eol < limit && data[eol - 1] == '\r' ? eol - 1 : eol;
            if (eol >= limit) {
                contentEnd = limit;
            }
            if (contentEnd == pos) {
                addField(fields, name, current);
                return next;
            }
            byte first = data[pos];
            if ((first == ' ' || first == '\t') && current != null) {
                appendCapped(current, pos, contentEnd);
            } else {
                addField(fields, name, current);
                name = null;
                current = null;
                int colon = -1;
                for (int i = pos; i < contentEnd; i++) {
                    if (data[i] == ':') {
                        colon = i;
                        break;
                    }
                    if (data[i] <= ' ' || data[i] == 0x7f) {
                        break;
                    }
                }
                if (colon > pos) {
                    name = new String(data, pos, colon - pos, StandardCharsets.ISO_8859_1);
                    current = new StringBuilder();
                    int v = colon + 1;
                    while (v < contentEnd && (data[v] == ' ' || data[v] == '\t')) {
                        v++;
                    }
                    appendCapped(current, v, contentEnd);
                }
                // else: not a field (no colon, or white space in the name): skipped.
            }
            pos = next;
        }
        addField(fields, name, current);
        return pos;
    }

    private int lineEnd(int pos, int limit) {
        while (pos < limit && data[pos] != '\n') {
            pos++;
        }
        return pos;
    }

    private void appendCapped(StringBuilder sb, int from, int to) {
        int room = limits.maxFieldLength() - sb.length();
        if (room > 0) {
            sb.append(new String(data, from, Math.min(room, to - from), StandardCharsets.ISO_8859_1));
        }
    }

    private void addField(List<MimeField> fields, String name, StringBuilder value) {
        if (name != null && fields.size() < limits.maxFields()) {
            fields.add(new MimeField(name, value.toString().strip()));
        }
    }

    private List<MimePart> multipart(int bodyStart, int end, String boundary, boolean digest, int depth) {
        byte[] delim = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        List<MimePart> out = new ArrayList<>();
        int partStart = -1;
        int pos = bodyStart;
        while (pos < end) {
            int eol = lineEnd(pos, end);
            int kind = delimiter(pos, eol, delim);
            if (kind != 0) {
                if (partStart >= 0) {
                    out.add(part(partStart, beforeLineBreak(pos, partStart), digest, depth + 1));
                }
                if (kind == 2) {
                    partStart = -1;
                    break;
                }
                partStart = eol < end ? eol + 1 : end;
                if (parts >= limits.maxParts()) {
                    break;
                }
            }
            pos = eol + 1;
        }
        if (partStart >= 0) {
            // Missing close delimiter: the last part runs to the end.
            out.add(part(partStart, end, digest, depth + 1));
        }
        if (out.isEmpty()) {
            out.add(new MimePart(bodyStart, bodyStart, end, List.of(), "text", "plain", Map.of(), countLines(bodyStart, end), List.of(), null));
        }
        return out;
    }

    /** Lines of {@code [from, to)}: its LFs, plus one for a last line without one. */
    private long countLines(int from, int to) {
        long n = 0;
        for (int i = from; i < to; i++) {
            if (data[i] == '\n') {
                n++;
            }
        }
        return to > from && data[to - 1] != '\n' ? n + 1 : n;
    }

    /** 0: not a delimiter line; 1: a delimiter; 2: the close delimiter (RFC 2046 section 5.1.1). */
    private int delimiter(int pos, int eol, byte[] delim) {
        if (eol - pos < delim.length) {
            return 0;
        }
        for (int i = 0; i < delim.length; i++) {
            if (data[pos + i] != delim[i]) {
                return 0;
            }
        }
        int i = pos + delim.length;
        int kind = 1;
        if (i + 1 < eol && data[i] == '-' && data[i + 1] == '-') {
            kind = 2;
            i += 2;
        }
        for (; i < eol; i++) {
            if (data[i] != ' ' && data[i] != '\t' && data[i] != '\r') {
                return 0;
            }
        }
        return kind;
    }

    /** The line break before a delimiter belongs to the delimiter (RFC 2046 section 5.1.1). */
    private int beforeLineBreak(int delimiterLine, int partStart) {
        int e = delimiterLine;
        if (e > partStart && data[e - 1] == '\n') {
            e--;
            if (e > partStart && data[e - 1] == '\r') {
                e--;
            }
        }
        return e;
    }

    /** A parsed Content-Type (or Content-Disposition) value: a token and parameters. */
    record ContentType(String type, String subtype, Map<String, String> params) {

        /** The parameter as written, else its RFC 2231 form decoded (a continued boundary). */
        String param(String name) {
            for (Map.Entry<String, String> e : params.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name)) {
                    return e.getValue();
                }
            }
            return MimeParameters.get(params, name);
        }

        static ContentType of(List<MimeField> fields, boolean digest) {
            String value = null;
            for (MimeField f : fields) {
                if (f.name().equalsIgnoreCase("Content-Type")) {
                    value = f.value();
                    break;
                }
            }
            ContentType dflt = digest ? new ContentType("message", "rfc822", Map.of())
                    : new ContentType("TEXT", "PLAIN", Map.of("CHARSET", "US-ASCII"));
            if (value == null) {
                return dflt;
            }
            Parameterized p = Parameterized.parse(value);
            int slash = p.value().indexOf('/');
            if (slash <= 0 || slash == p.value().length() - 1) {
                return new ContentType("TEXT", "PLAIN", Map.of("CHARSET", "US-ASCII"));
            }
            return new ContentType(p.value().substring(0, slash).strip(), p.value().substring(slash + 1).strip(), p.params());
        }
    }

    /**
     * A header value of the form {@code token *(";" name "=" value)} (Content-Type,
     * Content-Disposition; RFC 2045 section 5.1). Comments are dropped, quoted values unquoted.
     * {@link #params()} keeps the parameters as written (RFC 2231 sections as separate
     * parameters, values still %-encoded: what IMAP BODYSTRUCTURE sends); {@link #param(String)}
     * and {@link #decodedParams()} give them merged and decoded by {@link MimeParameters}. At most
     * 100 parameters are kept; a repeated name keeps its first value.
     *
     * @param value the leading token
     * @param params the parameters as written, in order
     */
    public record Parameterized(String value, Map<String, String> params) {

        /** Parses {@code text}; never throws. */
        public static Parameterized parse(String text) {
            String s = stripComments(text);
            List<String> pieces = new ArrayList<>();
            StringBuilder cur = new StringBuilder();
            boolean quoted = false;
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (quoted && c == '\\' && i + 1 < s.length()) {
                    cur.append(c).append(s.charAt(++i));
                    continue;
                }
                if (c == '"') {
                    quoted = !quoted;
                }
                if (c == ';' && !quoted) {
                    pieces.add(cur.toString());
                    cur.setLength(0);
                } else {
                    cur.append(c);
                }
            }
            pieces.add(cur.toString());
            Map<String, String> params = new LinkedHashMap<>();
            for (String piece : pieces.subList(1, pieces.size())) {
                int eq = piece.indexOf('=');
                if (eq <= 0) {
                    continue;
                }
                String name = piece.substring(0, eq).strip();
                String v = piece.substring(eq + 1).strip();
                if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
                    v = unquote(v.substring(1, v.length() - 1));
                }
                if (!name.isEmpty() && params.size() < 100) {
                    params.putIfAbsent(name, v);
                }
            }
            return new Parameterized(pieces.get(0).strip(), params);
        }

        private static String unquote(String s) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c == '\\' && i + 1 < s.length()) {
                    c = s.charAt(++i);
                }
                sb.append(c);
            }
            return sb.toString();
        }

        private static String stripComments(String s) {
            StringBuilder sb = new StringBuilder();
            int depth = 0;
            boolean quoted = false;
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c == '\\' && i + 1 < s.length() && (quoted || depth > 0)) {
                    if (depth == 0) {
                        sb.append(c).append(s.charAt(i + 1));
                    }
                    i++;
                    continue;
                }
                if (depth == 0 && c == '"') {
                    quoted = !quoted;
                } else if (!quoted && c == '(') {
                    depth++;
                    continue;
                } else if (!quoted && c == ')' && depth > 0) {
                    depth--;
                    continue;
                }
                if (depth == 0) {
                    sb.append(c);
                }
            }
            return sb.toString();
        }

        /**
         * The parameter {@code name} (any case) with RFC 2231 continuations merged and its charset
         * decoded (see {@link MimeParameters}), or {@code null}.
         */
        public String param(String name) {
            return MimeParameters.get(params, name);
        }

        /** The parameter {@code name} (any case) exactly as written, or {@code null}. */
        public String rawParam(String name) {
            for (Map.Entry<String, String> e : params.entrySet()) {
                if (e.getKey().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
                    return e.getValue();
                }
            }
            return null;
        }

        /** All parameters, RFC 2231 sections merged and decoded, in order. */
        public Map<String, String> decodedParams() {
            return MimeParameters.decode(params);
        }
    }
}
