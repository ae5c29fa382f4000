package io.twisted.web.client;

import io.twisted.internet.defer.Failure;
import java.util.List;

/**
 * The connection ended (or failed) before any byte of a response arrived. Safe to retry for
 * idempotent requests: {@link HttpConnectionPool} retries once when this happens on a reused
 * connection.
 */
public class ResponseNeverReceived extends ResponseFailed {

    private static final long serialVersionUID = 1L;

    /** The connection ended before a response, because of {@code reasons}. */
    public ResponseNeverReceived(List<Failure> reasons) {
        super("the connection ended before any response was received", reasons);
    }
}
