package io.twisted.names.client;

import io.twisted.internet.error.TimeoutError;

/** No server answered within the timeouts (Twisted's {@code DNSQueryTimeoutError}). */
public class DnsQueryTimeoutError extends TimeoutError {

    private static final long serialVersionUID = 1L;

    public DnsQueryTimeoutError(String message) {
        super(message);
    }
}
