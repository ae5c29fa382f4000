package io.twisted.names.dns;

/** The OPCODE header field (RFC 1035 §4.1.1, RFC 1996, RFC 2136); unknown codes are kept. */
public final class DnsOpcode {

    public static final DnsOpcode QUERY = new DnsOpcode(0, "QUERY");
    public static final DnsOpcode IQUERY = new DnsOpcode(1, "IQUERY");
    public static final DnsOpcode STATUS = new DnsOpcode(2, "STATUS");
    public static final DnsOpcode NOTIFY = new DnsOpcode(4, "NOTIFY");
    public static final DnsOpcode UPDATE = new DnsOpcode(5, "UPDATE");

    private static final DnsOpcode[] KNOWN = {QUERY, IQUERY, STATUS, null, NOTIFY, UPDATE};

    private final int code;
    private final String name;

    private DnsOpcode(int code, String name) {
        this.code = code;
        this.name = name;
    }

    /** The opcode for a 4-bit code. */
    public static DnsOpcode valueOf(int code) {
        if (code < 0 || code > 15) {
            throw new IllegalArgumentException("opcode out of range: " + code);
        }
        if (code < KNOWN.length && KNOWN[code] != null) {
            return KNOWN[code];
        }
        return new DnsOpcode(code, null);
    }

    public int code() {
        return code;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DnsOpcode && ((DnsOpcode) o).code == code;
    }

    @Override
    public int hashCode() {
        return code;
    }

    @Override
    public String toString() {
        return name != null ? name : "OPCODE" + code;
    }
}
