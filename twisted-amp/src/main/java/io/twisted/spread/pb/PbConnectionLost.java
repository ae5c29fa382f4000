package io.twisted.spread.pb;

/** The connection closed while a call waited for its answer (Twisted's {@code PBConnectionLost}). */
public class PbConnectionLost extends PbError {

    private static final long serialVersionUID = 1L;

    /** An error with {@code message} caused by {@code reason}. */
    public PbConnectionLost(String message, Throwable reason) {
        super(message);
        initCause(reason);
    }
}
