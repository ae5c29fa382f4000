package io.twisted.internet.defer;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * An error travelling down a {@link Deferred} chain or into {@code connectionLost}, as Twisted's
 * {@code twisted.python.failure.Failure}: it wraps the {@link Throwable} and adds {@link #trap}
 * and {@link #check} for errbacks.
 *
 * <pre>{@code
 * d.addErrback(f -> {
 *     f.trap(TimeoutError.class);   // any other error continues down the chain
 *     return fallbackValue;
 * });
 * }</pre>
 */
public final class Failure {

    private final Throwable value;

    /** Wraps {@code value}; {@link CompletionException} and {@link ExecutionException} are unwrapped. */
    public Failure(Throwable value) {
        Objects.requireNonNull(value, "value");
        while ((value instanceof CompletionException || value instanceof ExecutionException) && value.getCause() != null) {
            value = value.getCause();
        }
        this.value = value;
    }

    /** The failure for {@code t}: {@code t} itself's failure when it is already one. */
    public static Failure of(Throwable t) {
        return new Failure(t);
    }

    /** The exception. */
    public Throwable value() {
        return value;
    }

    /** The exception's class. */
    public Class<? extends Throwable> type() {
        return value.getClass();
    }

    /**
     * Returns the first of {@code types} that the exception is an instance of, or {@code null}.
     */
    @SafeVarargs
    public final Class<? extends Throwable> check(Class<? extends Throwable>... types) {
        for (Class<? extends Throwable> t : types) {
            if (t.isInstance(value)) {
                return t;
            }
        }
        return null;
    }

    /**
     * Returns the first of {@code types} that the exception is an instance of; otherwise throws
     * the exception itself, so that inside an errback the failure continues down the chain.
     */
    @SafeVarargs
    public final Class<? extends Throwable> trap(Class<? extends Throwable>... types) {
        Class<? extends Throwable> t = check(types);
        if (t == null) {
            throw Failure.<RuntimeException>sneaky(value);
        }
        return t;
    }

    /**
     * Throws the exception (checked or not). Declared to return a value so that an errback can
     * write {@code return f.raiseException();}.
     */
    public <R> R raiseException() {
        throw Failure.<RuntimeException>sneaky(value);
    }

    /** The exception's message, or its class name when it has none. */
    public String getErrorMessage() {
        String m = value.getMessage();
        return m != null ? m : value.getClass().getName();
    }

    /** The full stack trace with its cause chain and suppressed exceptions. */
    public String getTraceback() {
        StringWriter sw = new StringWriter();
        value.printStackTrace(new PrintWriter(sw));
        return sw.toString();
    }

    @Override
    public String toString() {
        return "[Failure instance: " + value + "]";
    }

    @SuppressWarnings("unchecked")
    static <E extends Throwable> E sneaky(Throwable t) throws E {
        throw (E) t;
    }
}
