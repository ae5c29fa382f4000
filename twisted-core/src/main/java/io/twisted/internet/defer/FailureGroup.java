package io.twisted.internet.defer;

import java.util.List;

/**
 * Several failures at once, as Twisted's {@code FailureGroup}: what
 * {@link DeferredList#firstSuccess} fails with when no member succeeds. Each member's exception is
 * also attached as a {@linkplain Throwable#getSuppressed() suppressed} exception, so a logged trace
 * shows all of them.
 */
public class FailureGroup extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient List<Failure> failures;

    /** A group of {@code failures}, in the order of the Deferreds that produced them. */
    public FailureGroup(List<Failure> failures) {
        super(failures.size() + " Deferred(s) failed, none succeeded");
        this.failures = List.copyOf(failures);
        for (Failure f : this.failures) {
            addSuppressed(f.value());
        }
    }

    /** The failures, in the order of the Deferreds that produced them. */
    public List<Failure> failures() {
        return failures;
    }
}
