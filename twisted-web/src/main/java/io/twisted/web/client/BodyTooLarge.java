package io.twisted.web.client;

/** {@link Bodies#readBody(Response, long)} read more than its limit; the connection was aborted. */
public class BodyTooLarge extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The body passed {@code limit} bytes. */
    public BodyTooLarge(long limit) {
        super("response body larger than " + limit + " bytes");
    }
}
