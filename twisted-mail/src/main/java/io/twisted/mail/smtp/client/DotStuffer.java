package io.twisted.mail.smtp.client;

import java.nio.ByteBuffer;

/**
 * Dot-stuffs a message for DATA as it streams (RFC 5321 section 4.5.2): a line that starts with
 * {@code '.'} gets a second {@code '.'} in front, whatever chunk boundaries fall where, and
 * {@link #finish()} gives the end-of-data marker, with a CRLF first if the message did not end
 * with one.
 *
 * <p>A bare LF (not preceded by CR) is sent as CRLF: RFC 5321 section 2.3.8 forbids bare LFs in
 * SMTP, and servers disagree on what they mean. A message with CRLF line ends passes unchanged
 * apart from the stuffing. Chunks without a line-leading dot or bare LF are passed through as
 * they are; others are copied into one reused scratch buffer (no per-byte allocation). Pure: no
 * I/O.
 */
public final class DotStuffer {

    private static final byte[] END_AT_LINE_START = {'.', '\r', '\n'};
    private static final byte[] END_MID_LINE = {'\r', '\n', '.', '\r', '\n'};
    private static final byte[] END_AFTER_CR = {'\n', '.', '\r', '\n'};

    private boolean atLineStart = true;
    private boolean afterCr;
    private byte[] scratch = new byte[0];

    /**
     * Stuffs the remaining bytes of {@code chunk} (consumed). The result is valid until the next call
     * (it may be {@code chunk} itself or the scratch buffer).
     */
    public ByteBuffer stuff(ByteBuffer chunk) {
        if (!needsChange(chunk)) {
            ByteBuffer out = chunk.slice();
            updateState(chunk);
            chunk.position(chunk.limit());
            return out;
        }
        int n = chunk.remaining();
        if (scratch.length < 2 * n) {
            scratch = new byte[Math.max(2 * n, 1024)];
        }
        int o = 0;
        for (int i = chunk.position(); i < chunk.limit(); i++) {
            byte b = chunk.get(i);
            if (atLineStart && b == '.') {
                scratch[o++] = '.';
            }
            if (b == '\n' && !afterCr) {
                scratch[o++] = '\r';
            }
            scratch[o++] = b;
            atLineStart = b == '\n';
            afterCr = b == '\r';
        }
        chunk.position(chunk.limit());
        return ByteBuffer.wrap(scratch, 0, o);
    }

    /** Stuffs a whole array (not changed). */
    public ByteBuffer stuff(byte[] chunk) {
        return stuff(ByteBuffer.wrap(chunk));
    }

    /** The end of data: {@code "." CRLF}, preceded by CRLF unless the message ended with one. */
    public byte[] finish() {
        if (atLineStart) {
            return END_AT_LINE_START.clone();
        }
        return afterCr ? END_AFTER_CR.clone() : END_MID_LINE.clone();
    }

    private boolean needsChange(ByteBuffer chunk) {
        boolean start = atLineStart;
        boolean cr = afterCr;
        for (int i = chunk.position(); i < chunk.limit(); i++) {
            byte b = chunk.get(i);
            if (start && b == '.' || b == '\n' && !cr) {
                return true;
            }
            start = b == '\n';
            cr = b == '\r';
        }
        return false;
    }

    private void updateState(ByteBuffer chunk) {
        if (chunk.hasRemaining()) {
            byte last = chunk.get(chunk.limit() - 1);
            atLineStart = last == '\n';
            afterCr = last == '\r';
        }
    }
}
