package io.twisted.amp;

/** A box was to be sent after the connection was handed to another protocol (or while a switch is pending). */
public class ProtocolSwitched extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    /** An error saying what could not be sent. */
    public ProtocolSwitched(String message) {
        super(message);
    }
}
