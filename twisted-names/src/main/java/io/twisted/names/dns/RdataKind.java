package io.twisted.names.dns;

import java.util.HashMap;
import java.util.Map;

/**
 * The field types RDATA is made of (as ldns's rdata field descriptors), and the field layout of
 * every known type. One table drives the wire codec and the presentation format both ways, so a
 * type is added by adding its layout here.
 */
enum RdataKind {
    /** 8-bit unsigned integer. */
    U8,
    /** 16-bit unsigned integer. */
    U16,
    /** 32-bit unsigned integer. */
    U32,
    /** 32-bit time interval; text may use BIND units ({@code 1h30m}, {@code 2w}). */
    PERIOD,
    /** A domain name that may be compressed on write (RFC 1035 types, RFC 3597 §4). */
    NAME_C,
    /** A domain name never compressed on write (decompressed on read, RFC 3597 §4). */
    NAME,
    IPV4,
    IPV6,
    /** One {@code <character-string>}: length octet + up to 255 octets. */
    STRING,
    /** One or more character-strings up to the end of RDATA (TXT, SPF). */
    STRINGS,
    /** Octets to the end of RDATA, hex in text (may be split by spaces). */
    HEX,
    /** Octets to the end of RDATA, base64 in text (may be split by spaces). */
    BASE64,
    /** A 16-bit type code, a mnemonic in text (RRSIG type covered). */
    TYPE,
    /** 32-bit seconds since the epoch, {@code YYYYMMDDHHmmSS} in text (RFC 4034 §3.2). */
    TIME,
    /** Type bitmap to the end of RDATA (RFC 4034 §4.1.2), a list of types in text. */
    BITMAP,
    /** Length octet + octets, hex in text, {@code -} when empty (NSEC3 salt, RFC 5155 §3.3). */
    SALT,
    /** Length octet + octets, base32hex in text (NSEC3 next hashed owner, RFC 5155 §3.3). */
    BASE32,
    /** Length octet + letters/digits, bare in text (CAA tag, RFC 8659 §4.1). */
    TAG,
    /** Octets to the end of RDATA, one quoted string in text (CAA value). */
    STRING_REST;

    boolean takesRest() {
        return this == STRINGS || this == HEX || this == BASE64 || this == BITMAP || this == STRING_REST;
    }

    private static final Map<DnsType, RdataKind[]> LAYOUTS = new HashMap<>();

    private static void layout(DnsType type, RdataKind... kinds) {
        LAYOUTS.put(type, kinds);
    }

    static {
        layout(DnsType.A, IPV4);
        layout(DnsType.NS, NAME_C);
        layout(DnsType.CNAME, NAME_C);
        layout(DnsType.SOA, NAME_C, NAME_C, U32, PERIOD, PERIOD, PERIOD, PERIOD);
        layout(DnsType.PTR, NAME_C);
        layout(DnsType.HINFO, STRING, STRING);
        layout(DnsType.MX, U16, NAME_C);
        layout(DnsType.TXT, STRINGS);
        layout(DnsType.SPF, STRINGS);
        layout(DnsType.RP, NAME, NAME);
        layout(DnsType.AFSDB, U16, NAME);
        layout(DnsType.AAAA, IPV6);
        layout(DnsType.SRV, U16, U16, U16, NAME);
        layout(DnsType.NAPTR, U16, U16, STRING, STRING, STRING, NAME);
        layout(DnsType.DNAME, NAME);
        layout(DnsType.DS, U16, U8, U8, HEX);
        layout(DnsType.SSHFP, U8, U8, HEX);
        layout(DnsType.RRSIG, TYPE, U8, U8, U32, TIME, TIME, U16, NAME, BASE64);
        layout(DnsType.NSEC, NAME, BITMAP);
        layout(DnsType.DNSKEY, U16, U8, U8, BASE64);
        layout(DnsType.NSEC3, U8, U8, U16, SALT, BASE32, BITMAP);
        layout(DnsType.NSEC3PARAM, U8, U8, U16, SALT);
        layout(DnsType.TLSA, U8, U8, U8, HEX);
        layout(DnsType.CAA, U8, TAG, STRING_REST);
    }

    /** The layout of {@code type}, or {@code null} for types kept as RFC 3597 generic data. */
    static RdataKind[] layoutOf(DnsType type) {
        return LAYOUTS.get(type);
    }
}
