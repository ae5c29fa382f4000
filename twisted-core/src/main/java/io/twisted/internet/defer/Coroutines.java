package io.twisted.internet.defer;

import io.twisted.internet.ReactorThreads;
import java.lang.reflect.Method;
import java.util.Objects;
import java.util.concurrent.Semaphore;

/**
 * Sequential code over Deferreds, as Twisted's {@code inlineCallbacks}: the body is written as
 * straight-line code and {@linkplain Await#await awaits} Deferreds instead of chaining callbacks.
 *
 * <pre>{@code
 * Deferred<String> greeting = Coroutines.inlineCallbacks(reactor, await -> {
 *     String name = await.await(askName());          // suspends until askName() fires
 *     try {
 *         return await.await(lookUp(name));
 *     } catch (TimeoutError e) {                      // a failure is thrown by await
 *         return "stranger";
 *     }
 * });
 * }</pre>
 *
 * <h2>Threads</h2>
 * The body runs on a thread of its own (a virtual thread when the JVM has them, Java 21+;
 * otherwise a daemon platform thread), but never at the same time as the thread that drives it:
 * control is handed back and forth like a baton. {@link #inlineCallbacks} hands control to the
 * body and blocks until the body awaits a Deferred that has not fired, or finishes. When that
 * Deferred fires &mdash; on the reactor thread &mdash; the firing thread hands control to the body
 * and blocks until the body awaits again or finishes. So exactly one of them runs at any time, the
 * handoffs order their memory effects, and the body may touch protocol state without locks, as
 * code on the reactor thread does. Awaiting a Deferred that has already fired continues at once,
 * without a handoff. When the body finishes, the thread that drove it fires the returned Deferred,
 * so its callbacks run on the reactor thread as usual. While a body holds control it stands in for
 * the reactor thread: {@link #isDrivenBy} tells a reactor so, and the NIO reactor's
 * {@code isInReactorThread()} and reactor-thread checks accept it, so a body may call
 * {@code callLater}, {@code connectTCP} and the like.
 *
 * <p>If the awaited Deferred fires on a thread that is neither the reactor's nor a coroutine's
 * (a {@link Deferred#fromCompletionStage} without a reactor, say) and a reactor was given, the body
 * is resumed through {@link ReactorThreads#callFromThread}, to keep the body exclusive with the
 * reactor thread.
 *
 * <h2>Cancellation</h2>
 * Cancelling the returned Deferred cancels the Deferred the body is awaiting; the body sees that
 * failure (usually {@link CancelledError}) thrown by {@code await}. If the body lets it propagate,
 * the returned Deferred fails with it; if the body catches it and goes on, the returned Deferred
 * fails with {@link CancelledError} anyway (the usual rule for a canceller that does not fire its
 * Deferred) and the body's eventual outcome is dropped (a failure is logged).
 *
 * <h2>Limits</h2>
 * A body suspended on a Deferred that never fires keeps its thread (parked) for good; a platform
 * thread is a daemon, so it does not keep the JVM alive. As in Twisted, the awaited Deferred's own
 * chain continues with {@code null} after the body has taken its result.
 */
public final class Coroutines {

    private Coroutines() {
    }

    /** The body of a coroutine: straight-line code that may {@linkplain Await#await await}. */
    @FunctionalInterface
    public interface Body<T> {
        /**
         * Runs the coroutine.
         *
         * @param await suspends the body until a Deferred fires; valid only on the body's thread
         * @return the result of the Deferred that {@link #inlineCallbacks} returned
         * @throws Exception the failure of that Deferred
         */
        T run(Await await) throws Exception;
    }

    /** Suspends a coroutine body until a Deferred fires. */
    @FunctionalInterface
    public interface Await {
        /**
         * Waits for {@code deferred} and returns its result, or throws its failure's exception
         * (checked or not). Continues at once if it has already fired.
         *
         * @throws IllegalStateException if called from another thread than the body's own
         */
        <X> X await(Deferred<X> deferred) throws Exception;
    }

    /**
     * Runs {@code body} as a coroutine and returns a Deferred for its result. Call it on the
     * reactor thread (or from another coroutine body); it returns once the body first awaits a
     * Deferred that has not fired, or has finished.
     *
     * @param reactorOrNull the reactor that fires the awaited Deferreds, used to move a resumption
     *     that happens on a foreign thread onto it; {@code null} to resume on whichever thread fires
     */
    public static <T> Deferred<T> inlineCallbacks(ReactorThreads reactorOrNull, Body<T> body) {
        return inlineCallbacks(reactorOrNull, body, true);
    }

    /** As {@link #inlineCallbacks(ReactorThreads, Body)}; {@code virtual=false} forces a platform thread. */
    static <T> Deferred<T> inlineCallbacks(ReactorThreads reactorOrNull, Body<T> body, boolean virtual) {
        Coroutine<T> c = new Coroutine<>(reactorOrNull, Objects.requireNonNull(body, "body"));
        c.start(virtual);
        return c.result;
    }

    /**
     * Whether the calling thread is a coroutine body that currently holds control on behalf of
     * {@code thread}: its driver is {@code thread}, or a coroutine body whose driver is, and so on.
     * While that holds, {@code thread} is blocked in the handoff, so the body may do anything
     * {@code thread} may; a reactor's {@code isInReactorThread()} and its thread checks should
     * accept such a body as the reactor thread.
     */
    public static boolean isDrivenBy(Thread thread) {
        Coroutine<?> c = CURRENT.get();
        while (c != null) {
            if (c.driver == thread) {
                return true;
            }
            c = c.driverCoroutine;
        }
        return false;
    }

