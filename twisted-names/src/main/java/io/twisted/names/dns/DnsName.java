package io.twisted.names.dns;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An absolute domain name: a sequence of labels of 1 to 63 octets, at most 255 octets on the wire
 * (RFC 1035 §2.3.4, §3.1). Labels are octets; equality and hashing ignore ASCII case (RFC 4343),
 * while the original case is kept for printing.
 *
 * <p>Presentation format (RFC 1035 §5.1): labels separated by dots, {@code \X} quotes a special
 * character and {@code \DDD} any octet. {@link #toString()} always ends with the root dot.
 */
public final class DnsName {

    /** Longest label, RFC 1035 §2.3.4. */
    public static final int MAX_LABEL = 63;
    /** Longest name on the wire including length octets and the root label, RFC 1035 §2.3.4. */
    public static final int MAX_WIRE_LENGTH = 255;

    /** The root name {@code "."}. */
    public static final DnsName ROOT = new DnsName(new byte[0][]);

    private final byte[][] labels;
    private int hash;

    private DnsName(byte[][] labels) {
        this.labels = labels;
        int len = 1;
        for (byte[] l : labels) {
            if (l.length == 0 || l.length > MAX_LABEL) {
                throw new DnsFormatException(l.length == 0 ? "empty label in a name" : "label longer than 63 octets");
            }
            len += 1 + l.length;
        }
        if (len > MAX_WIRE_LENGTH) {
            throw new DnsFormatException("name longer than 255 octets");
        }
    }

    /** A name from raw labels (copied), the most specific first. */
    public static DnsName fromLabels(List<byte[]> labels) {
        byte[][] copy = new byte[labels.size()][];
        for (int i = 0; i < copy.length; i++) {
            copy[i] = labels.get(i).clone();
        }
        return new DnsName(copy);
    }

    static DnsName ofTrusted(List<byte[]> labels) {
        return new DnsName(labels.toArray(new byte[0][]));
    }

    /**
     * Parses an absolute name in presentation format; a missing trailing dot is allowed
     * ({@code "www.example.com"} and {@code "www.example.com."} are the same).
     *
     * @throws DnsFormatException if it is not a valid name
     */
    public static DnsName of(String text) {
        return parse(text, ROOT);
    }

    /**
     * Parses a name in presentation format: {@code "@"} is {@code origin}, a name without a
     * trailing dot is relative to {@code origin} (RFC 1035 §5.1).
     *
     * @throws DnsFormatException if it is not a valid name, or relative with a {@code null} origin
     */
    public static DnsName parse(String text, DnsName origin) {
        if (text.equals("@")) {
            if (origin == null) {
                throw new DnsFormatException("'@' used without an origin");
            }
            return origin;
        }
        if (text.equals(".")) {
            return ROOT;
        }
        if (text.isEmpty()) {
            throw new DnsFormatException("empty name");
        }
        List<byte[]> out = new ArrayList<>();
        byte[] buf = new byte[256];
        int n = 0;
        boolean absolute = false;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '.') {
                if (n == 0) {
                    throw new DnsFormatException("empty label in '" + text + "'");
                }
                out.add(Arrays.copyOf(buf, n));
                n = 0;
                i++;
                if (i == text.length()) {
                    absolute = true;
                }
                continue;
            }
            int b;
            if (c == '\\') {
                if (i + 1 >= text.length()) {
                    throw new DnsFormatException("dangling backslash in '" + text + "'");
                }
                char d = text.charAt(i + 1);
                if (isDigit(d)) {
                    if (i + 3 >= text.length() || !isDigit(text.charAt(i + 2)) || !isDigit(text.charAt(i + 3))) {
                        throw new DnsFormatException("bad \\DDD escape in '" + text + "'");
                    }
                    b = (d - '0') * 100 + (text.charAt(i + 2) - '0') * 10 + (text.charAt(i + 3) - '0');
                    if (b > 255) {
                        throw new DnsFormatException("\\DDD escape over 255 in '" + text + "'");
                    }
                    i += 4;
                } else {
                    b = d;
                    i += 2;
                }
            } else {
                b = c;
                i++;
            }
            if (b > 255) {
                // Not octets: encode the character as UTF-8 (IDNs should be given as A-labels).
                byte[] u = String.valueOf((char) b).getBytes(StandardCharsets.UTF_8);
                for (byte x : u) {
                    if (n >= MAX_LABEL) {
                        throw new DnsFormatException("label longer than 63 octets in '" + text + "'");
                    }
                    buf[n++] = x;
                }
                continue;
            }
            if (n >= MAX_LABEL) {
                throw new DnsFormatException("label longer than 63 octets in '" + text + "'");
            }
            buf[n++] = (byte) b;
        }
        if (n > 0) {
            out.add(Arrays.copyOf(buf, n));
        }
        if (!absolute && origin == null) {
            throw new DnsFormatException("relative name '" + text + "' without an origin");
        }
        if (!absolute) {
            for (int k = 0; k < origin.labels.length; k++) {
                out.add(origin.labels[k]);
            }
        }
        return new DnsName(out.toArray(new byte[0][]));
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** The number of labels (0 for the root). */
    public int labelCount() {
        return labels.length;
    }

    /** Label {@code i} (0 is the most specific), copied. */
    public byte[] label(int i) {
        return labels[i].clone();
    }

    byte[] labelUnsafe(int i) {
        return labels[i];
    }

    /** Whether this is the root name. */
    public boolean isRoot() {
        return labels.length == 0;
    }

    /** The octets this name takes on the wire, uncompressed. */
    public int wireLength() {
        int len = 1;
        for (byte[] l : labels) {
            len += 1 + l.length;
        }
        return len;
    }

    /** The name without its first label. @throws IllegalStateException on the root */
    public DnsName parent() {
        if (labels.length == 0) {
            throw new IllegalStateException("the root has no parent");
        }
        return new DnsName(Arrays.copyOfRange(labels, 1, labels.length));
    }

    /** The last {@code count} labels of this name. */
    public DnsName suffix(int count) {
        return new DnsName(Arrays.copyOfRange(labels, labels.length - count, labels.length));
    }

    /** This name with {@code label} in front. */
    public DnsName child(String label) {
        DnsName n = parse(label, this);
        if (n.labelCount() != labels.length + 1) {
            throw new DnsFormatException("'" + label + "' is not one label");
        }
        return n;
    }

    /** {@code *.} + the parent of this name: the wildcard that could cover it (RFC 4592 §2.1.1). */
    public DnsName wildcardOf(DnsName closestEncloser) {
        byte[][] l = new byte[closestEncloser.labels.length + 1][];
        l[0] = new byte[] {'*'};
        System.arraycopy(closestEncloser.labels, 0, l, 1, closestEncloser.labels.length);
        return new DnsName(l);
    }

    /** Whether the first label is {@code *}. */
    public boolean isWildcard() {
        return labels.length > 0 && labels[0].length == 1 && labels[0][0] == '*';
    }

    /** Whether this name equals {@code other} or lies below it (ignoring case). */
    public boolean isSubdomainOf(DnsName other) {
        int off = labels.length - other.labels.length;
        if (off < 0) {
            return false;
        }
        for (int i = 0; i < other.labels.length; i++) {
            if (!labelEquals(labels[off + i], other.labels[i])) {
                return false;
            }
        }
        return true;
    }

    /** This name, relative to {@code origin} if below it, for zone-file output: {@code "@"} for the origin. */
    public String toRelativeString(DnsName origin) {
        if (origin == null || !isSubdomainOf(origin)) {
            return toString();
        }
        int keep = labels.length - origin.labels.length;
        if (keep == 0) {
            return "@";
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < keep; i++) {
            if (i > 0) {
                sb.append('.');
            }
            appendLabel(sb, labels[i]);
        }
        return sb.toString();
    }

    /** This name in lower case (for canonical comparisons and map keys). */
    public DnsName toLowerCase() {
        byte[][] l = new byte[labels.length][];
        for (int i = 0; i < l.length; i++) {
            l[i] = labels[i].clone();
            for (int j = 0; j < l[i].length; j++) {
                l[i][j] = (byte) lower(l[i][j]);
            }
        }
        return new DnsName(l);
    }

    private static int lower(byte b) {
        return b >= 'A' && b <= 'Z' ? b + 32 : b & 0xff;
    }

    private static boolean labelEquals(byte[] a, byte[] b) {
        if (a.length != b.length) {
            return false;
        }
        for (int i = 0; i < a.length; i++) {
            if (lower(a[i]) != lower(b[i])) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof DnsName)) {
            return false;
        }
        DnsName other = (DnsName) o;
        if (other.labels.length != labels.length) {
            return false;
        }
        for (int i = 0; i < labels.length; i++) {
            if (!labelEquals(labels[i], other.labels[i])) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0) {
            h = 1;
            for (byte[] l : labels) {
                for (byte b : l) {
                    h = 31 * h + lower(b);
                }
                h = 31 * h + 46;
            }
            hash = h;
        }
        return h;
    }

    /** Presentation format, absolute (with the trailing dot). */
    @Override
    public String toString() {
        if (labels.length == 0) {
            return ".";
        }
        StringBuilder sb = new StringBuilder();
        for (byte[] l : labels) {
            appendLabel(sb, l);
            sb.append('.');
        }
        return sb.toString();
    }

    static void appendLabel(StringBuilder sb, byte[] label) {
        for (byte x : label) {
            int b = x & 0xff;
            switch (b) {
                case '.', '\\', '(', ')', ';', '"', '@', '$', ' ' -> sb.append('\\').append((char) b);
                default -> {
                    if (b < 0x21 || b > 0x7e) {
                        sb.append('\\').append((char) ('0' + b / 100)).append((char) ('0' + b / 10 % 10))
                                .append((char) ('0' + b % 10));
                    } else {
                        sb.append((char) b);
                    }
                }
            }
        }
    }
}
