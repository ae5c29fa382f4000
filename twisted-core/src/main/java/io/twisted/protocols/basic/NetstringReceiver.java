package io.twisted.protocols.basic;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Receives and sends D. J. Bernstein's netstrings, {@code <length>:<data>,} with the length in
 * decimal ASCII, as Twisted's {@code NetstringReceiver}
 * (<a href="https://cr.yp.to/proto/netstrings.txt">netstrings.txt</a>).
 *
 * <p>Each string goes to {@link #stringReceived(byte[])}. Parsing is strict, as the specification
 * asks: the length must be a non-empty run of digits without leading zeros ({@code 0:,} is the empty
 * string; {@code 01:} is an error), at most as many digits as {@link #maxLength()} has, and no greater
 * than {@code maxLength()} (default {@value #DEFAULT_MAX_LENGTH}, Twisted's {@code MAX_LENGTH}); the data
 * must be followed by a comma. Each of these errors is detected as soon as the offending byte
 * arrives (a too-long length without waiting for its colon) and calls
 * {@link #handleParseError(NetstringParseException)}, which by default closes the connection;
 * the peer is then {@linkplain #isBrokenPeer() broken} and everything it sends later is ignored.
 * A partial netstring held between reads is at most {@code digits + 2 + maxLength} bytes.
 * Pausing and STARTTLS: see {@link FramedReceiver}.
 */
public abstract class NetstringReceiver extends FramedReceiver {

    /** Twisted's default {@code MAX_LENGTH}: 99999 bytes. */
    public static final int DEFAULT_MAX_LENGTH = 99999;

    private int maxLength;
    private int maxDigits;
    private boolean brokenPeer;

    /** A receiver with the default limit of {@value #DEFAULT_MAX_LENGTH} bytes per string. */
    protected NetstringReceiver() {
        this(DEFAULT_MAX_LENGTH);
    }

    /** A receiver that accepts strings of at most {@code maxLength} bytes. */
    protected NetstringReceiver(int maxLength) {
        setMaxLength(maxLength);
    }

    /** Called with each string received. The array belongs to the callee. */
    protected abstract void stringReceived(byte[] string);

    /**
     * Called once when the peer sends a malformed netstring; by default closes the connection
     * (Twisted's {@code _handleParseError}). Later input is ignored either way.
     */
    protected void handleParseError(NetstringParseException error) {
        closeConnection();
    }

    /** Whether the peer sent a malformed netstring (Twisted's {@code brokenPeer}). */
    public boolean isBrokenPeer() {
        return brokenPeer;
    }

    /** Writes {@code string} as a netstring. */
    public void sendString(byte[] string) {
        sendString(ByteBuffer.wrap(string));
    }

    /** Writes the remaining bytes of {@code string} (consumed) as a netstring. */
    public void sendString(ByteBuffer string) {
        byte[] prefix = (string.remaining() + ":").getBytes(StandardCharsets.US_ASCII);
        transport.writeSequence(List.of(ByteBuffer.wrap(prefix), string, ByteBuffer.wrap(new byte[] {','})));
    }

    /** The longest string accepted, in bytes. */
    public int maxLength() {
        return maxLength;
    }

    /** Sets the longest string accepted (Twisted's {@code MAX_LENGTH}); also bounds the digits of a length. */
    public void setMaxLength(int maxLength) {
        this.maxLength = checkMaxLength(maxLength);
        this.maxDigits = Integer.toString(maxLength).length();
    }

    @Override
    final boolean deliverNext() {
        int available = buffer.available();
        if (brokenPeer) {
            buffer.skip(available);
            return false;
        }
        long length = 0;
        int digits = 0;
        while (true) {
            if (digits >= available) {
                buffer.stash();
                return false;
            }
            byte b = buffer.byteAt(digits);
            if (b == ':') {
                if (digits == 0) {
                    return fail("empty length before ':'");
                }
                break;
            }
            if (b < '0' || b > '9') {
                return fail("invalid byte 0x" + Integer.toHexString(b & 0xff) + " in length at offset " + digits);
            }
            if (digits == 1 && length == 0) {
                return fail("length with a leading zero");
            }
            if (digits == maxDigits) {
                return fail("length prefix longer than " + maxDigits + " digits");
            }
            length = length * 10 + (b - '0');
            digits++;
            if (length > maxLength) {
                return fail("netstring length of at least " + length + " bytes exceeds the limit of " + maxLength);
            }
        }
        long frame = digits + 1 + length + 1;
        if (available < frame) {
            buffer.stash();
            return false;
        }
        byte comma = buffer.byteAt((int) frame - 1);
        if (comma != ',') {
            return fail("missing ',' after " + length + " bytes of data (got 0x" + Integer.toHexString(comma & 0xff) + ")");
        }
        buffer.skip(digits + 1);
        byte[] string = buffer.take((int) length);
        buffer.skip(1);
        stringReceived(string);
        return true;
    }

    private boolean fail(String message) {
        brokenPeer = true;
        buffer.skip(buffer.available());
        handleParseError(new NetstringParseException(message));
        return true;
    }
}
