package io.twisted.rfctests.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.twisted.rfctests.mail.ImapResponses.Response;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Compares an IMAP server's responses to one command with what an RFC example shows, by the rules
 * written at the top of {@code rfc3501/section-6.txt} and {@code section-8.txt}.
 */
final class ImapExpectations {

    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("d-MMM-yyyy HH:mm:ss Z", Locale.ROOT);

    private final String context;
    private final List<Response> want;
    private final List<Response> got;
    /** Deviations: item or code name to the value the server gives instead. */
    private final Map<String, String> replaced = new HashMap<>();
    /** Capabilities the example shows that the server does not offer ("D: -CAP why"). */
    private final Set<String> notOffered = new HashSet<>();

    private ImapExpectations(String context, List<String> expected, List<String> deviations, String output) {
        this.context = context;
        this.want = ImapResponses.split(expected.isEmpty() ? "" : String.join("\r\n", expected) + "\r\n");
        this.got = ImapResponses.split(output);
        for (String d : deviations) {
            if (d.startsWith("-")) {
                notOffered.add(d.substring(1).split(" ")[0]);
                continue;
            }
            int space = d.indexOf(' ');
            String name = d.substring(0, space);
            String rest = d.substring(space + 1);
            String value;
            if (rest.startsWith("(")) {
                int depth = 0;
                int end = 0;
                do {
                    char c = rest.charAt(end++);
                    depth += c == '(' ? 1 : c == ')' ? -1 : 0;
                } while (depth > 0);
                value = rest.substring(0, end);
            } else {
                value = rest.split(" ")[0];
            }
            replaced.put(name, value);
        }
    }

    /** Asserts that {@code output} (the server's bytes as ISO-8859-1 text) answers as {@code expected} shows. */
    static void check(String context, List<String> expected, List<String> deviations, String output) {
        new ImapExpectations(context, expected, deviations, output).check();
    }

    private void check() {
        if (want.isEmpty()) {
            assertEquals(List.of(), got, context + ": no response expected");
            return;
        }
        assertTrue(!got.isEmpty(), context + ": no response; expected " + want);
        boolean[] used = new boolean[got.size()];
        List<String> wantExpunges = new ArrayList<>();
        Set<String> wantListNames = null;
        String listKind = null;
        for (Response w : want) {
            String[] words = w.words();
            if (w.text().startsWith("+ ")) {
                assertTrue(got.stream().anyMatch(g -> g.text().startsWith("+")), context + ": no continuation request in " + got);
                continue;
            }
            if (w.tagged()) {
                Response last = got.get(got.size() - 1);
                assertTrue(last.tagged(), context + ": the tagged reply comes last: " + got);
                assertEquals(words[0] + " " + words[1], last.words()[0] + " " + last.words()[1], context + ": tagged reply " + last.text());
                used[got.size() - 1] = true;
                continue;
            }
            if (words.length >= 3 && words[2].equals("EXPUNGE")) {
                wantExpunges.add(w.text());
                continue;
            }
            if (words[1].equals("LIST") || words[1].equals("LSUB")) {
                listKind = words[1];
                if (wantListNames == null) {
                    wantListNames = new LinkedHashSet<>();
                }
                wantListNames.add(listName(w));
            }
            int match = -1;
            for (int i = 0; i < got.size() && match < 0; i++) {
                if (!used[i] && !got.get(i).tagged() && matches(w, got.get(i))) {
                    match = i;
                }
            }
            if (match < 0) {
                fail(context + ": no response matches '" + w.text() + "' in " + got);
            }
            used[match] = true;
        }
        List<String> gotExpunges = got.stream().map(Response::text).filter(t -> t.matches("\\* [0-9]+ EXPUNGE")).toList();
        // Any order is allowed (RFC 3501 section 7.4.1: each EXPUNGE renumbers the messages after
        // it), so compare which of the original messages are gone.
        assertEquals(expunged(wantExpunges), expunged(gotExpunges), context + ": messages expunged by " + gotExpunges
                + ", expected " + wantExpunges);
        if (wantListNames != null) {
            String kind = listKind;
            Set<String> gotNames = new LinkedHashSet<>();
            for (Response g : got) {
                if (!g.tagged() && g.words()[1].equals(kind)) {
                    gotNames.add(listName(g));
                }
            }
            assertEquals(wantListNames, gotNames, context + ": the names " + kind + " answers");
        }
    }

    /** The original message numbers that the EXPUNGE responses {@code expunges}, in that order, remove. */
    private static Set<Integer> expunged(List<String> expunges) {
        List<Integer> numbers = new ArrayList<>();
        for (int n = 1; n <= 100_000; n++) {
            numbers.add(n);
        }
        Set<Integer> gone = new java.util.TreeSet<>();
        for (String e : expunges) {
            gone.add(numbers.remove(Integer.parseInt(e.split(" ")[1]) - 1));
        }
        return gone;
    }

    private static String listName(Response r) {
        List<Object> v = r.values(r.text().indexOf('('));
        return String.valueOf(v.get(2));
    }

