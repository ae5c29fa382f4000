package io.twisted.internet.defer;

import java.util.Objects;

/**
 * The first failure among a list of Deferreds, with the index of the Deferred that failed, as
 * Twisted's {@code FirstError}: what {@link Deferred#gatherResults} and a {@link DeferredList} with
 * {@link DeferredList.Option#FIRE_ON_ONE_ERRBACK} fail with. Its cause is the member's exception, so
 * a logged trace shows the whole chain.
 */
public class FirstError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Failure subFailure;
    private final int index;

    /** The failure {@code subFailure} of the Deferred at {@code index}. */
    public FirstError(Failure subFailure, int index) {
        super("Deferred #" + index + " failed: " + Objects.requireNonNull(subFailure, "subFailure").value(),
                subFailure.value());
        this.subFailure = subFailure;
        this.index = index;
    }

    /** The member's failure (Twisted's {@code subFailure}). */
    public Failure subFailure() {
        return subFailure;
    }

    /** The index of the member that failed in the list given. */
    public int index() {
        return index;
    }
}
