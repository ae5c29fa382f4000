package io.twisted.mail.mime;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Merges RFC 2231 parameters: continuations ({@code name*0=...; name*1=...}, section 3), charset
 * and language ({@code name*=utf-8'en'%E2%82%AC}, section 4) and both together
 * ({@code name*0*=utf-8''%E2%82%AC; name*1=rate.pdf}, section 4.1), giving each parameter once,
 * decoded to text. The parser keeps parameters as written ({@link MimePart#parameters()}, which
 * IMAP BODYSTRUCTURE passes through raw, as Dovecot does); this is what
 * {@link MimePart#parameter(String)} reads.
 *
 * <ul>
 *   <li>Sections are joined in numeric order from {@code *0}, whatever order they were written
 *       in, and up to the first missing number (later sections are dropped); at most
 *       {@value #MAX_SECTIONS} sections per parameter. A section number that is not a decimal
 *       number without leading zeros is ignored, as is a repeated one (the first is kept).</li>
 *   <li>Only the first section carries {@code charset'language'}; encoded sections
 *       ({@code *n*}) are %-decoded, the others taken as written, and the joined octets are
 *       decoded in the charset. A missing charset, or US-ASCII, reads the octets as UTF-8 when
 *       valid, else ISO-8859-1; an unknown charset gives the octets as ISO-8859-1 (one char per
 *       octet, nothing lost). An encoded first section without two {@code '} is read as
 *       %-encoded text without charset; a malformed {@code %} escape is kept literally.</li>
 *   <li>A parameter given both plainly and in RFC 2231 form takes the RFC 2231 value (it is the
 *       one that can carry the exact text).</li>
 * </ul>
 * Names in the result are the base names as first written; lookups ignore case. Never throws.
 */
public final class MimeParameters {

    /** Most continuation sections joined for one parameter. */
    public static final int MAX_SECTIONS = 64;

    private MimeParameters() {
    }

    /** One RFC 2231 section: its value as written, and whether it is %-encoded ({@code *n*}). */
    private record Section(String value, boolean encoded) { }

    private static final class Entry {
        final String name;
        String plain;
        String extended;
        final TreeMap<Integer, Section> sections = new TreeMap<>();

        Entry(String name) {
            this.name = name;
        }
    }

    /** The merged and decoded form of {@code raw} (names as written, values unquoted), in order. */
    public static Map<String, String> decode(Map<String, String> raw) {
        Map<String, Entry> entries = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : raw.entrySet()) {
            String name = e.getKey();
            String value = e.getValue();
            int star = name.indexOf('*');
            String base = star < 0 ? name : name.substring(0, star);
            if (base.isEmpty()) {
                continue;
            }
            Entry entry = entries.computeIfAbsent(base.toLowerCase(Locale.ROOT), k -> new Entry(base));
            if (star < 0) {
                if (entry.plain == null) {
                    entry.plain = value;
                }
                continue;
            }
            String rest = name.substring(star + 1);
            if (rest.isEmpty()) {
                if (entry.extended == null) {
                    entry.extended = value;
                }
                continue;
            }
            boolean encoded = rest.endsWith("*");
            String digits = encoded ? rest.substring(0, rest.length() - 1) : rest;
            int n = sectionNumber(digits);
            if (n >= 0 && n < MAX_SECTIONS) {
                entry.sections.putIfAbsent(n, new Section(value, encoded));
            }
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Entry entry : entries.values()) {
            String v;
            if (entry.sections.containsKey(0)) {
                v = joinSections(entry.sections);
            } else if (entry.extended != null) {
                v = decodeExtended(List.of(new Section(entry.extended, true)));
            } else {
                v = entry.plain;
            }
            if (v != null) {
                out.put(entry.name, v);
            }
        }
        return Collections.unmodifiableMap(out);
    }

    /** The decoded parameter {@code name} (any case) of {@code raw}, or {@code null}. */
    public static String get(Map<String, String> raw, String name) {
        for (Map.Entry<String, String> e : decode(raw).entrySet()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }

    private static int sectionNumber(String digits) {
        if (digits.isEmpty() || digits.length() > 3 || (digits.length() > 1 && digits.charAt(0) == '0')) {
            return -1;
        }
        for (int i = 0; i < digits.length(); i++) {
            if (digits.charAt(i) < '0' || digits.charAt(i) > '9') {
                return -1;
            }
        }
        return Integer.parseInt(digits);
    }

    private static String joinSections(TreeMap<Integer, Section> sections) {
        List<Section> ordered = new ArrayList<>();
        int expect = 0;
        for (Map.Entry<Integer, Section> s : sections.entrySet()) {
            if (s.getKey() != expect) {
                break;
            }
            ordered.add(s.getValue());
            expect++;
        }
        return decodeExtended(ordered);
    }

    /** Joins {@code sections}; the first may carry charset'language'. */
    private static String decodeExtended(List<Section> sections) {
        Charset charset = null;
        boolean anyEncoded = false;
        ByteArrayOutputStream octets = new ByteArrayOutputStream();
        for (int i = 0; i < sections.size(); i++) {
            String value = sections.get(i).value();
            boolean encoded = sections.get(i).encoded();
            if (encoded && i == 0) {
                int q1 = value.indexOf('\'');
                int q2 = q1 < 0 ? -1 : value.indexOf('\'', q1 + 1);
                if (q2 >= 0) {
                    String name = value.substring(0, q1);
                    charset = Charsets.lookup(name);
                    if (charset == null && !name.isEmpty()) {
                        charset = StandardCharsets.ISO_8859_1;
                    }
                    value = value.substring(q2 + 1);
                }
            }
            anyEncoded |= encoded;
            if (encoded) {
                percentDecode(value, octets);
            } else {
                byte[] b = value.getBytes(StandardCharsets.ISO_8859_1);
                octets.write(b, 0, b.length);
            }
        }
        byte[] all = octets.toByteArray();
        if (!anyEncoded && charset == null) {
            return new String(all, StandardCharsets.ISO_8859_1);
        }
        return Charsets.decode(all, charset);
    }

    private static void percentDecode(String s, ByteArrayOutputStream out) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length()
                    && EncodedWords.hex(s.charAt(i + 1)) >= 0 && EncodedWords.hex(s.charAt(i + 2)) >= 0) {
                out.write(EncodedWords.hex(s.charAt(i + 1)) * 16 + EncodedWords.hex(s.charAt(i + 2)));
                i += 2;
            } else {
                out.write(c & 0xff);
            }
        }
    }
}