    /** Whether coroutine bodies run on virtual threads in this JVM. */
    public static boolean usesVirtualThreads() {
        return VirtualThreads.AVAILABLE;
    }

    /** The coroutine whose body runs on the current thread, or {@code null}. */
    private static final ThreadLocal<Coroutine<?>> CURRENT = new ThreadLocal<>();

    /** One running body and the baton passed between it and whoever drives it. */
    private static final class Coroutine<T> implements Await, Runnable {
        private final ReactorThreads reactor;
        private final Body<T> body;
        final Deferred<T> result;
        /** Released to let the body run; released by the body when it yields. */
        private final Semaphore toBody = new Semaphore(0);
        private final Semaphore toDriver = new Semaphore(0);
        private Thread thread;
        /** The thread blocked in the current handoff, and its own coroutine if it is a body. */
        private Thread driver;
        private Coroutine<?> driverCoroutine;

        // Handed between the threads; the semaphores order every access.
        private Deferred<?> awaiting;
        private boolean registering;
        private boolean resumed;
        private Object resumeWith;
        private boolean finished;
        private T value;
        private Throwable error;

        Coroutine(ReactorThreads reactor, Body<T> body) {
            this.reactor = reactor;
            this.body = body;
            this.result = new Deferred<>(d -> cancelAwaited());
        }

        void start(boolean virtual) {
            thread = VirtualThreads.newThread(this, "twisted-coroutine " + body, virtual);
            takeDriver();
            thread.start();
            toDriver.acquireUninterruptibly();
            afterYield();
        }

        /** The body's thread. */
        @Override
        public void run() {
            CURRENT.set(this);
            try {
                value = body.run(this);
            } catch (Throwable t) {
                error = t;
            } finally {
                CURRENT.remove();
                finished = true;
                toDriver.release();
            }
        }

        @Override
        @SuppressWarnings("unchecked")
        public <X> X await(Deferred<X> deferred) throws Exception {
            Objects.requireNonNull(deferred, "deferred");
            if (Thread.currentThread() != thread) {
                throw new IllegalStateException("await() called outside its coroutine's body");
            }
            resumed = false;
            registering = true;
            try {
                deferred.addBoth(r -> {
                    awaitedFired(r);
                    return null;
                });
            } finally {
                registering = false;
            }
            if (!resumed) {
                awaiting = deferred;
                toDriver.release();
                toBody.acquireUninterruptibly();
                awaiting = null;
            }
            Object r = resumeWith;
            resumeWith = null;
            if (r instanceof Failure) {
                throw Failure.<Exception>sneaky(((Failure) r).value());
            }
            return (X) r;
        }

        /** The awaited Deferred fired: on the body's thread during {@code await}, or later elsewhere. */
        private void awaitedFired(Object r) {
            resumeWith = r;
            resumed = true;
            if (registering) {
                return;
            }
            if (reactor != null && !reactor.isInReactorThread() && CURRENT.get() == null) {
                reactor.callFromThread(this::resumeBody);
            } else {
                resumeBody();
            }
        }

        /** On the driving thread: runs the body until it yields again. */
        private void resumeBody() {
            takeDriver();
            toBody.release();
            toDriver.acquireUninterruptibly();
            afterYield();
        }

        /** Records the calling thread as the one driving the next run of the body. */
        private void takeDriver() {
            driver = Thread.currentThread();
            driverCoroutine = CURRENT.get();
        }

        /** On the driving thread, the body having yielded: fires the result if it finished. */
        private void afterYield() {
            if (!finished) {
                return;
            }
            if (result.isCalled()) {
                if (error != null) {
                    UnhandledErrorReporter.log("Coroutine failed after its Deferred was cancelled", error);
                }
                return;
            }
            if (error != null) {
                result.errback(error);
            } else if (value instanceof Deferred) {
                result.errback(new IllegalStateException("a coroutine body must return a value, not a Deferred: await it"));
            } else {
                result.callback(value);
            }
        }

        private void cancelAwaited() {
            Deferred<?> a = awaiting;
            if (a != null) {
                a.cancel();
            }
        }
    }

    /** {@code Thread.ofVirtual()} through reflection: this code compiles for Java 17. */
    private static final class VirtualThreads {
        private static final Method OF_VIRTUAL;
        private static final Method NAME;
        private static final Method UNSTARTED;
        static final boolean AVAILABLE;

        static {
            Method ofVirtual = null;
            Method name = null;
            Method unstarted = null;
            try {
                ofVirtual = Thread.class.getMethod("ofVirtual");
                Class<?> builder = Class.forName("java.lang.Thread$Builder");
                name = builder.getMethod("name", String.class);
                unstarted = builder.getMethod("unstarted", Runnable.class);
                // A JVM where they are a preview feature that is not enabled throws here.
                ofVirtual.invoke(null);
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                ofVirtual = null;
            }
            OF_VIRTUAL = ofVirtual;
            NAME = name;
            UNSTARTED = unstarted;
            AVAILABLE = ofVirtual != null;
        }

        static Thread newThread(Runnable task, String name, boolean virtual) {
            if (virtual && AVAILABLE) {
                try {
                    Object builder = NAME.invoke(OF_VIRTUAL.invoke(null), name);
                    return (Thread) UNSTARTED.invoke(builder, task);
                } catch (ReflectiveOperationException e) {
                    // Fall through to a platform thread.
                }
            }
            Thread t = new Thread(task, name);
            t.setDaemon(true);
            return t;
        }
    }
}
