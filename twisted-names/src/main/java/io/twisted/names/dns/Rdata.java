package io.twisted.names.dns;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.TreeSet;

/**
 * The RDATA of one resource record, immutable. Known types (see {@link DnsType}) are held as
 * typed fields, in wire order:
 *
 * <table>
 * <caption>Field values by kind</caption>
 * <tr><td>integers, times</td><td>{@link Long}</td></tr>
 * <tr><td>names</td><td>{@link DnsName}</td></tr>
 * <tr><td>addresses</td><td>{@link Inet4Address} / {@link Inet6Address}</td></tr>
 * <tr><td>character-strings, hex, base64, salt, hash, CAA tag/value</td><td>{@code byte[]} (a copy)</td></tr>
 * <tr><td>TXT/SPF strings</td><td>{@code List<byte[]>}</td></tr>
 * <tr><td>RRSIG type covered</td><td>{@link DnsType}</td></tr>
 * <tr><td>NSEC/NSEC3 bitmap</td><td>{@code List<DnsType>}</td></tr>
 * </table>
 *
 * Other types (and OPT) are RFC 3597 generic data: {@link #fieldCount()} is 0 and {@link #toWire()}
 * is all there is. Presentation format both ways: {@link #toString()} and {@link #parse}; the
 * generic form {@code \# LENGTH HEX} (RFC 3597 §5) is accepted for every type.
 * Equality compares the type and the uncompressed wire form.
 */
public final class Rdata {

    private final DnsType type;
    private final Object[] fields;
    private final byte[] wire;

    private Rdata(DnsType type, Object[] fields, byte[] wire) {
        this.type = type;
        this.fields = fields;
        this.wire = wire;
    }

    // ------------------------------------------------------------------ factories

    /**
     * RDATA of {@code type} from field values in wire order. Accepted values: numbers for integers,
     * {@link DnsName} or absolute name strings for names, {@link InetAddress} or literals for
     * addresses, {@code String} (UTF-8) or {@code byte[]} for strings and octets, a {@code List}
     * or array for TXT strings and bitmaps, {@link DnsType} or a mnemonic for types.
     *
     * @throws DnsFormatException if a value does not fit its field
     */
    public static Rdata of(DnsType type, Object... values) {
        RdataKind[] layout = RdataKind.layoutOf(type);
        if (layout == null) {
            if (values.length != 1 || !(values[0] instanceof byte[])) {
                throw new DnsFormatException(type + " has no known layout: give its RDATA as one byte[]");
            }
            return generic(type, (byte[]) values[0]);
        }
        if (values.length != layout.length) {
            throw new DnsFormatException(type + " takes " + layout.length + " fields, not " + values.length);
        }
        WireWriter w = new WireWriter(64, false);
        for (int i = 0; i < layout.length; i++) {
            writeValue(w, layout[i], values[i], type);
        }
        return fromWire(type, w.toByteArray());
    }

    /** RFC 3597 generic RDATA: kept as octets whatever the type. */
    public static Rdata generic(DnsType type, byte[] data) {
        if (data.length > 0xffff) {
            throw new DnsFormatException("RDATA longer than 65535 octets");
        }
        return new Rdata(type, new Object[0], data.clone());
    }

    /**
     * Decodes uncompressed RDATA of {@code type}.
     *
     * @throws DnsFormatException if it does not match the type's layout
     */
    public static Rdata fromWire(DnsType type, byte[] data) {
        return read(type, new WireReader(data, 0, data.length), data.length);
    }

    public static Rdata a(String address) {
        return of(DnsType.A, address);
    }

    public static Rdata aaaa(String address) {
        return of(DnsType.AAAA, address);
    }

    public static Rdata ns(DnsName host) {
        return of(DnsType.NS, host);
    }

    public static Rdata cname(DnsName target) {
        return of(DnsType.CNAME, target);
    }

    public static Rdata ptr(DnsName target) {
        return of(DnsType.PTR, target);
    }

