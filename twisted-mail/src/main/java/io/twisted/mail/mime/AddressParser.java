package io.twisted.mail.mime;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads an RFC 5322 address list (section 3.4) into the flat form IMAP's ENVELOPE uses (RFC 3501
 * section 7.4.2): mailboxes, and groups as a start entry (mailbox = group name, host
 * {@code null}) and an end entry (everything {@code null}). Display names keep encoded words
 * (RFC 2047) as written; comments are dropped; obsolete routes ({@code <@a,@b:x@y>}) give the
 * source route. Never throws: an address without {@code @} gets the host {@value #MISSING_DOMAIN}
 * (as Dovecot does, so it cannot be mistaken for a group marker).
 */
public final class AddressParser {

    /** The host of an address that has none. */
    public static final String MISSING_DOMAIN = "MISSING_DOMAIN";
    /** Most addresses read from one field. */
    public static final int MAX_ADDRESSES = 1000;

    /**
     * One entry of an address list.
     *
     * @param name the display name, or {@code null}
     * @param route the source route ({@code @a,@b}), or {@code null}
     * @param mailbox the local part, the group name (group start) or {@code null} (group end)
     * @param host the domain, or {@code null} for group markers
     */
    public record Address(String name, String route, String mailbox, String host) {
        /** Whether this is a group start or end marker. */
        public boolean isGroupMarker() {
            return host == null;
        }
    }

    private enum Kind { WORD, QUOTED, SPECIAL }

    private record Token(Kind kind, String text, boolean spaceBefore) {
        boolean is(char c) {
            return kind == Kind.SPECIAL && text.charAt(0) == c;
        }
    }

    private final List<Token> tokens;
    private int pos;

    private AddressParser(List<Token> tokens) {
        this.tokens = tokens;
    }

    /** Parses {@code value} (a header field's value). */
    public static List<Address> parse(String value) {
        return new AddressParser(tokenize(value)).list();
    }

    private static List<Token> tokenize(String s) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        boolean space = false;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == ')') {
                // White space, or a stray ')' (malformed: dropped).
                space = true;
                i++;
            } else if (c == '(') {
                int depth = 0;
                while (i < s.length()) {
                    char d = s.charAt(i++);
                    if (d == '\\') {
                        i++;
                    } else if (d == '(') {
                        depth++;
                    } else if (d == ')' && --depth == 0) {
                        break;
                    }
                }
                space = true;
            } else if (c == '"') {
                StringBuilder sb = new StringBuilder();
                i++;
                while (i < s.length() && s.charAt(i) != '"') {
                    if (s.charAt(i) == '\\' && i + 1 < s.length()) {
                        i++;
                    }
                    sb.append(s.charAt(i++));
                }
                i++;
                out.add(new Token(Kind.QUOTED, sb.toString(), space));
                space = false;
            } else if (c == '[') {
                int close = s.indexOf(']', i);
                close = close < 0 ? s.length() : close + 1;
                out.add(new Token(Kind.WORD, s.substring(i, close), space));
                i = close;
                space = false;
            } else if ("<>@,;:.".indexOf(c) >= 0) {
                out.add(new Token(Kind.SPECIAL, String.valueOf(c), space));
                i++;
                space = false;
            } else {
                int start = i;
                while (i < s.length() && " \t\r\n()\"[<>@,;:.".indexOf(s.charAt(i)) < 0) {
                    i++;
                }
                out.add(new Token(Kind.WORD, s.substring(start, i), space));
                space = false;
            }
        }
        return out;
    }

    private Token peek() {
        return pos < tokens.size() ? tokens.get(pos) : null;
    }

    private List<Address> list() {
        List<Address> out = new ArrayList<>();
        boolean inGroup = false;
        while (pos < tokens.size() && out.size() < MAX_ADDRESSES) {
            int phraseStart = pos;
            StringBuilder phrase = new StringBuilder();
            while (peek() != null && !peek().is('<') && !peek().is(':') && !peek().is(',') && !peek().is(';') && !peek().is('@')) {
                Token t = tokens.get(pos++);
                if (phrase.length() > 0 && t.spaceBefore()) {
                    phrase.append(' ');
                }
                phrase.append(t.text());
            }
            Token t = peek();
            if (t != null && t.is(':')) {
                pos++;
                if (inGroup) {
                    out.add(new Address(null, null, null, null));
                }
                out.add(new Address(null, null, phrase.toString(), null));
                inGroup = true;
                continue;
            }
            if (t != null && t.is('<')) {
                pos++;
                out.add(angleAddress(phrase.length() == 0 ? null : phrase.toString()));
            } else if (t != null && t.is('@')) {
                pos = phraseStart;
                out.add(addrSpec(null, null));
            } else if (phrase.length() > 0) {
                out.add(new Address(null, null, phrase.toString().replace(" ", ""), MISSING_DOMAIN));
            }
            // Skip to the next ',' or ';' (junk after an address is dropped).
            while (peek() != null && !peek().is(',') && !peek().is(';')) {
                pos++;
            }
            if (peek() != null && peek().is(';')) {
                if (inGroup) {
                    out.add(new Address(null, null, null, null));
                    inGroup = false;
                }
            }
            pos++;
        }
        if (inGroup) {
            out.add(new Address(null, null, null, null));
        }
        return out;
    }

    private Address angleAddress(String name) {
        String route = null;
        if (peek() != null && peek().is('@')) {
            StringBuilder r = new StringBuilder();
            while (peek() != null && !peek().is(':') && !peek().is('>')) {
                r.append(tokens.get(pos++).text());
            }
            if (peek() != null && peek().is(':')) {
                pos++;
                route = r.toString();
            }
        }
        Address a = addrSpec(name, route);
        while (peek() != null && !peek().is('>') && !peek().is(',') && !peek().is(';')) {
            pos++;
        }
        if (peek() != null && peek().is('>')) {
            pos++;
        }
        return a;
    }

    private Address addrSpec(String name, String route) {
        StringBuilder local = new StringBuilder();
        while (peek() != null && !peek().is('@') && !peek().is('>') && !peek().is(',') && !peek().is(';')) {
            local.append(tokens.get(pos++).text());
        }
        if (peek() == null || !peek().is('@')) {
            return new Address(name, route, local.toString(), MISSING_DOMAIN);
        }
        pos++;
        StringBuilder domain = new StringBuilder();
        while (peek() != null && !peek().is('>') && !peek().is(',') && !peek().is(';')) {
            domain.append(tokens.get(pos++).text());
        }
        return new Address(name, route, local.toString(), domain.length() == 0 ? MISSING_DOMAIN : domain.toString());
    }
}
