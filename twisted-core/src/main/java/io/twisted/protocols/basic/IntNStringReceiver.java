package io.twisted.protocols.basic;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * Strings framed by a big-endian unsigned length prefix of {@code N} bytes, as Twisted's
 * {@code IntNStringReceiver}; use {@link Int8StringReceiver}, {@link Int16StringReceiver} or
 * {@link Int32StringReceiver}.
 *
 * <p>Each string goes to {@link #stringReceived(byte[])}. A prefix announcing more than
 * {@link #maxLength()} bytes (default {@value #DEFAULT_MAX_LENGTH}, Twisted's {@code MAX_LENGTH})
 * calls {@link #lengthLimitExceeded(long)}, which by default closes the connection; the payload is
 * never buffered, and if an override keeps the connection open the announced bytes are skipped as
 * they arrive. So a partial string held between reads is at most {@code N + maxLength} bytes.
 * Pausing and STARTTLS: see {@link FramedReceiver}.
 */
public abstract class IntNStringReceiver extends FramedReceiver {

    /** Twisted's default {@code MAX_LENGTH}: 99999 bytes. */
    public static final int DEFAULT_MAX_LENGTH = 99999;

    private final int prefixLength;
    private final long largestEncodable;
    private int maxLength;
    private long skipping;

    IntNStringReceiver(int prefixLength, int maxLength) {
        this.prefixLength = prefixLength;
        this.largestEncodable = (1L << (8 * prefixLength)) - 1;
        setMaxLength(maxLength);
    }

    /** Called with each string received. The array belongs to the callee. */
    protected abstract void stringReceived(byte[] string);

    /**
     * Called when a prefix announces a string longer than {@link #maxLength()}; by default closes the
     * connection, as Twisted. If the connection stays open, the {@code length} bytes are skipped.
     *
     * @param length the announced length (unsigned; up to 2<sup>32</sup>-1 for a 32-bit prefix)
     */
    protected void lengthLimitExceeded(long length) {
        closeConnection();
    }

    /**
     * Writes the prefix and {@code string}.
     *
     * @throws StringTooLongException if the length does not fit the prefix
     */
    public void sendString(byte[] string) {
        sendString(ByteBuffer.wrap(string));
    }

    /** Writes the prefix and the remaining bytes of {@code string}, consuming them. */
    public void sendString(ByteBuffer string) {
        int n = string.remaining();
        if (n > largestEncodable) {
            throw new StringTooLongException("string of " + n + " bytes does not fit a " + prefixLength
                    + "-byte length prefix (at most " + largestEncodable + ")");
        }
        byte[] prefix = new byte[prefixLength];
        for (int i = prefixLength - 1, v = n; i >= 0; i--, v >>>= 8) {
            prefix[i] = (byte) v;
        }
        transport.writeSequence(List.of(ByteBuffer.wrap(prefix), string));
    }

    /** The length of the prefix, in bytes. */
    public int prefixLength() {
        return prefixLength;
    }

    /** The longest string accepted, in bytes. */
    public int maxLength() {
        return maxLength;
    }

    /** Sets the longest string accepted (Twisted's {@code MAX_LENGTH}). */
    public void setMaxLength(int maxLength) {
        this.maxLength = checkMaxLength(maxLength);
    }

    @Override
    final boolean deliverNext() {
        int available = buffer.available();
        if (skipping > 0) {
            int n = (int) Math.min(skipping, available);
            buffer.skip(n);
            skipping -= n;
            return skipping == 0;
        }
        if (available < prefixLength) {
            buffer.stash();
            return false;
        }
        long length = 0;
        for (int i = 0; i < prefixLength; i++) {
            length = (length << 8) | (buffer.byteAt(i) & 0xff);
        }
        if (length > maxLength) {
            buffer.skip(prefixLength);
            skipping = length;
            lengthLimitExceeded(length);
            return true;
        }
        if (available < prefixLength + length) {
            buffer.stash();
            return false;
        }
        buffer.skip(prefixLength);
        stringReceived(buffer.take((int) length));
        return true;
    }
}
