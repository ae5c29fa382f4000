package io.twisted.testing;

import io.twisted.internet.Reactor;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A real reactor running on its own thread, for integration tests over loopback sockets; the
 * test thread hands it work with {@link #call}. Closing it stops the reactor and waits for
 * {@code run()} to end.
 *
 * <pre>{@code
 * try (ReactorThread server = new ReactorThread("server")) {
 *     ListeningPort p = server.call(() -> server.reactor.listenTCP(0, factory, "127.0.0.1"));
 *     ...
 * }
 * }</pre>
 */
public final class ReactorThread implements AutoCloseable {

    /** How long {@link #call} waits by default, in seconds. */
    public static final long CALL_TIMEOUT_SECONDS = 30;

    /** The reactor; touch it only from its own thread (through {@link #call}), or with callFromThread. */
    public final Reactor reactor;
    private final Thread thread;

    /** Starts {@code Reactor.create()} on a daemon thread named {@code name}; returns once it runs. */
    public ReactorThread(String name) {
        this(Reactor.create(), name);
    }

    /** Starts {@code reactor} on a daemon thread named {@code name}; returns once it runs. */
    public ReactorThread(Reactor reactor, String name) {
        this.reactor = reactor;
        CompletableFuture<Void> started = new CompletableFuture<>();
        reactor.callWhenRunning(() -> started.complete(null));
        thread = new Thread(reactor::run, name);
        thread.setDaemon(true);
        thread.start();
        try {
            started.get(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the reactor did not start", e);
        }
    }

    /**
     * Runs {@code c} on the reactor thread and returns its result, waiting at most
     * {@link #CALL_TIMEOUT_SECONDS}; what it throws is rethrown (unwrapped when it is an Exception).
     */
    public <T> T call(Callable<T> c) throws Exception {
        CompletableFuture<T> f = new CompletableFuture<>();
        reactor.callFromThread(() -> {
            try {
                f.complete(c.call());
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        try {
            return f.get(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception) {
                throw (Exception) e.getCause();
            }
            throw e;
        }
    }

    /** Runs {@code r} on the reactor thread and waits for it. */
    public void run(Runnable r) throws Exception {
        call(() -> {
            r.run();
            return null;
        });
    }

    /** The thread running the reactor. */
    public Thread thread() {
        return thread;
    }

    /** Stops the reactor (if running) and waits up to 30 s for {@code run()} to return. */
    @Override
    public void close() throws InterruptedException {
        if (thread.isAlive()) {
            reactor.callFromThread(() -> {
                if (reactor.isRunning()) {
                    reactor.stop();
                }
            });
            thread.join(TimeUnit.SECONDS.toMillis(CALL_TIMEOUT_SECONDS));
        }
    }
}
