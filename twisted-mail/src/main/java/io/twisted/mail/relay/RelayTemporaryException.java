package io.twisted.mail.relay;

/** Delivery failed this time (DNS trouble, no host reachable): the entry is retried later. */
public class RelayTemporaryException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public RelayTemporaryException(String message) {
        super(message);
    }
}