    public static Rdata mx(int preference, DnsName exchange) {
        return of(DnsType.MX, preference, exchange);
    }

    public static Rdata txt(String... strings) {
        return of(DnsType.TXT, (Object) List.of(strings));
    }

    public static Rdata srv(int priority, int weight, int port, DnsName target) {
        return of(DnsType.SRV, priority, weight, port, target);
    }

    public static Rdata soa(DnsName mname, DnsName rname, long serial, long refresh, long retry, long expire, long minimum) {
        return of(DnsType.SOA, mname, rname, serial, refresh, retry, expire, minimum);
    }

    /** Reads RDATA of {@code length} octets at {@code r.pos} (names may be compressed). */
    static Rdata read(DnsType type, WireReader r, int length) {
        int start = r.pos;
        int end = start + length;
        if (end > r.limit) {
            throw new DnsFormatException("RDATA length " + length + " runs past the message at offset " + start);
        }
        RdataKind[] layout = RdataKind.layoutOf(type);
        if (layout == null) {
            byte[] raw = r.bytes(length, "RDATA");
            return new Rdata(type, new Object[0], raw);
        }
        int savedLimit = r.limit;
        r.limit = end;
        Object[] values = new Object[layout.length];
        try {
            for (int i = 0; i < layout.length; i++) {
                values[i] = readValue(r, layout[i], end, type);
            }
            if (r.pos != end) {
                throw new DnsFormatException(type + " RDATA has " + (end - r.pos) + " octets left over");
            }
        } finally {
            r.limit = savedLimit;
        }
        // The canonical (uncompressed) wire form, from the decoded fields.
        WireWriter w = new WireWriter(Math.max(16, length), false);
        for (int i = 0; i < layout.length; i++) {
            writeValue(w, layout[i], values[i], type);
        }
        return new Rdata(type, values, w.toByteArray());
    }

    // ------------------------------------------------------------------ accessors

    public DnsType type() {
        return type;
    }

    /** The number of typed fields (0 for generic data). */
    public int fieldCount() {
        return fields.length;
    }

    /** Whether this is RFC 3597 generic data (a type without a known layout). */
    public boolean isGeneric() {
        return RdataKind.layoutOf(type) == null;
    }

    /** Field {@code i} (see the class comment for value types); octets are copied. */
    public Object field(int i) {
        Object v = fields[i];
        if (v instanceof byte[]) {
            return ((byte[]) v).clone();
        }
        return v;
    }

    /** Field {@code i} as a name. */
    public DnsName name(int i) {
        return (DnsName) fields[i];
    }

    /** Field {@code i} as a number. */
    public long number(int i) {
        return (Long) fields[i];
    }

    /** The address of an A or AAAA record. */
    public InetAddress address() {
        return (InetAddress) fields[0];
    }

    /** The character-strings of a TXT or SPF record. */
    @SuppressWarnings("unchecked")
    public List<byte[]> strings() {
        List<byte[]> out = new ArrayList<>();
        for (byte[] b : (List<byte[]>) fields[0]) {
            out.add(b.clone());
        }
        return out;
    }

    /**
     * The name this record points at, which a server adds glue or chases for: the target of NS,
     * CNAME, DNAME, PTR, MX, SRV, AFSDB; {@code null} for other types.
     */
    public DnsName target() {
        if (type.equals(DnsType.NS) || type.equals(DnsType.CNAME) || type.equals(DnsType.PTR)
                || type.equals(DnsType.DNAME)) {
            return name(0);
        }
        if (type.equals(DnsType.MX) || type.equals(DnsType.AFSDB)) {
            return name(1);
        }
        if (type.equals(DnsType.SRV)) {
            return name(3);
        }
        return null;
    }

    /** The uncompressed wire form (a copy). */
    public byte[] toWire() {
        return wire.clone();
    }

    /** Octets on the wire, uncompressed. */
    public int length() {
        return wire.length;
    }

