package io.twisted.protocols.basic;

import java.nio.ByteBuffer;

/**
 * A protocol that receives lines and/or raw data, depending on mode, as Twisted's
 * {@code LineReceiver}.
 *
 * <p>In line mode (the initial mode) each line goes to {@link #lineReceived(byte[])}; see
 * {@link AbstractLineReceiver} for delimiter, length limit and decoding helpers, and
 * {@link FramedReceiver} for pausing, disconnection and STARTTLS. {@link #setRawMode()} switches to
 * raw mode: from then on, <em>including the rest of the buffer being processed</em>, bytes go to
 * {@link #rawDataReceived(ByteBuffer)} as they come. {@link #setLineMode(ByteBuffer)} switches back;
 * its {@code extra} bytes (typically the part of a raw buffer after a literal or a body) are parsed
 * as lines, ahead of anything received later.
 *
 * <pre>{@code
 * protected void lineReceived(byte[] line) {
 *     String command = ascii(line);
 *     if (command.startsWith("DATA ")) { remaining = Integer.parseInt(command.substring(5)); setRawMode(); }
 * }
 * protected void rawDataReceived(ByteBuffer data) {
 *     int n = Math.min(remaining, data.remaining());
 *     ... consume n bytes ...; remaining -= n;
 *     if (remaining == 0) setLineMode(data);   // the rest is lines again
 * }
 * }</pre>
 */
public abstract class LineReceiver extends AbstractLineReceiver {

    private boolean lineMode = true;

    /** A receiver with the default limit of {@value #DEFAULT_MAX_LENGTH} bytes per line. */
    protected LineReceiver() {
        this(DEFAULT_MAX_LENGTH);
    }

    /** A receiver that accepts lines of at most {@code maxLength} bytes (delimiter excluded). */
    protected LineReceiver(int maxLength) {
        super(maxLength);
    }

    /**
     * Called with data received in raw mode. The buffer is valid only during the call. The default
     * discards it; override it in a receiver that uses raw mode.
     */
    protected void rawDataReceived(ByteBuffer data) {
        data.position(data.limit());
    }

    /** Switches to raw mode: the rest of the current buffer and all later bytes go to {@link #rawDataReceived}. */
    public void setRawMode() {
        lineMode = false;
        resetLineState();
    }

    /** Switches to line mode. */
    public void setLineMode() {
        lineMode = true;
        resetLineState();
    }

    /**
     * Switches to line mode and parses the remaining bytes of {@code extra} (consumed) as lines,
     * before any bytes received later. Called from {@link #rawDataReceived} this is how the part of
     * a raw buffer past the raw section returns to line parsing.
     */
    public void setLineMode(ByteBuffer extra) {
        setLineMode();
        if (extra.hasRemaining()) {
            receive(extra);
        }
    }

    /** As {@link #setLineMode(ByteBuffer)}. */
    public void setLineMode(byte[] extra) {
        setLineMode(ByteBuffer.wrap(extra));
    }

    /** Whether the receiver is in line mode. */
    public boolean isLineMode() {
        return lineMode;
    }

    @Override
    final boolean deliverNext() {
        if (lineMode) {
            return deliverLine();
        }
        if (buffer.available() == 0) {
            return false;
        }
        rawDataReceived(buffer.drain());
        return true;
    }
}
