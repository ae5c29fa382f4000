package io.twisted.names.dns;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** A CLASS or QCLASS (RFC 1035 §3.2.4); unknown codes print as {@code CLASSnnn} (RFC 3597 §5). */
public final class DnsClass {

    private static final Map<Integer, DnsClass> BY_CODE = new HashMap<>();
    private static final Map<String, DnsClass> BY_NAME = new HashMap<>();

    public static final DnsClass IN = define(1, "IN");
    public static final DnsClass CH = define(3, "CH");
    public static final DnsClass HS = define(4, "HS");
    /** RFC 2136 §2.4. */
    public static final DnsClass NONE = define(254, "NONE");
    public static final DnsClass ANY = define(255, "ANY");

    private final int code;
    private final String name;

    private DnsClass(int code, String name) {
        this.code = code;
        this.name = name;
    }

    private static DnsClass define(int code, String name) {
        DnsClass c = new DnsClass(code, name);
        BY_CODE.put(code, c);
        BY_NAME.put(name, c);
        return c;
    }

    public static DnsClass valueOf(int code) {
        if (code < 0 || code > 0xffff) {
            throw new IllegalArgumentException("class code out of range: " + code);
        }
        DnsClass c = BY_CODE.get(code);
        return c != null ? c : new DnsClass(code, null);
    }

    /** {@code IN}, {@code CH}, ..., or {@code CLASSnnn}; {@code null} if {@code text} is not a class. */
    public static DnsClass fromTextOrNull(String text) {
        String upper = text.toUpperCase(Locale.ROOT);
        DnsClass c = BY_NAME.get(upper);
        if (c != null) {
            return c;
        }
        if (upper.equals("CHAOS")) {
            return CH;
        }
        if (upper.startsWith("CLASS") && upper.length() > 5 && upper.length() <= 10
                && upper.substring(5).chars().allMatch(Character::isDigit)) {
            int code = Integer.parseInt(upper.substring(5));
            if (code <= 0xffff) {
                return valueOf(code);
            }
        }
        return null;
    }

    public int code() {
        return code;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DnsClass && ((DnsClass) o).code == code;
    }

    @Override
    public int hashCode() {
        return code;
    }

    @Override
    public String toString() {
        return name != null ? name : "CLASS" + code;
    }
}
