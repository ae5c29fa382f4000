package io.twisted.mail.relay;

/** Delivery can never succeed (no such domain, null MX): the recipients are bounced at once. */
public class RelayPermanentException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String status;

    /**
     * @param status the RFC 3463 status for the bounce ({@code 5.1.2})
     * @param message the diagnostic
     */
    public RelayPermanentException(String status, String message) {
        super(message);
        this.status = status;
    }

    /** The RFC 3463 status code. */
    public String status() {
        return status;
    }
}
