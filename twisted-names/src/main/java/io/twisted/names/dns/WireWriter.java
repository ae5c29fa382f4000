package io.twisted.names.dns;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * A growing output buffer for a DNS message (at most 65,535 octets, the TCP frame limit of
 * RFC 1035 §4.2.2) with name compression (RFC 1035 §4.1.4): each name suffix written at an offset
 * below 0x4000 is remembered, and later names point at it. Suffixes match ignoring ASCII case
 * (names are equal regardless of case, RFC 4343), so a later name takes the case of the first
 * occurrence, usually the question's, as NSD and BIND answers do.
 */
final class WireWriter {

    static final int MAX_MESSAGE = 65535;

    private byte[] buf;
    private int pos;
    private final Map<String, Integer> compression;

    WireWriter(int initial, boolean compress) {
        buf = new byte[initial];
        compression = compress ? new HashMap<>() : null;
    }

    int position() {
        return pos;
    }

    private void ensure(int n) {
        if (pos + n > MAX_MESSAGE) {
            throw new DnsFormatException("message longer than 65535 octets");
        }
        if (pos + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.min(MAX_MESSAGE, Math.max(buf.length * 2, pos + n)));
        }
    }

    void u8(int v) {
        ensure(1);
        buf[pos++] = (byte) v;
    }

    void u16(int v) {
        ensure(2);
        buf[pos++] = (byte) (v >>> 8);
        buf[pos++] = (byte) v;
    }

    void u32(long v) {
        ensure(4);
        buf[pos++] = (byte) (v >>> 24);
        buf[pos++] = (byte) (v >>> 16);
        buf[pos++] = (byte) (v >>> 8);
        buf[pos++] = (byte) v;
    }

    void bytes(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, buf, pos, b.length);
        pos += b.length;
    }

    void putU16(int at, int v) {
        buf[at] = (byte) (v >>> 8);
        buf[at + 1] = (byte) v;
    }

    void truncate(int to) {
        pos = to;
        if (compression != null) {
            compression.values().removeIf(off -> off >= to);
        }
    }

    /** Writes {@code name}, compressed against earlier names if {@code compress}. */
    void name(DnsName name, boolean compress) {
        int n = name.labelCount();
        for (int i = 0; i < n; i++) {
            if (compression != null) {
                String key = suffixKey(name, i);
                Integer at = compress ? compression.get(key) : null;
                if (at != null) {
                    u16(0xc000 | at);
                    return;
                }
                if (pos < 0x4000 && !compression.containsKey(key)) {
                    compression.put(key, pos);
                }
            }
            byte[] label = name.labelUnsafe(i);
            u8(label.length);
            bytes(label);
        }
        u8(0);
    }

    private static String suffixKey(DnsName name, int from) {
        StringBuilder sb = new StringBuilder();
        for (int i = from; i < name.labelCount(); i++) {
            byte[] label = name.labelUnsafe(i);
            sb.append((char) label.length);
            for (byte b : label) {
                sb.append((char) (b >= 'A' && b <= 'Z' ? b + 32 : b & 0xff));
            }
        }
        return sb.toString();
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buf, pos);
    }
}