    /** Writes into a message: names of RFC 1035 types are compressed. */
    void write(WireWriter w) {
        RdataKind[] layout = RdataKind.layoutOf(type);
        if (layout == null) {
            w.bytes(wire);
            return;
        }
        for (int i = 0; i < layout.length; i++) {
            if (layout[i] == RdataKind.NAME_C) {
                w.name((DnsName) fields[i], true);
            } else if (layout[i] == RdataKind.NAME) {
                w.name((DnsName) fields[i], false);
            } else {
                writeValue(w, layout[i], fields[i], type);
            }
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Rdata && ((Rdata) o).type.equals(type) && Arrays.equals(((Rdata) o).wire, wire);
    }

    @Override
    public int hashCode() {
        return type.hashCode() * 31 + Arrays.hashCode(wire);
    }

    // ------------------------------------------------------------------ presentation format

    /** Presentation format with absolute names. */
    @Override
    public String toString() {
        return toText(null);
    }

    /** Presentation format; names below {@code origin} are written relative to it (for zone files). */
    public String toText(DnsName origin) {
        RdataKind[] layout = RdataKind.layoutOf(type);
        if (layout == null) {
            return "\\# " + wire.length + (wire.length == 0 ? "" : " " + hex(wire));
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < layout.length; i++) {
            String s = formatValue(layout[i], fields[i], origin);
            if (s.isEmpty()) {
                continue;
            }
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(s);
        }
        return sb.toString();
    }

    /**
     * Parses presentation-format RDATA (a line's tokens after the type).
     *
     * @param origin relative names are completed with it ({@code null}: names must be absolute,
     *     though a missing trailing dot is then accepted)
     * @throws DnsFormatException naming the bad field
     */
    public static Rdata parse(DnsType type, List<TextToken> tokens, DnsName origin) {
        if (!tokens.isEmpty() && !tokens.get(0).quoted() && tokens.get(0).text().equals("\\#")) {
            return parseGeneric(type, tokens);
        }
        RdataKind[] layout = RdataKind.layoutOf(type);
        if (layout == null) {
            throw new DnsFormatException("type " + type + " must be written in the RFC 3597 form \\# LENGTH HEX");
        }
        WireWriter w = new WireWriter(64, false);
        int t = 0;
        for (RdataKind kind : layout) {
            if (kind.takesRest()) {
                List<TextToken> rest = tokens.subList(t, tokens.size());
                parseRest(w, kind, rest, type);
                t = tokens.size();
            } else {
                if (t >= tokens.size()) {
                    throw new DnsFormatException(type + " record is missing fields (needs " + layout.length + ")");
                }
                parseOne(w, kind, tokens.get(t++), origin, type);
            }
        }
        if (t != tokens.size()) {
            throw new DnsFormatException(type + " record has extra text '" + tokens.get(t).text() + "'");
        }
        return fromWire(type, w.toByteArray());
    }

    /** Parses presentation-format RDATA from one line of text (parentheses and comments allowed). */
    public static Rdata parse(DnsType type, String text, DnsName origin) {
        MasterFileLexer lexer = new MasterFileLexer(text);
        List<TextToken> all = new ArrayList<>();
        for (List<TextToken> line = lexer.nextLine(); line != null; line = lexer.nextLine()) {
            all.addAll(line);
        }
        return parse(type, all, origin);
    }

    private static Rdata parseGeneric(DnsType type, List<TextToken> tokens) {
        if (tokens.size() < 2) {
            throw new DnsFormatException("\\# needs a length");
        }
        int len = (int) parseNumber(tokens.get(1).text(), 0xffff, "generic RDATA length");
        StringBuilder hex = new StringBuilder();
        for (TextToken tok : tokens.subList(2, tokens.size())) {
            hex.append(tok.text());
        }
        byte[] data = unhex(hex.toString());
        if (data.length != len) {
            throw new DnsFormatException("\\# says " + len + " octets but gives " + data.length);
        }
        return type.equals(DnsType.OPT) || RdataKind.layoutOf(type) == null ? generic(type, data) : fromWire(type, data);
    }

    private static void parseOne(WireWriter w, RdataKind kind, TextToken tok, DnsName origin, DnsType type) {
        String s = tok.text();
        String what = type + " field";
        switch (kind) {
            case U8 -> w.u8((int) parseNumber(s, 0xff, what));
            case U16 -> w.u16((int) parseNumber(s, 0xffff, what));
            case U32 -> w.u32(parseNumber(s, 0xffffffffL, what));
            case PERIOD -> w.u32(parsePeriod(s));
            case NAME_C, NAME -> w.name(DnsName.parse(s, origin), false);
            case IPV4 -> w.bytes(parseAddress(s, 4));
            case IPV6 -> w.bytes(parseAddress(s, 16));
            case STRING -> writeString(w, unescape(s));
            case TYPE -> w.u16(DnsType.fromText(s).code());
            case TIME -> w.u32(parseTime(s));
            case SALT -> {
                byte[] b = s.equals("-") ? new byte[0] : unhex(s);
                if (b.length > 255) {
                    throw new DnsFormatException("salt longer than 255 octets");
                }
                w.u8(b.length);
                w.bytes(b);
            }
            case BASE32 -> {
                byte[] b = base32hexDecode(s);
                if (b.length > 255) {
                    throw new DnsFormatException("hash longer than 255 octets");
                }
                w.u8(b.length);
                w.bytes(b);
            }
            case TAG -> {
                byte[] b = unescape(s);
                if (b.length == 0 || b.length > 255) {
                    throw new DnsFormatException("CAA tag must be 1-255 octets");
                }
                for (byte x : b) {
                    if (!Character.isLetterOrDigit(x)) {
                        throw new DnsFormatException("CAA tag may hold only letters and digits (RFC 8659 §4.1)");
                    }
                }
                w.u8(b.length);
                w.bytes(b);
            }
            default -> throw new IllegalStateException(kind.toString());
        }
    }

    private static void parseRest(WireWriter w, RdataKind kind, List<TextToken> rest, DnsType type) {
        switch (kind) {
            case STRINGS -> {
                if (rest.isEmpty()) {
                    throw new DnsFormatException(type + " needs at least one string");
                }
                for (TextToken t : rest) {
                    writeString(w, unescape(t.text()));
                }
            }
            case HEX, BASE64 -> {
                StringBuilder sb = new StringBuilder();
                for (TextToken t : rest) {
                    sb.append(t.text());
                }
                if (sb.length() == 0) {
                    throw new DnsFormatException(type + " is missing its " + (kind == RdataKind.HEX ? "hex" : "base64") + " data");
                }
                if (kind == RdataKind.HEX) {
                    w.bytes(unhex(sb.toString()));
                } else {
                    try {
                        w.bytes(Base64.getDecoder().decode(sb.toString()));
                    } catch (IllegalArgumentException e) {
                        throw new DnsFormatException("bad base64 in " + type + ": " + e.getMessage());
                    }
                }
            }
            case BITMAP -> {
                List<DnsType> types = new ArrayList<>();
                for (TextToken t : rest) {
                    types.add(DnsType.fromText(t.text()));
                }
                writeBitmap(w, types);
            }
            case STRING_REST -> {
                if (rest.size() != 1) {
                    throw new DnsFormatException(type + " needs exactly one value string");
                }
                w.bytes(unescape(rest.get(0).text()));
            }
            default -> throw new IllegalStateException(kind.toString());
        }
    }

    private static String formatValue(RdataKind kind, Object v, DnsName origin) {
        switch (kind) {
            case U8, U16, U32, PERIOD:
                return v.toString();
            case NAME_C, NAME:
                return origin == null ? v.toString() : ((DnsName) v).toRelativeString(origin);
            case IPV4:
                return ((InetAddress) v).getHostAddress();
            case IPV6:
                return formatIpv6(((InetAddress) v).getAddress());
            case STRING:
                return quote((byte[]) v);
            case STRINGS: {
                StringBuilder sb = new StringBuilder();
                for (Object s : (List<?>) v) {
                    if (sb.length() > 0) {
                        sb.append(' ');
                    }
                    sb.append(quote((byte[]) s));
                }
                return sb.toString();
            }
            case HEX:
                return hex((byte[]) v);
            case BASE64:
                return Base64.getEncoder().encodeToString((byte[]) v);
            case TYPE:
                return v.toString();
            case TIME:
                return formatTime((Long) v);
            case BITMAP: {
                StringBuilder sb = new StringBuilder();
                for (Object t : (List<?>) v) {
                    if (sb.length() > 0) {
                        sb.append(' ');
                    }
                    sb.append(t);
                }
                return sb.toString();
            }
            case SALT:
                return ((byte[]) v).length == 0 ? "-" : hex((byte[]) v);
            case BASE32:
                return base32hexEncode((byte[]) v);
            case TAG:
                return new String((byte[]) v, StandardCharsets.ISO_8859_1);
            case STRING_REST:
                return quote((byte[]) v);
            default:
                throw new IllegalStateException(kind.toString());
        }
    }

    // ------------------------------------------------------------------ wire fields

    private static Object readValue(WireReader r, RdataKind kind, int end, DnsType type) {
        String what = type + " RDATA";
        switch (kind) {
            case U8:
                return (long) r.u8(what);
            case U16:
                return (long) r.u16(what);
            case U32, PERIOD, TIME:
                return r.u32(what);
            case NAME_C, NAME:
                return r.name(what);
            case IPV4:
                return toAddress(r.bytes(4, what));
            case IPV6:
                return toIpv6(r.bytes(16, what));
            case STRING:
                return r.bytes(r.u8(what), what);
            case STRINGS: {
                List<byte[]> out = new ArrayList<>();
                while (r.pos < end) {
                    out.add(r.bytes(r.u8(what), what));
                }
                if (out.isEmpty()) {
                    throw new DnsFormatException(type + " RDATA holds no string");
                }
                return Collections.unmodifiableList(out);
            }
            case HEX, BASE64, STRING_REST:
                return r.bytes(end - r.pos, what);
            case TYPE:
                return DnsType.valueOf(r.u16(what));
            case BITMAP:
                return readBitmap(r, end, what);
            case SALT, BASE32:
                return r.bytes(r.u8(what), what);
            case TAG: {
                int n = r.u8(what);
                if (n == 0) {
                    throw new DnsFormatException("empty CAA tag");
                }
                return r.bytes(n, what);
            }
            default:
                throw new IllegalStateException(kind.toString());
        }
    }

    private static void writeValue(WireWriter w, RdataKind kind, Object v, DnsType type) {
        try {
            switch (kind) {
                case U8 -> w.u8((int) checkNumber(v, 0xff));
                case U16 -> w.u16((int) checkNumber(v, 0xffff));
                case U32, PERIOD, TIME -> w.u32(checkNumber(v, 0xffffffffL));
                case NAME_C, NAME -> w.name(v instanceof DnsName ? (DnsName) v : DnsName.of((String) v), false);
                case IPV4 -> w.bytes(addressBytes(v, 4));
                case IPV6 -> w.bytes(addressBytes(v, 16));
                case STRING -> writeString(w, octets(v));
                case STRINGS -> {
                    List<?> list = v instanceof Object[] ? List.of((Object[]) v) : (List<?>) v;
                    if (list.isEmpty()) {
                        throw new DnsFormatException(type + " needs at least one string");
                    }
                    for (Object s : list) {
                        writeString(w, octets(s));
                    }
                }
                case HEX, BASE64, STRING_REST -> w.bytes(octets(v));
                case TYPE -> w.u16(v instanceof DnsType ? ((DnsType) v).code() : DnsType.fromText((String) v).code());
                case BITMAP -> {
                    List<?> list = v instanceof Object[] ? List.of((Object[]) v) : (List<?>) v;
                    List<DnsType> types = new ArrayList<>();
                    for (Object o : list) {
                        types.add(o instanceof DnsType ? (DnsType) o : DnsType.fromText((String) o));
                    }
                    writeBitmap(w, types);
                }
                case SALT, BASE32, TAG -> {
                    byte[] b = octets(v);
                    if (b.length > 255 || kind == RdataKind.TAG && b.length == 0) {
                        throw new DnsFormatException("field of " + b.length + " octets does not fit");
                    }
                    w.u8(b.length);
                    w.bytes(b);
                }
                default -> throw new IllegalStateException(kind.toString());
            }
        } catch (ClassCastException e) {
            throw new DnsFormatException("a " + v.getClass().getSimpleName() + " does not fit a " + kind + " field of " + type);
        }
    }

    private static long checkNumber(Object v, long max) {
        long n = ((Number) v).longValue();
        if (n < 0 || n > max) {
            throw new DnsFormatException(n + " is out of range 0-" + max);
        }
        return n;
    }

    private static byte[] octets(Object v) {
        return v instanceof byte[] ? (byte[]) v : ((String) v).getBytes(StandardCharsets.UTF_8);
    }

    private static void writeString(WireWriter w, byte[] b) {
        if (b.length > 255) {
            throw new DnsFormatException("character-string longer than 255 octets");
        }
        w.u8(b.length);
        w.bytes(b);
    }

    private static List<DnsType> readBitmap(WireReader r, int end, String what) {
        List<DnsType> out = new ArrayList<>();
        int lastWindow = -1;
        while (r.pos < end) {
            int window = r.u8(what);
            int len = r.u8(what);
            if (window <= lastWindow || len < 1 || len > 32) {
                throw new DnsFormatException("bad type bitmap window " + window + " length " + len + " in " + what);
            }
            lastWindow = window;
            byte[] bits = r.bytes(len, what);
            for (int i = 0; i < len; i++) {
                for (int b = 0; b < 8; b++) {
                    if ((bits[i] & (0x80 >>> b)) != 0) {
                        out.add(DnsType.valueOf(window * 256 + i * 8 + b));
                    }
                }
            }
        }
        return Collections.unmodifiableList(out);
    }

    private static void writeBitmap(WireWriter w, List<DnsType> types) {
        TreeSet<Integer> codes = new TreeSet<>();
        for (DnsType t : types) {
            codes.add(t.code());
        }
        int window = -1;
        byte[] bits = new byte[32];
        int used = 0;
        for (int code : codes) {
            if (code >> 8 != window) {
                if (window >= 0) {
                    w.u8(window);
                    w.u8(used);
                    w.bytes(Arrays.copyOf(bits, used));
                }
                window = code >> 8;
                Arrays.fill(bits, (byte) 0);
                used = 0;
            }
            int low = code & 0xff;
            bits[low >> 3] |= (byte) (0x80 >>> (low & 7));
            used = Math.max(used, (low >> 3) + 1);
        }
        if (window >= 0) {
            w.u8(window);
            w.u8(used);
            w.bytes(Arrays.copyOf(bits, used));
        }
    }

    private static InetAddress toAddress(byte[] b) {
        try {
            return InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Inet6Address toIpv6(byte[] b) {
        try {
            return Inet6Address.getByAddress(null, b, -1);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** RFC 5952 text: lower case, no leading zeros, the longest run of two or more zero groups as {@code ::}. */
    static String formatIpv6(byte[] b) {
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) {
            g[i] = (b[2 * i] & 0xff) << 8 | b[2 * i + 1] & 0xff;
        }
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; ) {
            if (g[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && g[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(g[i]));
        }
        return sb.toString();
    }

    private static byte[] addressBytes(Object v, int size) {
        if (v instanceof InetAddress) {
            byte[] b = ((InetAddress) v).getAddress();
            if (b.length != size) {
                throw new DnsFormatException("need an IPv" + (size == 4 ? 4 : 6) + " address, not " + v);
            }
            return b;
        }
        return parseAddress((String) v, size);
    }

    // ------------------------------------------------------------------ text helpers

    /** Parses an IPv4 dotted quad or an IPv6 literal without any name lookup. */
    static byte[] parseAddress(String s, int size) {
        if (size == 4) {
            String[] parts = s.split("\\.", -1);
            if (parts.length != 4) {
                throw new DnsFormatException("bad IPv4 address '" + s + "'");
            }
            byte[] b = new byte[4];
            for (int i = 0; i < 4; i++) {
                if (parts[i].isEmpty() || parts[i].length() > 3 || !parts[i].chars().allMatch(c -> c >= '0' && c <= '9')) {
                    throw new DnsFormatException("bad IPv4 address '" + s + "'");
                }
                int n = Integer.parseInt(parts[i]);
                if (n > 255) {
                    throw new DnsFormatException("bad IPv4 address '" + s + "'");
                }
                b[i] = (byte) n;
            }
            return b;
        }
        if (s.isEmpty() || !s.contains(":") || !s.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.')) {
            throw new DnsFormatException("bad IPv6 address '" + s + "'");
        }
        try {
            byte[] b = InetAddress.getByName(s).getAddress();
            if (b.length == 4) {
                // An IPv4-mapped literal: the JDK hands back the IPv4 address.
                byte[] m = new byte[16];
                m[10] = (byte) 0xff;
                m[11] = (byte) 0xff;
                System.arraycopy(b, 0, m, 12, 4);
                return m;
            }
            return b;
        } catch (UnknownHostException e) {
            throw new DnsFormatException("bad IPv6 address '" + s + "'");
        }
    }

    static long parseNumber(String s, long max, String what) {
        if (s.isEmpty() || s.length() > 10 || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new DnsFormatException(what + ": '" + s + "' is not a number");
        }
        long n = Long.parseLong(s);
        if (n > max) {
            throw new DnsFormatException(what + ": " + n + " is over " + max);
        }
        return n;
    }

    /** A TTL or SOA timer: seconds, or BIND units {@code 1w2d3h4m5s} (case-insensitive). */
    public static long parsePeriod(String s) {
        if (s.isEmpty()) {
            throw new DnsFormatException("empty time value");
        }
        if (s.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return parseNumber(s, 0xffffffffL, "time value");
        }
        long total = 0;
        long cur = -1;
        for (int i = 0; i < s.length(); i++) {
            char c = Character.toLowerCase(s.charAt(i));
            if (c >= '0' && c <= '9') {
                cur = (cur < 0 ? 0 : cur) * 10 + (c - '0');
                if (cur > 0xffffffffL) {
                    throw new DnsFormatException("time value '" + s + "' too large");
                }
                continue;
            }
            long unit = switch (c) {
                case 's' -> 1;
                case 'm' -> 60;
                case 'h' -> 3600;
                case 'd' -> 86400;
                case 'w' -> 604800;
                default -> throw new DnsFormatException("bad time value '" + s + "'");
            };
            if (cur < 0) {
                throw new DnsFormatException("bad time value '" + s + "'");
            }
            total += cur * unit;
            cur = -1;
        }
        if (cur >= 0) {
            total += cur;
        }
        if (total > 0xffffffffL) {
            throw new DnsFormatException("time value '" + s + "' too large");
        }
        return total;
    }

    private static final DateTimeFormatter TIME_FORMAT = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");

    private static long parseTime(String s) {
        if (s.length() == 14 && s.chars().allMatch(c -> c >= '0' && c <= '9')) {
            try {
                long epoch = LocalDateTime.parse(s, TIME_FORMAT).toEpochSecond(ZoneOffset.UTC);
                return epoch & 0xffffffffL;
            } catch (java.time.DateTimeException e) {
                throw new DnsFormatException("bad time '" + s + "'");
            }
        }
        return parseNumber(s, 0xffffffffL, "time");
    }

    private static String formatTime(long t) {
        return LocalDateTime.ofInstant(Instant.ofEpochSecond(t), ZoneOffset.UTC).format(TIME_FORMAT);
    }

    /** Decodes a character-string's escapes ({@code \X}, {@code \DDD}); other characters are UTF-8. */
    public static byte[] unescape(String s) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                if (i + 1 >= s.length()) {
                    throw new DnsFormatException("dangling backslash in '" + s + "'");
                }
                char d = s.charAt(i + 1);
                if (d >= '0' && d <= '9') {
                    if (i + 3 >= s.length() || !Character.isDigit(s.charAt(i + 2)) || !Character.isDigit(s.charAt(i + 3))) {
                        throw new DnsFormatException("bad \\DDD escape in '" + s + "'");
                    }
                    int v = Integer.parseInt(s.substring(i + 1, i + 4));
                    if (v > 255) {
                        throw new DnsFormatException("\\DDD escape over 255 in '" + s + "'");
                    }
                    out.write(v);
                    i += 3;
                } else {
                    out.write(d);
                    i++;
                }
            } else if (c < 0x80) {
                out.write(c);
            } else {
                byte[] u = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                out.write(u, 0, u.length);
            }
        }
        return out.toByteArray();
    }

    /** A character-string in quotes, {@code "} and {@code \} escaped, other non-printables as {@code \DDD}. */
    public static String quote(byte[] b) {
        StringBuilder sb = new StringBuilder(b.length + 2).append('"');
        for (byte x : b) {
            int c = x & 0xff;
            if (c == '"' || c == '\\') {
                sb.append('\\').append((char) c);
            } else if (c < 0x20 || c > 0x7e) {
                sb.append('\\').append((char) ('0' + c / 100)).append((char) ('0' + c / 10 % 10)).append((char) ('0' + c % 10));
            } else {
                sb.append((char) c);
            }
        }
        return sb.append('"').toString();
    }

    private static final char[] HEX_DIGITS = "0123456789ABCDEF".toCharArray();

    static String hex(byte[] b) {
        char[] out = new char[b.length * 2];
        for (int i = 0; i < b.length; i++) {
            out[2 * i] = HEX_DIGITS[(b[i] >> 4) & 15];
            out[2 * i + 1] = HEX_DIGITS[b[i] & 15];
        }
        return new String(out);
    }

    static byte[] unhex(String s) {
        if (s.length() % 2 != 0) {
            throw new DnsFormatException("odd number of hex digits");
        }
        byte[] out = new byte[s.length() / 2];
        for (int i = 0; i < out.length; i++) {
            int hi = Character.digit(s.charAt(2 * i), 16);
            int lo = Character.digit(s.charAt(2 * i + 1), 16);
            if (hi < 0 || lo < 0) {
                throw new DnsFormatException("bad hex digit in '" + s + "'");
            }
            out[i] = (byte) (hi << 4 | lo);
        }
        return out;
    }

    private static final String BASE32HEX = "0123456789ABCDEFGHIJKLMNOPQRSTUV";

    static String base32hexEncode(byte[] b) {
        StringBuilder sb = new StringBuilder();
        int buffer = 0;
        int bits = 0;
        for (byte x : b) {
            buffer = buffer << 8 | (x & 0xff);
            bits += 8;
            while (bits >= 5) {
                sb.append(BASE32HEX.charAt((buffer >> (bits - 5)) & 31));
                bits -= 5;
            }
        }
        if (bits > 0) {
            sb.append(BASE32HEX.charAt((buffer << (5 - bits)) & 31));
        }
        return sb.toString();
    }

    static byte[] base32hexDecode(String s) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        int buffer = 0;
        int bits = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = Character.toUpperCase(s.charAt(i));
            if (c == '=') {
                break;
            }
            int v = BASE32HEX.indexOf(c);
            if (v < 0) {
                throw new DnsFormatException("bad base32hex digit in '" + s + "'");
            }
            buffer = buffer << 5 | v;
            bits += 5;
            if (bits >= 8) {
                out.write((buffer >> (bits - 8)) & 0xff);
                bits -= 8;
            }
        }
        return out.toByteArray();
    }
}
