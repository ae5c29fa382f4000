package io.twisted.internet.error;

/** A host name could not be resolved (Twisted's {@code DNSLookupError}). */
public class DNSLookupError extends ConnectError {
    private static final long serialVersionUID = 1L;

    public DNSLookupError() {
        super("DNS lookup failed.");
    }

    public DNSLookupError(String message) {
        super(message);
    }

    public DNSLookupError(String message, Throwable cause) {
        super(message, cause);
    }
}
