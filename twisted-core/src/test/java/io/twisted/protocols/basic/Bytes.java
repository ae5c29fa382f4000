package io.twisted.protocols.basic;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;

/** Test shorthands for ASCII bytes. */
final class Bytes {

    private Bytes() {
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    static ByteBuffer buf(String s) {
        return ByteBuffer.wrap(ascii(s));
    }

    static String str(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    static String str(ByteBuffer b) {
        byte[] a = new byte[b.remaining()];
        b.get(a);
        return str(a);
    }

    static List<String> strs(List<byte[]> l) {
        return l.stream().map(Bytes::str).collect(Collectors.toList());
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
