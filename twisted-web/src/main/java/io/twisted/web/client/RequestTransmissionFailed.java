package io.twisted.web.client;

import io.twisted.internet.defer.Failure;
import java.util.List;

/** Sending the request failed: its body producer failed or produced a wrong number of bytes. */
public class RequestTransmissionFailed extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient List<Failure> reasons;

    /** A failure for {@code reasons}. */
    public RequestTransmissionFailed(String message, List<Failure> reasons) {
        super(message, reasons.isEmpty() ? null : reasons.get(0).value());
        this.reasons = List.copyOf(reasons);
    }

    /** The underlying failures. */
    public List<Failure> reasons() {
        return reasons;
    }
}
