package io.twisted.web.client;

/** {@link RedirectAgent} followed more redirects than its limit; {@link #response()} is the last one. */
public class InfiniteRedirection extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient Response response;

    /** More than {@code limit} redirects, the last being {@code response}. */
    public InfiniteRedirection(int limit, Response response) {
        super("more than " + limit + " redirects, the last to " + response.headers().get("Location"));
        this.response = response;
    }

    /** The last redirect response. */
    public Response response() {
        return response;
    }
}
