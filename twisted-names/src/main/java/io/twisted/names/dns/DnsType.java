package io.twisted.names.dns;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A resource record TYPE or QTYPE (an open registry: RFC 1035 §3.2.2, IANA "Resource Record (RR)
 * TYPEs"). Known types are constants; {@link #valueOf(int)} keeps any other code, printed as
 * {@code TYPEnnn} (RFC 3597 §5).
 */
public final class DnsType implements Comparable<DnsType> {

    private static final Map<Integer, DnsType> BY_CODE = new LinkedHashMap<>();
    private static final Map<String, DnsType> BY_NAME = new LinkedHashMap<>();

    public static final DnsType A = define(1, "A");
    public static final DnsType NS = define(2, "NS");
    public static final DnsType CNAME = define(5, "CNAME");
    public static final DnsType SOA = define(6, "SOA");
    public static final DnsType PTR = define(12, "PTR");
    public static final DnsType HINFO = define(13, "HINFO");
    public static final DnsType MX = define(15, "MX");
    public static final DnsType TXT = define(16, "TXT");
    public static final DnsType RP = define(17, "RP");
    public static final DnsType AFSDB = define(18, "AFSDB");
    public static final DnsType AAAA = define(28, "AAAA");
    public static final DnsType SRV = define(33, "SRV");
    public static final DnsType NAPTR = define(35, "NAPTR");
    public static final DnsType DNAME = define(39, "DNAME");
    public static final DnsType OPT = define(41, "OPT");
    public static final DnsType DS = define(43, "DS");
    public static final DnsType SSHFP = define(44, "SSHFP");
    public static final DnsType RRSIG = define(46, "RRSIG");
    public static final DnsType NSEC = define(47, "NSEC");
    public static final DnsType DNSKEY = define(48, "DNSKEY");
    public static final DnsType NSEC3 = define(50, "NSEC3");
    public static final DnsType NSEC3PARAM = define(51, "NSEC3PARAM");
    public static final DnsType TLSA = define(52, "TLSA");
    public static final DnsType SPF = define(99, "SPF");
    /** QTYPE: incremental transfer (RFC 1995). */
    public static final DnsType IXFR = define(251, "IXFR");
    /** QTYPE: full zone transfer (RFC 5936). */
    public static final DnsType AXFR = define(252, "AXFR");
    /** QTYPE {@code *}: all records (RFC 1035 §3.2.3, RFC 8482). */
    public static final DnsType ANY = define(255, "ANY");
    public static final DnsType CAA = define(257, "CAA");

    private final int code;
    private final String name;

    private DnsType(int code, String name) {
        this.code = code;
        this.name = name;
    }

    private static DnsType define(int code, String name) {
        DnsType t = new DnsType(code, name);
        BY_CODE.put(code, t);
        BY_NAME.put(name, t);
        return t;
    }

    /** The type for {@code code} (0-65535): a constant, or a new value that prints as {@code TYPEnnn}. */
    public static DnsType valueOf(int code) {
        if (code < 0 || code > 0xffff) {
            throw new IllegalArgumentException("type code out of range: " + code);
        }
        DnsType t = BY_CODE.get(code);
        return t != null ? t : new DnsType(code, null);
    }

    /**
     * The type named {@code text}: a mnemonic ({@code "MX"}, any case) or {@code TYPEnnn}.
     *
     * @throws DnsFormatException if neither
     */
    public static DnsType fromText(String text) {
        String upper = text.toUpperCase(Locale.ROOT);
        DnsType t = BY_NAME.get(upper);
        if (t != null) {
            return t;
        }
        if (upper.startsWith("TYPE") && upper.length() > 4 && upper.length() <= 9 && upper.substring(4).chars().allMatch(Character::isDigit)) {
            int code = Integer.parseInt(upper.substring(4));
            if (code <= 0xffff) {
                return valueOf(code);
            }
        }
        throw new DnsFormatException("unknown type '" + text + "'");
    }

    /** Whether {@code text} names a type. */
    public static boolean isType(String text) {
        try {
            fromText(text);
            return true;
        } catch (DnsFormatException e) {
            return false;
        }
    }

    /** The known types, in code order of definition. */
    public static Collection<DnsType> known() {
        return Collections.unmodifiableCollection(BY_CODE.values());
    }

    public int code() {
        return code;
    }

    /** Whether this is a query-only type (RFC 6895 §3.1: 128-255, e.g. AXFR, ANY) or OPT. */
    public boolean isMetaType() {
        return code == 41 || code >= 128 && code <= 255;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DnsType && ((DnsType) o).code == code;
    }

    @Override
    public int hashCode() {
        return code;
    }

    @Override
    public int compareTo(DnsType o) {
        return Integer.compare(code, o.code);
    }

    /** The mnemonic, or {@code TYPEnnn}. */
    @Override
    public String toString() {
        return name != null ? name : "TYPE" + code;
    }
}
