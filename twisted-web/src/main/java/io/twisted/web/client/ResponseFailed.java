package io.twisted.web.client;

import io.twisted.internet.defer.Failure;
import java.util.List;

/**
 * The response could not be read whole: its head or body was malformed, the connection was lost
 * in the middle of it, or a timeout fired. {@link #reasons()} holds the underlying failures.
 */
public class ResponseFailed extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient List<Failure> reasons;

    /** A failure for {@code reasons} (the first becomes the cause). */
    public ResponseFailed(String message, List<Failure> reasons) {
        super(message, reasons.isEmpty() ? null : reasons.get(0).value());
        this.reasons = List.copyOf(reasons);
    }

    /** The underlying failures. */
    public List<Failure> reasons() {
        return reasons;
    }
}
