package io.twisted.mail.maildir;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Messages in CRLF form. Mail protocols send lines ending in CRLF (RFC 5322 section 2.1, RFC 3501
 * section 2.3.4, RFC 1939 section 3), but many programs that write Maildirs (procmail, Postfix's
 * local delivery, Python Twisted's own Maildir) end lines with a bare LF: such a file is served
 * with each LF not preceded by CR read as CRLF, and its sizes are counted that way.
 */
public final class CrlfLines {

    private CrlfLines() {
    }

    /** The length of what {@code in} holds once its bare LFs are CRLF. Reads it to its end; does not close it. */
    public static long crlfSize(InputStream in) throws IOException {
        byte[] buf = new byte[64 * 1024];
        long size = 0;
        byte last = 0;
        int n;
        while ((n = in.read(buf)) > 0) {
            size += n;
            for (int i = 0; i < n; i++) {
                byte b = buf[i];
                if (b == '\n' && last != '\r') {
                    size++;
                }
                last = b;
            }
        }
        return size;
    }

    /** {@code in} with each LF not preceded by CR read as CRLF. Closing it closes {@code in}. */
    public static InputStream toCrlf(InputStream in) {
        return new FilterInputStream(in) {
            private int last = -1;
            private boolean pendingLf;
            private byte[] raw = new byte[0];

            @Override
            public int read() throws IOException {
                if (pendingLf) {
                    pendingLf = false;
                    last = '\n';
                    return '\n';
                }
                int b = super.read();
                if (b == '\n' && last != '\r') {
                    pendingLf = true;
                    last = '\r';
                    return '\r';
                }
                last = b;
                return b;
            }

            @Override
            public int read(byte[] out, int off, int len) throws IOException {
                if (len == 0) {
                    return 0;
                }
                int n = 0;
                if (pendingLf) {
                    out[off + n++] = '\n';
                    pendingLf = false;
                    last = '\n';
                }
                // Read at most half the room, so every byte read has space for an added CR.
                int want = (len - n) / 2;
                if (want == 0) {
                    if (n > 0) {
                        return n;
                    }
                    int b = read();
                    if (b < 0) {
                        return -1;
                    }
                    out[off] = (byte) b;
                    return 1;
                }
                want = Math.min(want, 64 * 1024);
                if (raw.length < want) {
                    raw = new byte[want]; // grows to at most 64 KiB, then reused by every read
                }
                int got = super.read(raw, 0, want);
                if (got < 0) {
                    return n > 0 ? n : -1;
                }
                for (int i = 0; i < got; i++) {
                    byte b = raw[i];
                    if (b == '\n' && last != '\r') {
                        out[off + n++] = '\r';
                    }
                    out[off + n++] = b;
                    last = b;
                }
                return n;
            }

            @Override
            public long skip(long count) throws IOException {
                long skipped = 0;
                while (skipped < count && read() >= 0) {
                    skipped++;
                }
                return skipped;
            }

            @Override
            public int available() {
                return 0;
            }

            @Override
            public boolean markSupported() {
                return false;
            }
        };
    }
}
