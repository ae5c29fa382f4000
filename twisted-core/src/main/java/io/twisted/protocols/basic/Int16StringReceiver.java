package io.twisted.protocols.basic;

/**
 * Strings prefixed by their length as a 16-bit big-endian unsigned integer, as Twisted's
 * {@code Int16StringReceiver}. See {@link IntNStringReceiver}.
 */
public abstract class Int16StringReceiver extends IntNStringReceiver {

    /** A receiver with the default limit of {@value #DEFAULT_MAX_LENGTH} bytes per string. */
    protected Int16StringReceiver() {
        this(DEFAULT_MAX_LENGTH);
    }

    /** A receiver that accepts strings of at most {@code maxLength} bytes. */
    protected Int16StringReceiver(int maxLength) {
        super(2, maxLength);
    }
}
