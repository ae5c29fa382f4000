package io.twisted.web.client;

/**
 * The body ended with the connection and carried neither a length nor chunked framing
 * (RFC 9112 section 6.3 item 8): it is probably whole, but nothing proves it. A
 * {@link ResponseDone}, so callers who accept such bodies need not tell the two apart.
 */
public class PotentialDataLoss extends ResponseDone {

    private static final long serialVersionUID = 1L;
}
