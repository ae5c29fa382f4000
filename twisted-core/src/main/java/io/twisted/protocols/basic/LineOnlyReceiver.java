package io.twisted.protocols.basic;

/**
 * A receiver of lines only, as Twisted's {@code LineOnlyReceiver}: {@link LineReceiver} without raw
 * mode, for protocols that never switch (IRC, POP3 commands). Same delimiter, length limit, pause
 * and STARTTLS behaviour; see {@link AbstractLineReceiver} and {@link FramedReceiver}.
 */
public abstract class LineOnlyReceiver extends AbstractLineReceiver {

    /** A receiver with the default limit of {@value #DEFAULT_MAX_LENGTH} bytes per line. */
    protected LineOnlyReceiver() {
        this(DEFAULT_MAX_LENGTH);
    }

    /** A receiver that accepts lines of at most {@code maxLength} bytes (delimiter excluded). */
    protected LineOnlyReceiver(int maxLength) {
        super(maxLength);
    }

    @Override
    final boolean deliverNext() {
        return deliverLine();
    }
}
