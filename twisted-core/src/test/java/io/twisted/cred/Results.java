package io.twisted.cred;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twisted.internet.defer.Deferred;
import io.twisted.internet.defer.Failure;

/** Reads a fired Deferred's result in tests. */
public final class Results {

    private Results() {
    }

    /** The result of a Deferred that has fired successfully. */
    @SuppressWarnings("unchecked")
    public static <T> T successOf(Deferred<T> d) {
        assertTrue(d.isCalled(), "Deferred has not fired: " + d);
        Object r = d.currentResult();
        if (r instanceof Failure) {
            Failure f = (Failure) r;
            d.addErrback(x -> null); // handled: do not log it at GC
            throw new AssertionError("Deferred failed: " + f.getTraceback());
        }
        return (T) r;
    }

    /** The exception of a Deferred that has failed, checked to be a {@code type}; marks it handled. */
    public static <E extends Throwable> E failureOf(Deferred<?> d, Class<E> type) {
        assertTrue(d.isCalled(), "Deferred has not fired: " + d);
        Object r = d.currentResult();
        assertInstanceOf(Failure.class, r, "Deferred succeeded with " + r);
        d.addErrback(x -> null);
        return assertInstanceOf(type, ((Failure) r).value());
    }
}
