package io.twisted.protocols.basic;

/**
 * Strings prefixed by their length as a 8-bit big-endian unsigned integer, as Twisted's
 * {@code Int8StringReceiver}. See {@link IntNStringReceiver}.
 */
public abstract class Int8StringReceiver extends IntNStringReceiver {

    /** A receiver with the default limit of {@value #DEFAULT_MAX_LENGTH} bytes per string. */
    protected Int8StringReceiver() {
        this(DEFAULT_MAX_LENGTH);
    }

    /** A receiver that accepts strings of at most {@code maxLength} bytes. */
    protected Int8StringReceiver(int maxLength) {
        super(1, maxLength);
    }
}
