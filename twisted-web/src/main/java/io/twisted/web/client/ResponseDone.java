package io.twisted.web.client;

import io.twisted.internet.error.ConnectionDone;

/** The reason a body protocol hears in {@code connectionLost} when the whole body was delivered. */
public class ResponseDone extends ConnectionDone {

    private static final long serialVersionUID = 1L;

    /** The body is complete. */
    public ResponseDone() {
        super("Response body fully received");
    }
}
