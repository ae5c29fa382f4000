package io.twisted.mail.smtp;

import java.util.Locale;
import java.util.Objects;

/**
 * A mailbox address from an SMTP path (RFC 5321 section 4.1.2): a local part and a domain.
 *
 * <p>{@link #parsePath} reads {@code <local@domain>}; a source route ({@code <@a,@b:user@d>}) is
 * accepted and dropped as section 4.1.1.3 allows; a quoted local part is kept with its quotes.
 * Limits are those of section 4.5.3.1: local part 64 octets, domain 255, path 256. The null
 * reverse path {@code <>} is {@link #NULL_SENDER}.
 */
public final class MailAddress {

    /** Longest local part (RFC 5321 section 4.5.3.1.1). */
    public static final int MAX_LOCAL_PART = 64;
    /** Longest domain (RFC 5321 section 4.5.3.1.2). */
    public static final int MAX_DOMAIN = 255;
    /** Longest path, brackets included (RFC 5321 section 4.5.3.1.3). */
    public static final int MAX_PATH = 256;

    /** The null reverse path {@code <>} (bounces). */
    public static final MailAddress NULL_SENDER = new MailAddress("", "");

    private final String localPart;
    private final String domain;

    private MailAddress(String localPart, String domain) {
        this.localPart = localPart;
        this.domain = domain;
    }

    /**
     * An address {@code localPart@domain}.
     *
     * @throws IllegalArgumentException if either part is empty, too long, or malformed
     */
    public static MailAddress of(String localPart, String domain) {
        checkLocalPart(localPart);
        checkDomain(domain);
        return new MailAddress(localPart, domain);
    }

    /** Parses {@code local@domain} (no brackets). */
    public static MailAddress parse(String address) {
        Objects.requireNonNull(address, "address");
        int at = address.lastIndexOf('@');
        if (at <= 0 || at == address.length() - 1) {
            throw new IllegalArgumentException("not an address: " + address);
        }
        return of(address.substring(0, at), address.substring(at + 1));
    }

    /**
     * Parses a path {@code <...>} at the start of {@code text}.
     *
     * @param allowNull whether {@code <>} is acceptable (MAIL FROM)
     * @return the address and the index just after {@code >}
     * @throws IllegalArgumentException on a syntax error
     */
    public static Parsed parsePath(String text, boolean allowNull) {
        if (!text.startsWith("<")) {
            throw new IllegalArgumentException("path must start with '<'");
        }
        int end = -1;
        boolean quoted = false;
        for (int i = 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && quoted) {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == '>' && !quoted) {
                end = i;
                break;
            }
        }
        if (end < 0) {
            throw new IllegalArgumentException("path has no closing '>'");
        }
        if (end + 1 > MAX_PATH) {
            throw new IllegalArgumentException("path longer than " + MAX_PATH + " octets");
        }
        String inner = text.substring(1, end);
        if (inner.isEmpty()) {
            if (!allowNull) {
                throw new IllegalArgumentException("empty path");
            }
            return new Parsed(NULL_SENDER, end + 1);
        }
        if (inner.startsWith("@")) {
            int colon = inner.indexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("source route without ':'");
            }
            inner = inner.substring(colon + 1);
        }
        return new Parsed(parse(inner), end + 1);
    }

    /** The result of {@link #parsePath}. */
    public record Parsed(MailAddress address, int end) { }

    private static void checkLocalPart(String local) {
        if (local.isEmpty() || local.length() > MAX_LOCAL_PART) {
            throw new IllegalArgumentException("bad local part length: " + local.length());
        }
        if (local.startsWith("\"")) {
            if (local.length() < 2 || !local.endsWith("\"")) {
                throw new IllegalArgumentException("unterminated quoted local part");
            }
            if (local.chars().anyMatch(c -> c < 0x20 && c != '\t' || c == 0x7f)) {
                throw new IllegalArgumentException("control character in local part");
            }
            return;
        }
        if (local.startsWith(".") || local.endsWith(".") || local.contains("..")) {
            throw new IllegalArgumentException("bad dots in local part: " + local);
        }
        for (int i = 0; i < local.length(); i++) {
            char c = local.charAt(i);
            boolean atext = c >= 0x80 || Character.isLetterOrDigit(c) || "!#$%&'*+-/=?^_`{|}~.".indexOf(c) >= 0;
            if (!atext) {
                throw new IllegalArgumentException("bad character in local part: " + local);
            }
        }
    }

    private static void checkDomain(String domain) {
        if (domain.isEmpty() || domain.length() > MAX_DOMAIN) {
            throw new IllegalArgumentException("bad domain length: " + domain.length());
        }
        if (domain.startsWith("[")) {
            if (!domain.endsWith("]") || domain.chars().anyMatch(c -> c <= 0x20 || c == 0x7f)) {
                throw new IllegalArgumentException("bad address literal: " + domain);
            }
            return;
        }
        for (String label : domain.split("\\.", -1)) {
            if (label.isEmpty() || label.length() > 63 || label.startsWith("-") || label.endsWith("-")) {
                throw new IllegalArgumentException("bad domain: " + domain);
            }
            for (int i = 0; i < label.length(); i++) {
                char c = label.charAt(i);
                if (!(c >= 0x80 || Character.isLetterOrDigit(c) || c == '-')) {
                    throw new IllegalArgumentException("bad domain: " + domain);
                }
            }
        }
    }

    /** The local part as given (case kept). */
    public String localPart() {
        return localPart;
    }

    /** The domain as given. */
    public String domain() {
        return domain;
    }

    /** The domain in lower case, for lookups. */
    public String domainLowerCase() {
        return domain.toLowerCase(Locale.ROOT);
    }

    /** Whether this is {@code <>}. */
    public boolean isNull() {
        return this == NULL_SENDER;
    }

    /** {@code local@domain}, or the empty string for the null sender. */
    @Override
    public String toString() {
        return isNull() ? "" : localPart + "@" + domain;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MailAddress && ((MailAddress) o).localPart.equals(localPart)
                && ((MailAddress) o).domain.equalsIgnoreCase(domain);
    }

    @Override
    public int hashCode() {
        return localPart.hashCode() * 31 + domain.toLowerCase(Locale.ROOT).hashCode();
    }
}
