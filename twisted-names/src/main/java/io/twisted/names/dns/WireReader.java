package io.twisted.names.dns;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads a whole DNS message held in an array; every read is bounds-checked against a limit and
 * throws {@link DnsFormatException} past it. Names are decompressed loop-safely: each compression
 * pointer must point strictly before the start of the name segment read before it, so every
 * name ends after at most as many jumps as the message has octets (and the 255-octet name limit
 * stops it sooner); forward pointers and reserved label types (RFC 6891 §5) are errors.
 */
final class WireReader {

    final byte[] data;
    int pos;
    int limit;

    WireReader(byte[] data, int pos, int limit) {
        this.data = data;
        this.pos = pos;
        this.limit = limit;
    }

    int remaining() {
        return limit - pos;
    }

    private void need(int n, String what) {
        if (limit - pos < n) {
            throw new DnsFormatException("truncated " + what + " at offset " + pos);
        }
    }

    int u8(String what) {
        need(1, what);
        return data[pos++] & 0xff;
    }

    int u16(String what) {
        need(2, what);
        int v = (data[pos] & 0xff) << 8 | data[pos + 1] & 0xff;
        pos += 2;
        return v;
    }

    long u32(String what) {
        need(4, what);
        long v = (long) (data[pos] & 0xff) << 24 | (data[pos + 1] & 0xff) << 16 | (data[pos + 2] & 0xff) << 8
                | data[pos + 3] & 0xff;
        pos += 4;
        return v;
    }

    byte[] bytes(int n, String what) {
        need(n, what);
        byte[] b = new byte[n];
        System.arraycopy(data, pos, b, 0, n);
        pos += n;
        return b;
    }

    /** Reads a possibly compressed name starting at {@link #pos}. */
    DnsName name(String what) {
        List<byte[]> labels = new ArrayList<>(4);
        int p = pos;
        int segmentStart = p;
        int wire = 1;
        boolean jumped = false;
        while (true) {
            if (p >= limit && !jumped || p >= data.length) {
                throw new DnsFormatException("truncated name in " + what + " at offset " + p);
            }
            int len = data[p] & 0xff;
            if (len == 0) {
                p++;
                if (!jumped) {
                    pos = p;
                }
                break;
            }
            int kind = len & 0xc0;
            if (kind == 0xc0) {
                if (p + 1 >= (jumped ? data.length : limit)) {
                    throw new DnsFormatException("truncated compression pointer in " + what + " at offset " + p);
                }
                int target = (len & 0x3f) << 8 | data[p + 1] & 0xff;
                if (target >= segmentStart) {
                    throw new DnsFormatException((target >= p ? "forward" : "looping") + " compression pointer to "
                            + target + " at offset " + p + " in " + what);
                }
                if (!jumped) {
                    pos = p + 2;
                    jumped = true;
                }
                p = target;
                segmentStart = target;
                continue;
            }
            if (kind != 0) {
                throw new DnsFormatException("unsupported label type 0x" + Integer.toHexString(kind) + " at offset " + p
                        + " in " + what);
            }
            wire += 1 + len;
            if (wire > DnsName.MAX_WIRE_LENGTH) {
                throw new DnsFormatException("name longer than 255 octets in " + what + " at offset " + p);
            }
            int end = p + 1 + len;
            if (end > (jumped ? data.length : limit)) {
                throw new DnsFormatException("truncated label in " + what + " at offset " + p);
            }
            byte[] label = new byte[len];
            System.arraycopy(data, p + 1, label, 0, len);
            labels.add(label);
            p = end;
        }
        return DnsName.ofTrusted(labels);
    }
}
