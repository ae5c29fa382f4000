package io.twisted.mail.smtp;

import java.nio.ByteBuffer;
import java.util.function.Consumer;

/**
 * Streams the body of an SMTP DATA command (RFC 5321 section 4.5.2): removes the leading dot a
 * client added to every line starting with one, and finds the end of data, the line holding only
 * {@code .}. Output is handed out as slices of the input (no per-byte allocation and no line
 * buffering, so lines of any length stream through in bounded memory).
 *
 * <p>Only CRLF ends a line: a bare LF or CR inside a line is data, so {@code LF . LF} or
 * {@code LF . CRLF} never end the message (the "SMTP smuggling" class of bugs). The message
 * handed out keeps every line's CRLF, the last line's included, and excludes the terminating
 * {@code .CRLF}.
 */
public final class DotUnstuffer {

    private enum State { LINE_START, MID_LINE, CR, DOT, DOT_CR, DONE }

    private static final byte CR = '\r';
    private static final byte LF = '\n';
    private static final byte DOT = '.';

    private State state = State.LINE_START;

    /**
     * Consumes bytes of {@code in} up to and including the end-of-data line, passing message bytes
     * to {@code out} (each buffer valid only during the call).
     *
     * @return {@code true} once the end of data was consumed; {@code in}'s position is then just
     *     after it, the rest belonging to the next command
     */
    public boolean decode(ByteBuffer in, Consumer<ByteBuffer> out) {
        int runStart = in.position();
        int i = in.position();
        int limit = in.limit();
        while (i < limit && state != State.DONE) {
            byte b = in.get(i);
            switch (state) {
                case LINE_START:
                    if (b == DOT) {
                        emit(in, runStart, i, out);
                        state = State.DOT;
                        runStart = i + 1;
                    } else {
                        state = b == CR ? State.CR : State.MID_LINE;
                    }
                    break;
                case MID_LINE:
                    if (b == CR) {
                        state = State.CR;
                    }
                    break;
                case CR:
                    state = b == LF ? State.LINE_START : b == CR ? State.CR : State.MID_LINE;
                    break;
                case DOT:
                    // The dot was stuffing (or a lone dot line is coming): it is never data.
                    if (b == CR) {
                        state = State.DOT_CR;
                        runStart = i + 1;
                    } else {
                        state = State.MID_LINE;
                        runStart = i;
                    }
                    break;
                case DOT_CR:
                    if (b == LF) {
                        state = State.DONE;
                        runStart = i + 1;
                    } else {
                        // ".\r" then more: the dot is dropped, the CR is data.
                        out.accept(ByteBuffer.wrap(new byte[] {CR}));
                        state = b == CR ? State.CR : State.MID_LINE;
                        runStart = i;
                    }
                    break;
                default:
                    throw new AssertionError(state);
            }
            i++;
        }
        if (state == State.DONE) {
            in.position(i);
            return true;
        }
        if (state != State.DOT && state != State.DOT_CR) {
            emit(in, runStart, i, out);
        }
        in.position(limit);
        return false;
    }

    /** Whether the end of data was seen. */
    public boolean isDone() {
        return state == State.DONE;
    }

    private static void emit(ByteBuffer in, int from, int to, Consumer<ByteBuffer> out) {
        if (to > from) {
            ByteBuffer slice = in.duplicate();
            slice.position(from).limit(to);
            out.accept(slice);
        }
    }

    /**
     * Dot-stuffs {@code message} for sending (the inverse, for tests and clients): a dot at the
     * start of a line gets another one, and {@code .CRLF} is appended (after a CRLF if the message
     * does not end with one).
     */
    public static byte[] stuff(byte[] message) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(message.length + 16);
        boolean lineStart = true;
        for (int i = 0; i < message.length; i++) {
            byte b = message[i];
            if (lineStart && b == DOT) {
                out.write(DOT);
            }
            out.write(b);
            lineStart = b == LF && i > 0 && message[i - 1] == CR;
        }
        if (!(message.length >= 2 && message[message.length - 2] == CR && message[message.length - 1] == LF)) {
            out.write(CR);
            out.write(LF);
        }
        out.write(DOT);
        out.write(CR);
        out.write(LF);
        return out.toByteArray();
    }
}
