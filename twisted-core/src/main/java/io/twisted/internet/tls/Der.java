package io.twisted.internet.tls;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * The few DER (ITU-T X.690) operations PEM key loading needs: read a TLV, write a TLV. Not a
 * general ASN.1 library: it reads definite lengths only, as DER requires.
 */
final class Der {

    static final int INTEGER = 0x02;
    static final int OCTET_STRING = 0x04;
    static final int NULL = 0x05;
    static final int OID = 0x06;
    static final int SEQUENCE = 0x30;
    /** {@code [0]} constructed, as in SEC1's {@code ECPrivateKey.parameters}. */
    static final int CONTEXT_0 = 0xa0;

    /** OID 1.2.840.113549.1.1.1 rsaEncryption (RFC 8017 appendix C). */
    static final byte[] OID_RSA = {0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01};
    /** OID 1.2.840.113549.1.1.10 id-RSASSA-PSS. */
    static final byte[] OID_RSASSA_PSS = {0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x0a};
    /** OID 1.2.840.10045.2.1 id-ecPublicKey (RFC 5480 section 2.1.1). */
    static final byte[] OID_EC = {0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01};
    /** OID 1.3.101.112 id-Ed25519 (RFC 8410). */
    static final byte[] OID_ED25519 = {0x2b, 0x65, 0x70};
    /** OID 1.3.101.113 id-Ed448 (RFC 8410). */
    static final byte[] OID_ED448 = {0x2b, 0x65, 0x71};
    /** OID 1.2.840.10040.4.1 id-dsa. */
    static final byte[] OID_DSA = {0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x38, 0x04, 0x01};

    /** One TLV inside {@code buf}: tag, and the content at {@code [start, end)}. */
    record Tlv(int tag, byte[] buf, int start, int end) {
        byte[] content() {
            return Arrays.copyOfRange(buf, start, end);
        }

        /** The whole encoding, tag and length included. */
        byte[] encoded(int headerStart) {
            return Arrays.copyOfRange(buf, headerStart, end);
        }

        /** A reader over the content, for constructed types. */
        Reader children() {
            return new Reader(buf, start, end);
        }
    }

    /** Reads consecutive TLVs from a byte range. */
    static final class Reader {
        private final byte[] buf;
        private int pos;
        private final int end;

        Reader(byte[] buf) {
            this(buf, 0, buf.length);
        }

        Reader(byte[] buf, int start, int end) {
            this.buf = buf;
            this.pos = start;
            this.end = end;
        }

        boolean hasMore() {
            return pos < end;
        }

        int peekTag() {
            need(1);
            return buf[pos] & 0xff;
        }

        Tlv read() {
            need(2);
            int tag = buf[pos++] & 0xff;
            if ((tag & 0x1f) == 0x1f) {
                throw new IllegalArgumentException("DER: multi-byte tags are not supported");
            }
            int len = buf[pos++] & 0xff;
            if (len == 0x80) {
                throw new IllegalArgumentException("DER: indefinite length is not DER");
            }
            if (len > 0x80) {
                int n = len & 0x7f;
                if (n > 3) {
                    throw new IllegalArgumentException("DER: length too large");
                }
                need(n);
                len = 0;
                for (int i = 0; i < n; i++) {
                    len = (len << 8) | (buf[pos++] & 0xff);
                }
            }
            need(len);
            Tlv t = new Tlv(tag, buf, pos, pos + len);
            pos += len;
            return t;
        }

        Tlv read(int expectedTag, String what) {
            Tlv t = read();
            if (t.tag() != expectedTag) {
                throw new IllegalArgumentException("DER: expected " + what + " (tag 0x" + Integer.toHexString(expectedTag)
                        + ") but found tag 0x" + Integer.toHexString(t.tag()));
            }
            return t;
        }

        private void need(int n) {
            if (n > end - pos) {
                throw new IllegalArgumentException("DER: truncated structure");
            }
        }
    }

    /** Encodes one TLV with a primitive or constructed content. */
    static byte[] tlv(int tag, byte[]... contents) {
        int len = 0;
        for (byte[] c : contents) {
            len += c.length;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(len + 6);
        out.write(tag);
        if (len < 0x80) {
            out.write(len);
        } else if (len < 0x100) {
            out.write(0x81);
            out.write(len);
        } else if (len < 0x10000) {
            out.write(0x82);
            out.write(len >> 8);
            out.write(len);
        } else {
            out.write(0x83);
            out.write(len >> 16);
            out.write(len >> 8);
            out.write(len);
        }
        for (byte[] c : contents) {
            out.write(c, 0, c.length);
        }
        return out.toByteArray();
    }

    private Der() {
    }
}