    @SuppressWarnings("unchecked")
    private boolean matches(Response want, Response got) {
        String[] w = want.words();
        String[] g = got.words();
        if (g.length < 2) {
            return false;
        }
        if (w.length >= 3 && w[1].matches("[0-9]+") && w[2].equals("FETCH")) {
            if (g.length < 3 || !w[1].equals(g[1]) || !g[2].equals("FETCH")) {
                return false;
            }
            return want.text().endsWith("FETCH ....")
                    || fetchItemsMatch(want.values(want.text().indexOf('(')), got.values(got.text().indexOf('(')));
        }
        if (w.length >= 3 && w[1].matches("[0-9]+")) {
            return got.text().equals(want.text());
        }
        if (!w[1].equals(g[1])) {
            return false;
        }
        switch (w[1]) {
            case "FLAGS":
                return new HashSet<>(want.values(8)).equals(new HashSet<>(got.values(8)));
            case "CAPABILITY": {
                Set<String> have = new HashSet<>(List.of(g));
                for (int i = 2; i < w.length; i++) {
                    if (!notOffered.contains(w[i]) && !have.contains(w[i])) {
                        throw new AssertionError(context + ": capability " + w[i] + " missing from " + got.text());
                    }
                }
                for (String cap : notOffered) {
                    assertTrue(!have.contains(cap), context + ": " + cap + " is offered after all: " + got.text());
                }
                return true;
            }
            case "LIST":
            case "LSUB": {
                List<Object> wv = want.values(want.text().indexOf('('));
                List<Object> gv = got.values(got.text().indexOf('('));
                if (!String.valueOf(wv.get(2)).equals(String.valueOf(gv.get(2))) || !String.valueOf(wv.get(1)).equals(String.valueOf(gv.get(1)))) {
                    return false;
                }
                Set<String> wantAttrs = lowerSet((List<Object>) wv.get(0));
                Set<String> gotAttrs = lowerSet((List<Object>) gv.get(0));
                gotAttrs.removeAll(Set.of("\\haschildren", "\\hasnochildren"));
                if (!wantAttrs.equals(gotAttrs)) {
                    throw new AssertionError(context + ": attributes of " + wv.get(2) + ": expected " + wantAttrs + " in " + got.text());
                }
                return true;
            }
            case "SEARCH":
                return new HashSet<>(List.of(w).subList(2, w.length)).equals(new HashSet<>(List.of(g).subList(2, g.length)));
            case "STATUS": {
                List<Object> wv = want.values(9);
                List<Object> gv = got.values(9);
                if (!String.valueOf(wv.get(0)).equals(String.valueOf(gv.get(0)))) {
                    return false;
                }
                Map<String, Object> wi = items((List<Object>) wv.get(1));
                Map<String, Object> gi = items((List<Object>) gv.get(1));
                wi.replaceAll((k, v) -> replaced.containsKey(k) ? replaced.get(k) : String.valueOf(v));
                gi.replaceAll((k, v) -> String.valueOf(v));
                if (!wi.equals(gi)) {
                    throw new AssertionError(context + ": expected " + wi + " in " + got.text());
                }
                return true;
            }
            case "OK":
            case "NO":
                if (w.length > 2 && w[2].startsWith("[")) {
                    String code = w[2].substring(1).replace("]", "");
                    if (g.length < 3 || !g[2].substring(1).replace("]", "").equals(code)) {
                        return false;
                    }
                    if (code.equals("UIDVALIDITY") || code.equals("UIDNEXT")) {
                        return g[3].replace("]", "").matches("[1-9][0-9]*");
                    }
                    if (code.equals("PERMANENTFLAGS")) {
                        String expected = replaced.getOrDefault(code, want.text().substring(want.text().indexOf('('), want.text().indexOf(')') + 1));
                        String actual = got.text().substring(got.text().indexOf('('), got.text().indexOf(')') + 1);
                        if (!lowerSet(List.of((Object[]) expected.replaceAll("[()]", "").split(" "))).equals(
                                lowerSet(List.of((Object[]) actual.replaceAll("[()]", "").split(" "))))) {
                            throw new AssertionError(context + ": expected PERMANENTFLAGS " + expected + ", got " + got.text());
                        }
                        return true;
                    }
                    return w[2].endsWith("]") || g.length > 3 && w[3].equals(g[3]);
                }
                return true;
            default:
                return true;
        }
    }

    @SuppressWarnings("unchecked")
    private boolean fetchItemsMatch(List<Object> want, List<Object> got) {
        Map<String, Object> w = items((List<Object>) want.get(0));
        Map<String, Object> g = items((List<Object>) got.get(0));
        if (!w.keySet().equals(g.keySet())) {
            throw new AssertionError(context + ": FETCH items " + g.keySet() + ", expected " + w.keySet());
        }
        for (Map.Entry<String, Object> e : w.entrySet()) {
            String name = e.getKey();
            Object expected = replaced.containsKey(name) ? replaced.get(name) : e.getValue();
            Object actual = g.get(name);
            boolean same = switch (name) {
                case "FLAGS" -> lowerSet((List<Object>) expected).equals(lowerSet((List<Object>) actual));
                case "INTERNALDATE" -> OffsetDateTime.parse(((String) expected).strip(), DATE_TIME).toInstant()
                        .equals(OffsetDateTime.parse(((String) actual).strip(), DATE_TIME).toInstant());
                case "BODY", "BODYSTRUCTURE" -> String.valueOf(expected).toLowerCase(Locale.ROOT).equals(String.valueOf(actual).toLowerCase(Locale.ROOT));
                default -> String.valueOf(expected).equals(String.valueOf(actual));
            };
            if (!same) {
                throw new AssertionError(context + ": FETCH " + name + ": expected " + expected + ", got " + actual);
            }
        }
        return true;
    }

    private static Map<String, Object> items(List<Object> list) {
        Map<String, Object> m = new HashMap<>();
        for (int i = 0; i + 1 < list.size(); i += 2) {
            m.put(String.valueOf(list.get(i)).toUpperCase(Locale.ROOT), list.get(i + 1));
        }
        return m;
    }

    private static Set<String> lowerSet(List<Object> values) {
        Set<String> s = new HashSet<>();
        for (Object v : values) {
            if (v != null && !String.valueOf(v).isEmpty()) {
                s.add(String.valueOf(v).toLowerCase(Locale.ROOT));
            }
        }
        return s;
    }
}
