package io.twisted.mail.pop3;

import java.nio.ByteBuffer;

/**
 * Byte-stuffs a message for a POP3 multi-line response (RFC 1939 section 3), chunk by chunk: a
 * line starting with {@code .} gets another one. With a body-line limit it implements TOP
 * (section 7): the header, the blank line and then at most {@code n} body lines are passed on,
 * the rest is dropped. A bare LF (a message stored with Unix line ends by another delivery agent)
 * goes out as CRLF, since every POP3 line ends in CRLF (RFC 1939 section 3); {@link #wireSize}
 * counts octets the same way, so LIST and STAT match what RETR sends (section 5: "exact size").
 * Bare CRs are passed on unchanged. Keeps its state between chunks; {@link #endsWithLineBreak()}
 * tells whether a CRLF must be added before the terminating {@code .CRLF}.
 */
public final class ByteStuffer {

    private final long maxBodyLines;
    private boolean lineStart = true;
    private boolean inBody;
    private long bodyLines;
    private boolean sawAny;
    private boolean done;
    private byte last;
    private long lineLengthSoFar;

    /** Stuffs the whole message. */
    public ByteStuffer() {
        this(-1);
    }

    /** Stuffs the header and at most {@code maxBodyLines} body lines (negative: no limit). */
    public ByteStuffer(long maxBodyLines) {
        this.maxBodyLines = maxBodyLines;
    }

    /** Returns {@code chunk} stuffed (possibly truncated); consumes {@code chunk}. */
    public ByteBuffer apply(ByteBuffer chunk) {
        ByteBuffer out = ByteBuffer.allocate(chunk.remaining() + chunk.remaining() / 2 + 2);
        while (chunk.hasRemaining() && !done) {
            byte b = chunk.get();
            if (lineStart) {
                if (inBody && maxBodyLines >= 0 && bodyLines >= maxBodyLines) {
                    done = true;
                    break;
                }
                if (b == '.') {
                    out = ensure(out, 2);
                    out.put((byte) '.');
                }
                lineStart = false;
            }
            if (b == '\n' && last != '\r') {
                out = ensure(out, 2);
                out.put((byte) '\r');
            }
            out = ensure(out, 1);
            out.put(b);
            sawAny = true;
            byte before = last;
            last = b;
            if (b == '\n') {
                lineStart = true;
                if (inBody) {
                    bodyLines++;
                } else if (lineLengthSoFar == 0 || (lineLengthSoFar == 1 && before == '\r')) {
                    // An empty line ("\r\n" or "\n") ends the header (RFC 5322 section 2.1).
                    inBody = true;
                }
                lineLengthSoFar = 0;
            } else {
                lineLengthSoFar++;
            }
        }
        chunk.position(chunk.limit());
        out.flip();
        return out;
    }

    private static ByteBuffer ensure(ByteBuffer out, int n) {
        if (out.remaining() >= n) {
            return out;
        }
        ByteBuffer bigger = ByteBuffer.allocate(out.capacity() * 2 + n);
        out.flip();
        bigger.put(out);
        return bigger;
    }

    /**
     * The size of a message once its bare LFs are sent as CRLF (before byte-stuffing, which
     * RFC 1939 section 11 leaves out of the size): its length plus one per LF not preceded by CR.
     * Reads {@code in} to its end; does not close it.
     */
    public static long wireSize(java.io.InputStream in) throws java.io.IOException {
        return io.twisted.mail.maildir.CrlfLines.crlfSize(in);
    }

    /** Whether what was passed on so far ends with a line break (or nothing was passed on). */
    public boolean endsWithLineBreak() {
        return !sawAny || last == '\n';
    }
}
