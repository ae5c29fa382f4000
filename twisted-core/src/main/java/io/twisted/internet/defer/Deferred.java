package io.twisted.internet.defer;

import io.twisted.internet.DelayedCall;
import io.twisted.internet.ReactorTime;
import io.twisted.internet.error.TimeoutError;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * A result that is not there yet, as Twisted's {@code Deferred}: a chain of callbacks and errbacks
 * that runs, synchronously and once, when {@link #callback} or {@link #errback} fires it.
 *
 * <pre>{@code
 * Deferred<String> d = new Deferred<>();
 * d.addCallback(this::parse)            // runs with the result
 *  .addErrback(this::onParseFailed);    // runs with a Failure if something above failed
 * d.callback("Hello");
 * }</pre>
 *
 * <p>Semantics kept from Twisted: each callback's return value is the next one's input; a callback
 * that returns a Deferred pauses this chain until that one fires, then continues with its result;
 * a thrown exception or a returned {@link Failure} switches to errbacks; an errback that returns a
 * value switches back. Callbacks added after firing run at once. {@link #cancel()} runs the
 * canceller, or fails the Deferred with {@link CancelledError}, and cancels the Deferred this one
 * waits on. A Deferred that is garbage collected holding an unhandled failure logs it, with the full
 * cause chain and, with {@link #setDebugging debugging} on, where the Deferred was created.
 *
 * <p>Not thread-safe: a Deferred belongs to one reactor thread, like the protocol that uses it.
 * The type parameter is the type of the current result; {@link #addCallback} returns this same
 * Deferred viewed with the callback's result type.
 *
 * @param <T> the type of the result at this point of the chain
 */
public final class Deferred<T> {

    private static final Object NO_RESULT = new Object();
    private static volatile boolean debugging = Boolean.getBoolean("io.twisted.deferred.debug");

    /** One link of the chain: a callback and an errback, either may be null (pass-through). */
    private static final class Link {
        final Callback<Object, Object> callback;
        final Errback<Object> errback;
        /** When non-null, this link hands the result to a paused outer Deferred. */
        final Deferred<Object> continuation;

        Link(Callback<Object, Object> callback, Errback<Object> errback, Deferred<Object> continuation) {
            this.callback = callback;
            this.errback = errback;
            this.continuation = continuation;
        }
    }

    private ArrayDeque<Link> links;
    private Object result = NO_RESULT;
    private boolean called;
    private int paused;
    private boolean runningCallbacks;
    private boolean suppressAlreadyCalled;
    private Canceller<T> canceller;
    private Deferred<?> chainedTo;
    private UnhandledErrorReporter.Tracker unhandled;
    private final StackTraceElement[] creationSite;

    /** A Deferred without a canceller. */
    public Deferred() {
        this(null);
    }

    /** A Deferred whose {@link #cancel()} calls {@code canceller} first. */
    public Deferred(Canceller<T> canceller) {
        this.canceller = canceller;
        this.creationSite = debugging ? UnhandledErrorReporter.callerSite() : null;
    }

    /**
     * Turns on recording where each Deferred is created (for the unhandled-error log). Costs a
     * stack walk per Deferred; also enabled with {@code -Dio.twisted.deferred.debug=true}.
     */
    public static void setDebugging(boolean on) {
        debugging = on;
    }

    /** Whether creation sites are recorded. */
    public static boolean getDebugging() {
        return debugging;
    }

    // ------------------------------------------------------------------ factories

    /** A Deferred that has already fired with {@code result}. */
    public static <T> Deferred<T> succeed(T result) {
        Deferred<T> d = new Deferred<>();
        d.callback(result);
        return d;
    }

    /** A Deferred that has already failed with {@code error}. */
    public static <T> Deferred<T> fail(Throwable error) {
        Deferred<T> d = new Deferred<>();
        d.errback(error);
        return d;
    }

    /** A Deferred that has already failed with {@code failure}. */
    public static <T> Deferred<T> fail(Failure failure) {
        Deferred<T> d = new Deferred<>();
        d.errback(failure);
        return d;
    }

    /** Work for {@link #maybeDeferred}: returns a value, a Deferred, or throws. */
    @FunctionalInterface
    public interface MaybeDeferredCall<T> {
        Object call() throws Throwable;
    }

    /**
     * Calls {@code call} and always returns a Deferred: the returned Deferred itself, or one fired
     * with the returned value, or failed with what it threw (Twisted's {@code maybeDeferred}).
     */
    @SuppressWarnings("unchecked")
    public static <T> Deferred<T> maybeDeferred(MaybeDeferredCall<T> call) {
        Object r;
        try {
            r = call.call();
        } catch (Throwable t) {
            return fail(t);
        }
        if (r instanceof Deferred) {
            return (Deferred<T>) r;
        }
        if (r instanceof Failure) {
            return fail((Failure) r);
        }
        return succeed((T) r);
    }

    // ------------------------------------------------------------------ firing

    /** Fires the chain with a result. @throws AlreadyCalledError if already fired */
    public void callback(T result) {
        if (result instanceof Deferred) {
            throw new IllegalArgumentException("callback() cannot be given a Deferred; chain it with a callback instead");
        }
        startRunCallbacks(result);
    }

    /** Fires the chain with a failure. @throws AlreadyCalledError if already fired */
    public void errback(Throwable error) {
        startRunCallbacks(new Failure(error));
    }

    /** Fires the chain with a failure. @throws AlreadyCalledError if already fired */
    public void errback(Failure failure) {
        startRunCallbacks(failure);
    }

    private void startRunCallbacks(Object r) {
        if (called) {
            if (suppressAlreadyCalled) {
                suppressAlreadyCalled = false;
                return;
            }
            throw new AlreadyCalledError("Deferred already fired with " + describe(result));
        }
        called = true;
        result = r;
        runCallbacks();
    }

    private static String describe(Object r) {
        return r == NO_RESULT ? "(nothing)" : String.valueOf(r);
    }

    // ------------------------------------------------------------------ chain building

    /**
     * Adds a callback; returns this Deferred viewed with the callback's result type. If the
     * callback returns a Deferred the chain waits for it (its result becomes the next input).
     */
    @SuppressWarnings("unchecked")
    public <R> Deferred<R> addCallback(Callback<? super T, ? extends R> callback) {
        return (Deferred<R>) addLink((Callback<Object, Object>) (Callback<?, ?>) callback, null);
    }

    /** Adds a callback that returns a Deferred whose result continues the chain. */
    @SuppressWarnings("unchecked")
    public <R> Deferred<R> addCallbackDeferred(Callback<? super T, ? extends Deferred<? extends R>> callback) {
        return (Deferred<R>) addLink((Callback<Object, Object>) (Callback<?, ?>) callback, null);
    }

    /** Adds an errback; a value it returns becomes the result and callbacks resume. */
    @SuppressWarnings("unchecked")
    public Deferred<T> addErrback(Errback<? extends T> errback) {
        return addLink(null, (Errback<Object>) (Errback<?>) errback);
    }

    /** Adds a callback and an errback at the same level: exactly one of them runs. */
    @SuppressWarnings("unchecked")
    public <R> Deferred<R> addCallbacks(Callback<? super T, ? extends R> callback, Errback<? extends R> errback) {
        return (Deferred<R>) addLink((Callback<Object, Object>) (Callback<?, ?>) callback, (Errback<Object>) (Errback<?>) errback);
    }

    /**
     * Adds a function that runs with either the result or the {@link Failure}, as Twisted's
     * {@code addBoth}; what it returns (a value, a Failure, a Deferred) continues the chain.
     */
    @SuppressWarnings("unchecked")
    public <R> Deferred<R> addBoth(Callback<Object, ?> both) {
        Callback<Object, Object> cb = (Callback<Object, Object>) both;
        return (Deferred<R>) addLink(cb, cb::call);
    }

    /**
     * Runs {@code action} whether the chain succeeded or failed, then passes the result or failure
     * on unchanged (an exception from {@code action} replaces it).
     */
    public Deferred<T> addFinally(Runnable action) {
        return addLink(r -> {
            action.run();
            return r;
        }, f -> {
            action.run();
            return f;
        });
    }

    /**
     * Fires {@code other} with this chain's result at this point (Twisted's {@code chainDeferred});
     * this chain continues with {@code null}.
     */
    public Deferred<T> chainDeferred(Deferred<? super T> other) {
        @SuppressWarnings("unchecked")
        Deferred<Object> o = (Deferred<Object>) other;
        return addLink(r -> {
            o.callback(r);
            return null;
        }, f -> {
            o.errback(f);
            return null;
        });
    }

    @SuppressWarnings("unchecked")
    private <R> Deferred<R> addLink(Callback<Object, Object> cb, Errback<Object> eb) {
        if (links == null) {
            links = new ArrayDeque<>(4);
        }
        links.add(new Link(cb, eb, null));
        if (called) {
            runCallbacks();
        }
        return (Deferred<R>) this;
    }

    // ------------------------------------------------------------------ pausing

    /** Stops running callbacks until {@link #unpause()}. */
    public void pause() {
        paused++;
    }

    /** Undoes one {@link #pause()}; runs pending callbacks when none is left. */
    public void unpause() {
        if (paused == 0) {
            return;
        }
        paused--;
        if (paused == 0 && called) {
            runCallbacks();
        }
    }

    /** Whether {@link #callback} or {@link #errback} has been called. */
    public boolean isCalled() {
        return called;
    }

    /** Whether the chain is paused (explicitly or waiting on a Deferred a callback returned). */
    public boolean isPaused() {
        return paused > 0;
    }

    /**
     * The current result when the chain has run to its end and is not waiting: the value, or a
     * {@link Failure}. For tests and debugging.
     *
     * @throws IllegalStateException if the Deferred has not fired or is waiting
     */
    public Object currentResult() {
        if (!called || paused > 0 || result instanceof Deferred) {
            throw new IllegalStateException("Deferred has no result yet");
        }
        return result;
    }

    // ------------------------------------------------------------------ cancellation and timeouts

    /**
     * Cancels: before firing, runs the canceller and, unless it fired the Deferred, fails it with
     * {@link CancelledError}; while waiting on a Deferred returned by a callback, cancels that one.
     */
    public void cancel() {
        if (!called) {
            Canceller<T> c = canceller;
            if (c != null) {
                c.cancel(this);
            } else {
                // Without a canceller, the code that would have fired it may still do so: ignore that once.
                suppressAlreadyCalled = true;
            }
            if (!called) {
                errback(new CancelledError());
            }
        } else if (result instanceof Deferred) {
            ((Deferred<?>) result).cancel();
        }
    }

    /**
     * Cancels this Deferred if it has not fired within {@code seconds} of {@code clock}; a
     * resulting {@link CancelledError} becomes a {@link TimeoutError} (as Twisted's
     * {@code addTimeout}). A canceller that fires the Deferred with something else wins.
     */
    public Deferred<T> addTimeout(double seconds, ReactorTime clock) {
        return addTimeout(seconds, clock, null);
    }

    /** Handler for {@link #addTimeout(double, ReactorTime, OnTimeout)}. */
    @FunctionalInterface
    public interface OnTimeout {
        /** Given what the chain holds after the timed-out cancellation; returns the new result. */
        Object onTimeout(Object resultOrFailure, double timeout) throws Throwable;
    }

    /**
     * As {@link #addTimeout(double, ReactorTime)}, with {@code onTimeoutCancel} deciding the result
     * after a timeout (Twisted's {@code onTimeoutCancel}); {@code null} for the default.
     */
    public Deferred<T> addTimeout(double seconds, ReactorTime clock, OnTimeout onTimeoutCancel) {
        boolean[] timedOut = new boolean[1];
        DelayedCall call = clock.callLater(seconds, () -> {
            timedOut[0] = true;
            cancel();
        });
        addLink(r -> {
            if (call.active()) {
                call.cancel();
            }
            if (timedOut[0]) {
                return onTimeoutCancel != null ? onTimeoutCancel.onTimeout(r, seconds) : r;
            }
            return r;
        }, f -> {
            if (call.active()) {
                call.cancel();
            }
            if (timedOut[0]) {
                if (onTimeoutCancel != null) {
                    return onTimeoutCancel.onTimeout(f, seconds);
                }
                if (f.check(CancelledError.class) != null) {
                    return new Failure(new TimeoutError("Deferred timed out after " + seconds + " seconds"));
                }
            }
            return f;
        });
        return this;
    }

    // ------------------------------------------------------------------ conversions

    /** A CompletableFuture completed with this chain's result (the chain then holds {@code null}). */
    public java.util.concurrent.CompletableFuture<T> toCompletableFuture() {
        java.util.concurrent.CompletableFuture<T> f = new java.util.concurrent.CompletableFuture<>();
        addLink(r -> {
            @SuppressWarnings("unchecked")
            T t = (T) r;
            f.complete(t);
            return null;
        }, fl -> {
            f.completeExceptionally(fl.value());
            return null;
        });
        return f;
    }

    /** {@link #toCompletableFuture()} as a {@link java.util.concurrent.CompletionStage}. */
    public java.util.concurrent.CompletionStage<T> toCompletionStage() {
        return toCompletableFuture();
    }

    /**
     * A Deferred fired when {@code stage} completes. The stage may complete on any thread: pass a
     * {@code reactor} (whose {@code callFromThread} moves the result onto the reactor thread) unless
     * the stage is known to complete on it.
     *
     * @param reactor where to fire the Deferred, or {@code null} to fire it on the completing thread
     */
    public static <T> Deferred<T> fromCompletionStage(java.util.concurrent.CompletionStage<? extends T> stage,
                                                      io.twisted.internet.ReactorThreads reactor) {
        java.util.concurrent.CompletableFuture<? extends T> cf = stage.toCompletableFuture();
        Deferred<T> d = new Deferred<>(dd -> cf.cancel(false));
        stage.whenComplete((v, err) -> {
            Runnable fire = () -> {
                if (d.isCalled()) {
                    return;
                }
                if (err != null) {
                    d.errback(err);
                } else {
                    d.callback(v);
                }
            };
            if (reactor == null || reactor.isInReactorThread()) {
                fire.run();
            } else {
                reactor.callFromThread(fire);
            }
        });
        return d;
    }

    // ------------------------------------------------------------------ running

    @SuppressWarnings("unchecked")
    private void runCallbacks() {
        if (runningCallbacks) {
            // A callback added a callback to its own Deferred: the running loop will pick it up.
            return;
        }
        ArrayList<Deferred<?>> chain = new ArrayList<>(2);
        chain.add(this);
        while (!chain.isEmpty()) {
            Deferred<Object> current = (Deferred<Object>) chain.get(chain.size() - 1);
            if (current.paused > 0) {
                return;
            }
            boolean finished = true;
            current.chainedTo = null;
            ArrayDeque<Link> ls = current.links;
            while (ls != null && !ls.isEmpty()) {
                Link link = ls.poll();
                if (link.continuation != null) {
                    Deferred<Object> chainee = link.continuation;
                    chainee.result = current.result;
                    current.result = null;
                    current.markHandled();
                    chainee.paused--;
                    chain.add(chainee);
                    finished = false;
                    break;
                }
                boolean failed = current.result instanceof Failure;
                Object r = current.result;
                try {
                    current.runningCallbacks = true;
                    if (failed) {
                        if (link.errback == null) {
                            continue;
                        }
                        current.markHandled();
                        r = link.errback.call((Failure) r);
                    } else {
                        if (link.callback == null) {
                            continue;
                        }
                        r = link.callback.call(r);
                    }
                    if (r == current) {
                        throw new IllegalStateException("Callback returned its own Deferred " + current);
                    }
                } catch (Throwable t) {
                    r = (failed && current.result instanceof Failure && ((Failure) current.result).value() == t)
                            ? current.result : new Failure(t);
                } finally {
                    current.runningCallbacks = false;
                }
                current.result = r;
                if (r instanceof Deferred) {
                    Deferred<Object> inner = (Deferred<Object>) r;
                    if (inner.called && inner.paused == 0 && !inner.runningCallbacks && !(inner.result instanceof Deferred)
                            && inner.result != NO_RESULT) {
                        // Already has its result: take it and go on.
                        current.result = inner.result;
                        inner.result = null;
                        inner.markHandled();
                        inner.chainedTo = current;
                    } else {
                        current.pause();
                        current.chainedTo = inner;
                        inner.chainedTo = current;
                        if (inner.links == null) {
                            inner.links = new ArrayDeque<>(2);
                        }
                        inner.links.add(new Link(null, null, current));
                        // inner fires later (or is firing now higher up the stack): its runCallbacks resumes us.
                        finished = false;
                        break;
                    }
                }
            }
            if (finished) {
                if (current.result instanceof Failure) {
                    current.trackUnhandled((Failure) current.result);
                }
                chain.remove(chain.size() - 1);
            } else if (current.paused > 0) {
                // Waiting on an inner Deferred: stop here; its firing resumes us.
                chain.remove(chain.size() - 1);
            }
        }
    }

    private void markHandled() {
        if (unhandled != null) {
            unhandled.handled();
            unhandled = null;
        }
    }

    private void trackUnhandled(Failure f) {
        if (unhandled != null && unhandled.failure() == f) {
            return;
        }
        markHandled();
        unhandled = UnhandledErrorReporter.track(this, f, creationSite);
    }

    @Override
    public String toString() {
        String state;
        if (!called) {
            state = "pending";
        } else if (result instanceof Deferred) {
            state = "waiting on " + Integer.toHexString(System.identityHashCode(result));
        } else {
            state = "current result: " + describe(result);
        }
        return "<Deferred at 0x" + Integer.toHexString(System.identityHashCode(this)) + " " + state + ">";
    }
}
