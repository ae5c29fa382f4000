package io.twisted.protocols.basic;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Line framing shared by {@link LineReceiver} and {@link LineOnlyReceiver}: splits the input at a
 * delimiter (CRLF by default) and delivers each line, without its delimiter, to
 * {@link #lineReceived(byte[])}.
 *
 * <p><b>Lines are bytes.</b> {@code lineReceived} gets a {@code byte[]} the receiver owns (a fresh
 * copy), so binary-safe protocols (IMAP literals, FTP paths in any encoding) lose nothing; text
 * protocols decode it with {@link #ascii(byte[])} or {@link #utf8(byte[])}.
 *
 * <p><b>Length limit.</b> A line longer than {@link #maxLength()} bytes (default
 * {@value #DEFAULT_MAX_LENGTH}, Twisted's {@code MAX_LENGTH}) is never buffered: as soon as the
 * receiver holds more than {@code maxLength + delimiter.length - 1} bytes without a delimiter it calls
 * {@link #lineLengthExceeded(byte[])} with the first {@code maxLength + 1} bytes of the line, which by
 * default closes the connection. If an override keeps the connection open, the rest of the
 * offending line, up to and including its delimiter, is discarded and the next line is delivered
 * normally (Twisted instead delivers the tail of the long line as a line of its own).
 *
 * <p>The scan does not allocate per byte: it runs over the received {@link ByteBuffer} and copies
 * only a partial line at the end of a read.
 */
public abstract class AbstractLineReceiver extends FramedReceiver {

    /** Twisted's default {@code MAX_LENGTH}: 16384 bytes. */
    public static final int DEFAULT_MAX_LENGTH = 16384;

    private byte[] delimiter = {'\r', '\n'};
    private int maxLength;
    /** Combined index up to which the buffer is known to hold no delimiter start. */
    private int scanFrom;
    /** Skipping the rest of a line that was too long. */
    private boolean discarding;

    AbstractLineReceiver(int maxLength) {
        setMaxLength(maxLength);
    }

    /**
     * Called with each line, without its delimiter. The array belongs to the callee.
     *
     * <p>The callback may write, pause, change modes or the delimiter, start TLS or close the
     * connection; the receiver delivers the next line only if the connection is still open, the
     * receiver is not paused and the transport has not changed.
     */
    protected abstract void lineReceived(byte[] line);

    /**
     * Called when a line is longer than {@link #maxLength()}; by default closes the connection
     * ({@code transport.loseConnection()}), as Twisted. Override to reply with an error instead:
     * the rest of the line is then skipped.
     *
     * @param lineStart the first {@code maxLength() + 1} bytes of the line
     */
    protected void lineLengthExceeded(byte[] lineStart) {
        closeConnection();
    }

    /** Writes {@code line} followed by the delimiter, in one write. */
    public void sendLine(byte[] line) {
        byte[] out = Arrays.copyOf(line, line.length + delimiter.length);
        System.arraycopy(delimiter, 0, out, line.length, delimiter.length);
        transport.write(out);
    }

    /** Writes the remaining bytes of {@code line} (consuming them) followed by the delimiter. */
    public void sendLine(ByteBuffer line) {
        transport.writeSequence(List.of(line, ByteBuffer.wrap(delimiter)));
    }

    /** Writes {@code line} encoded as UTF-8 (ASCII for ASCII text) followed by the delimiter. */
    public void sendLine(String line) {
        sendLine(line.getBytes(StandardCharsets.UTF_8));
    }

    /** The line delimiter. */
    public byte[] delimiter() {
        return delimiter.clone();
    }

    /** Sets the line delimiter (Twisted's {@code delimiter}); takes effect for the next line. */
    public void setDelimiter(byte[] delimiter) {
        Objects.requireNonNull(delimiter, "delimiter");
        if (delimiter.length == 0) {
            throw new IllegalArgumentException("empty delimiter");
        }
        this.delimiter = delimiter.clone();
        scanFrom = 0;
    }

    /** The longest line accepted, in bytes, without its delimiter. */
    public int maxLength() {
        return maxLength;
    }

    /** Sets the longest line accepted (Twisted's {@code MAX_LENGTH}). */
    public void setMaxLength(int maxLength) {
        this.maxLength = checkMaxLength(maxLength);
    }

    /**
     * Removes and returns every received byte not yet delivered (a partial line, or the lines after
     * the one being delivered when called from {@link #lineReceived}).
     */
    public byte[] clearLineBuffer() {
        scanFrom = 0;
        discarding = false;
        return buffer.takeAll();
    }

    /** Decodes a line as US-ASCII; bytes above 127 become U+FFFD. */
    public static String ascii(byte[] line) {
        return new String(line, StandardCharsets.US_ASCII);
    }

    /** Decodes a line as UTF-8; malformed sequences become U+FFFD. */
    public static String utf8(byte[] line) {
        return new String(line, StandardCharsets.UTF_8);
    }

    /** Forget any line-scanning progress (on a mode change). */
    final void resetLineState() {
        scanFrom = 0;
        discarding = false;
    }

    /** One step of line mode. */
    final boolean deliverLine() {
        int d = delimiter.length;
        int at = buffer.indexOf(delimiter, scanFrom);
        if (at < 0) {
            int available = buffer.available();
            // Keep only what could still be the start of a delimiter when discarding.
            if (discarding) {
                int drop = available - (d - 1);
                if (drop > 0) {
                    buffer.skip(drop);
                }
                scanFrom = 0;
                buffer.stash();
                return false;
            }
            if (available > maxLength + d - 1) {
                byte[] start = buffer.copyOf(maxLength + 1);
                discarding = true;
                scanFrom = 0;
                lineLengthExceeded(start);
                return true;
            }
            scanFrom = Math.max(0, available - d + 1);
            buffer.stash();
            return false;
        }
        scanFrom = 0;
        if (discarding) {
            buffer.skip(at + d);
            discarding = false;
            return true;
        }
        if (at > maxLength) {
            byte[] start = buffer.copyOf(maxLength + 1);
            buffer.skip(at + d);
            lineLengthExceeded(start);
            return true;
        }
        byte[] line = buffer.take(at);
        buffer.skip(d);
        lineReceived(line);
        return true;
    }
}
