package io.twisted.protocols.basic;

/**
 * Strings prefixed by their length as a 32-bit big-endian unsigned integer, as Twisted's
 * {@code Int32StringReceiver}. See {@link IntNStringReceiver}.
 */
public abstract class Int32StringReceiver extends IntNStringReceiver {

    /** A receiver with the default limit of {@value #DEFAULT_MAX_LENGTH} bytes per string. */
    protected Int32StringReceiver() {
        this(DEFAULT_MAX_LENGTH);
    }

    /** A receiver that accepts strings of at most {@code maxLength} bytes. */
    protected Int32StringReceiver(int maxLength) {
        super(4, maxLength);
    }
}
