package io.twisted.internet.defer;

import io.twisted.internet.DelayedCall;
import io.twisted.internet.ReactorTime;
import io.twisted.internet.error.TimeoutError;
import io.twisted.internet.ReactorThreads;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

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
 * Deferred viewed with the callback's result type. Keep chaining on what it returns: a variable
 * still typed with the old result type would hand callbacks added later a result of the wrong
 * type (a {@link ClassCastException} in the callback, which fails the chain).
 *
 * <p>Deviations from Twisted, all on the side of stricter: a callback that pauses its own
 * Deferred holds the callbacks after it (Twisted runs the rest of the current pass); a Deferred
 * returned by a callback while it is itself running its callbacks is waited for rather than
 * robbed of its intermediate result; when a Deferred further up a chain is paused, the Deferreds
 * below it still run the callbacks they have left; {@link #cancel()} of a deep chain and the
 * unwinding of a chain of any depth use constant stack.
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
    private final Canceller<T> canceller;
    private UnhandledErrorReporter.Tracker unhandled;
    /** Where this Deferred was created, captured cheaply; resolved to frames only if reported. */
    private final Throwable creationSite;

    /** A Deferred without a canceller. */
    public Deferred() {
        this(null);
    }

    /** A Deferred whose {@link #cancel()} calls {@code canceller} first. */
    public Deferred(Canceller<T> canceller) {
        this.canceller = canceller;
        this.creationSite = debugging ? UnhandledErrorReporter.captureSite() : null;
    }

    /**
     * Turns on recording where each Deferred is created (for the unhandled-error log). Costs a
     * native stack capture per Deferred (a few microseconds, growing with the stack's depth; the
     * frames are only resolved for Deferreds that are reported) and keeps it while the Deferred
     * lives. Also enabled with {@code -Dio.twisted.deferred.debug=true}. Meant for development.
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
        // Walk down to the innermost Deferred this one waits on (iteratively: chains may be deep).
        Deferred<?> target = this;
        while (target.called && target.result instanceof Deferred) {
            target = (Deferred<?>) target.result;
        }
        if (!target.called) {
            target.cancelUnfired();
        }
    }

    private void cancelUnfired() {
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
                    return new Failure(new TimeoutError("Deferred timed out after " + seconds + " seconds", f.value()));
                }
            }
            return f;
        });
        return this;
    }

    // ------------------------------------------------------------------ conversions

    /**
     * A {@link CompletableFuture} completed with this chain's result or failure (the chain then
     * continues with {@code null}). The future completes on the thread that fires this Deferred, so
     * its non-async dependents run there. Cancelling the future cancels this Deferred on the thread
     * that cancels it: use {@link #toCompletableFuture(ReactorThreads)} when that may be another
     * thread than the reactor's.
     */
    public CompletableFuture<T> toCompletableFuture() {
        return toCompletableFuture(null);
    }

    /**
     * As {@link #toCompletableFuture()}, but a cancellation of the future from a thread other than
     * {@code reactor}'s reaches this Deferred through {@link ReactorThreads#callFromThread}.
     *
     * @param reactor the reactor this Deferred belongs to, or {@code null} to cancel it on the
     *     cancelling thread
     */
    public CompletableFuture<T> toCompletableFuture(ReactorThreads reactor) {
        CompletableFuture<T> future = new CompletableFuture<>();
        addLink(r -> {
            @SuppressWarnings("unchecked")
            T t = (T) r;
            future.complete(t);
            return null;
        }, f -> {
            future.completeExceptionally(f.value());
            return null;
        });
        if (!future.isDone()) {
            future.whenComplete((v, e) -> {
                if (future.isCancelled()) {
                    onReactor(reactor, this::cancel);
                }
            });
        }
        return future;
    }

    /** {@link #toCompletableFuture()} as a {@link CompletionStage}. */
    public CompletionStage<T> toCompletionStage() {
        return toCompletableFuture();
    }

    /**
     * A Deferred fired when {@code stage} completes, on the thread that completes it; see
     * {@link #fromCompletionStage(CompletionStage, ReactorThreads)}.
     */
    public static <T> Deferred<T> fromCompletionStage(CompletionStage<? extends T> stage) {
        return fromCompletionStage(stage, null);
    }

    /**
     * A Deferred fired when {@code stage} completes. The stage may complete on any thread: pass a
     * {@code reactor} (whose {@code callFromThread} moves the result onto the reactor thread) unless
     * the stage is known to complete on it. An exceptional completion fails the Deferred with the
     * cause of a {@link java.util.concurrent.CompletionException} or
     * {@link java.util.concurrent.ExecutionException}; a cancelled stage fails it with
     * {@link CancelledError} (whose cause is the {@link CancellationException}). Cancelling the
     * Deferred cancels the stage's {@link CompletionStage#toCompletableFuture() future}, when it has
     * one.
     *
     * @param reactor where to fire the Deferred, or {@code null} to fire it on the completing thread
     */
    public static <T> Deferred<T> fromCompletionStage(CompletionStage<? extends T> stage, ReactorThreads reactor) {
        CompletableFuture<? extends T> future;
        try {
            future = stage.toCompletableFuture();
        } catch (UnsupportedOperationException e) {
            future = null;
        }
        CompletableFuture<? extends T> cancellable = future;
        Deferred<T> d = new Deferred<>(cancellable == null ? null : dd -> cancellable.cancel(false));
        stage.whenComplete((v, err) -> onReactor(reactor, () -> {
            if (d.isCalled()) {
                return;
            }
            if (err == null) {
                d.callback(v);
                return;
            }
            Failure f = new Failure(err);
            if (f.value() instanceof CancellationException) {
                CancelledError cancelled = new CancelledError("CompletionStage was cancelled");
                cancelled.initCause(f.value());
                d.errback(cancelled);
            } else {
                d.errback(f);
            }
        }));
        return d;
    }

    private static void onReactor(ReactorThreads reactor, Runnable action) {
        if (reactor == null || reactor.isInReactorThread()) {
            action.run();
        } else {
            reactor.callFromThread(action);
        }
    }

    // ------------------------------------------------------------------ lists

    /**
     * A Deferred that fires with the results of all {@code deferreds}, in their order, or fails
     * with a {@link FirstError} at the first failure (Twisted's {@code gatherResults}, with
     * {@code consumeErrors=False}: the member's failure also stays in the member).
     */
    public static <T> Deferred<List<T>> gatherResults(List<? extends Deferred<? extends T>> deferreds) {
        return gatherResults(deferreds, false);
    }

    /**
     * The first of {@code deferreds} to succeed, with its index, cancelling the others (Twisted's
     * {@code race}); fails with a {@link FailureGroup} if all fail. See {@link DeferredList#race}.
     */
    public static <T> Deferred<DeferredList.FirstResult<T>> race(List<? extends Deferred<? extends T>> deferreds) {
        return DeferredList.race(deferreds);
    }

    /**
     * As {@link #gatherResults(List)}; with {@code consumeErrors} each member's failure is handled
     * by the list (the member's chain continues with {@code null}), so only the {@link FirstError}
     * reports it.
     */
    public static <T> Deferred<List<T>> gatherResults(List<? extends Deferred<? extends T>> deferreds,
                                                      boolean consumeErrors) {
        return DeferredList.gather(deferreds, consumeErrors);
    }

    // ------------------------------------------------------------------ running

    /**
     * Runs the links of this Deferred and, iteratively, of every Deferred waiting on it (Twisted's
     * {@code _runCallbacks}): when a link hands this result to a waiting outer Deferred, the loop
     * descends into that one instead of recursing, so chains of any depth use constant stack.
     */
    @SuppressWarnings("unchecked")
    private void runCallbacks() {
        if (runningCallbacks) {
            // A callback added a callback to its own Deferred: the running loop will pick it up.
            return;
        }
        Deferred<Object> current = (Deferred<Object>) this;
        // Deferreds below current: each handed its result up to the one above and resumes after it.
        ArrayList<Deferred<Object>> below = null;
        for (;;) {
            Deferred<Object> chainee = current.paused == 0 ? current.runLinks() : null;
            if (chainee != null) {
                if (below == null) {
                    below = new ArrayList<>(4);
                }
                below.add(current);
                current = chainee;
                continue;
            }
            if (below == null || below.isEmpty()) {
                return;
            }
            current = below.remove(below.size() - 1);
        }
    }

    /**
     * Runs this Deferred's links until they run out, the chain pauses on a Deferred a callback
     * returned, or a continuation link hands the result to a waiting outer Deferred.
     *
     * @return that outer Deferred (its chain runs next), or {@code null}
     */
    @SuppressWarnings("unchecked")
    private Deferred<Object> runLinks() {
        ArrayDeque<Link> ls = links;
        while (ls != null && !ls.isEmpty()) {
            if (paused > 0) {
                // A callback paused its own Deferred: the rest waits for unpause() (Twisted would
                // run the rest of this pass first).
                return null;
            }
            Link link = ls.poll();
            if (link.continuation != null) {
                Deferred<Object> chainee = link.continuation;
                chainee.result = result;
                result = null;
                markHandled();
                chainee.paused--;
                return chainee;
            }
            boolean failed = result instanceof Failure;
            Object r = result;
            if (failed ? link.errback == null : link.callback == null) {
                continue;
            }
            try {
                runningCallbacks = true;
                if (failed) {
                    markHandled();
                    r = link.errback.call((Failure) r);
                } else {
                    r = link.callback.call(r);
                }
                if (r == this) {
                    throw new IllegalStateException("Callback returned its own Deferred " + this);
                }
            } catch (Throwable t) {
                // Rethrowing the failure's own exception (f.trap mismatch) keeps the same Failure.
                r = failed && ((Failure) result).value() == t ? result : new Failure(t);
            } finally {
                runningCallbacks = false;
            }
            result = r;
            if (r instanceof Deferred) {
                Deferred<Object> inner = (Deferred<Object>) r;
                if (inner.hasResultNow()) {
                    // Already has its result: take it and go on.
                    result = inner.result;
                    inner.result = null;
                    inner.markHandled();
                } else {
                    // Wait: the inner Deferred hands its result back through a continuation link.
                    paused++;
                    if (inner.links == null) {
                        inner.links = new ArrayDeque<>(2);
                    }
                    inner.links.add(new Link(null, null, (Deferred<Object>) this));
                    return null;
                }
            }
        }
        if (result instanceof Failure) {
            trackUnhandled((Failure) result);
        }
        return null;
    }

    /**
     * Whether this Deferred holds a final result that a callback returning it may take at once:
     * fired, not paused, not waiting on another Deferred and not in the middle of its own callbacks
     * (then its remaining callbacks must run first, so the caller waits on it instead).
     */
    private boolean hasResultNow() {
        return called && paused == 0 && !runningCallbacks && !(result instanceof Deferred)
                && (links == null || links.isEmpty());
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
