package io.twisted.names.dns;

import java.util.HashMap;
import java.util.Map;

/**
 * A response code: the 4 header bits (RFC 1035 §4.1.1), extended to 12 bits by the OPT record
 * (RFC 6891 §6.1.3). Unknown codes are kept.
 */
public final class DnsRcode {

    private static final Map<Integer, DnsRcode> BY_CODE = new HashMap<>();

    public static final DnsRcode NOERROR = define(0, "NOERROR");
    public static final DnsRcode FORMERR = define(1, "FORMERR");
    public static final DnsRcode SERVFAIL = define(2, "SERVFAIL");
    public static final DnsRcode NXDOMAIN = define(3, "NXDOMAIN");
    public static final DnsRcode NOTIMP = define(4, "NOTIMP");
    public static final DnsRcode REFUSED = define(5, "REFUSED");
    public static final DnsRcode YXDOMAIN = define(6, "YXDOMAIN");
    public static final DnsRcode YXRRSET = define(7, "YXRRSET");
    public static final DnsRcode NXRRSET = define(8, "NXRRSET");
    public static final DnsRcode NOTAUTH = define(9, "NOTAUTH");
    public static final DnsRcode NOTZONE = define(10, "NOTZONE");
    /** Extended (needs EDNS): unsupported EDNS version, RFC 6891 §6.1.3. */
    public static final DnsRcode BADVERS = define(16, "BADVERS");

    private final int code;
    private final String name;

    private DnsRcode(int code, String name) {
        this.code = code;
        this.name = name;
    }

    private static DnsRcode define(int code, String name) {
        DnsRcode r = new DnsRcode(code, name);
        BY_CODE.put(code, r);
        return r;
    }

    /** The rcode for a 12-bit code. */
    public static DnsRcode valueOf(int code) {
        if (code < 0 || code > 0xfff) {
            throw new IllegalArgumentException("rcode out of range: " + code);
        }
        DnsRcode r = BY_CODE.get(code);
        return r != null ? r : new DnsRcode(code, null);
    }

    public int code() {
        return code;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DnsRcode && ((DnsRcode) o).code == code;
    }

    @Override
    public int hashCode() {
        return code;
    }

    @Override
    public String toString() {
        return name != null ? name : "RCODE" + code;
    }
}
