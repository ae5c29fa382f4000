package io.twisted.mail.imap4.client;

import java.util.List;

/**
 * One server response (RFC 3501 section 7), parsed.
 *
 * <p>Values in {@link #data()} and {@link #code()} are: {@code String} for atoms and numbers
 * (including bracketed fetch item names such as {@code BODY[HEADER]<0>}), {@code byte[]} for
 * quoted strings and literals (binary-safe), {@code List<Object>} for parenthesised lists, and
 * {@code null} for NIL.
 *
 * @param tag the command tag, {@code "*"} for untagged data, {@code "+"} for a continuation request
 * @param number the number before the type in {@code * 3 EXISTS}, or -1
 * @param type upper-cased keyword: OK, NO, BAD, BYE, PREAUTH, EXISTS, FETCH, LIST, ... ({@code "+"} for a continuation)
 * @param code the tokens of a {@code [response code]} of a status response, or null
 * @param text the human-readable text of a status response or continuation, else ""
 * @param data the tokens after the type (empty for status responses)
 */
public record ImapResponse(String tag, long number, String type, List<Object> code, String text, List<Object> data) {

    /** Whether this is untagged ({@code *}). */
    public boolean isUntagged() {
        return "*".equals(tag);
    }

    /** Whether this is a status response (OK, NO, BAD, BYE, PREAUTH). */
    public boolean isStatus() {
        return switch (type) {
            case "OK", "NO", "BAD", "BYE", "PREAUTH" -> true;
            default -> false;
        };
    }

    /** The first token of the response code upper-cased (e.g. {@code UIDVALIDITY}), or null. */
    public String codeName() {
        return code == null || code.isEmpty() || !(code.get(0) instanceof String s) ? null : s.toUpperCase(java.util.Locale.ROOT);
    }
}
