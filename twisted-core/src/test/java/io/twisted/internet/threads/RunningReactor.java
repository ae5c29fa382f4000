package io.twisted.internet.threads;

import io.twisted.internet.Reactor;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** A real reactor running on its own thread for these tests; {@link #call} runs code on it. */
final class RunningReactor implements AutoCloseable {

    static final long WAIT_SECONDS = 10;

    final Reactor reactor = Reactor.create();
    final Thread thread;

    RunningReactor() {
        CompletableFuture<Void> started = new CompletableFuture<>();
        reactor.callWhenRunning(() -> started.complete(null));
        thread = new Thread(reactor::run, "test-reactor");
        thread.setDaemon(true);
        thread.start();
        started.orTimeout(WAIT_SECONDS, TimeUnit.SECONDS).join();
    }

    /** Runs {@code c} on the reactor thread and returns its result (bounded wait). */
    <T> T call(Callable<T> c) throws Exception {
        CompletableFuture<T> f = new CompletableFuture<>();
        reactor.callFromThread(() -> {
            try {
                f.complete(c.call());
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        return f.get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    /** Asks the reactor to stop (from this, another, thread). */
    void stop() {
        reactor.callFromThread(() -> {
            if (reactor.isRunning()) {
                reactor.stop();
            }
        });
    }

    /** Waits for {@code run()} to return; whether it did in time. */
    boolean awaitEnd() throws InterruptedException {
        thread.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
        return !thread.isAlive();
    }

    @Override
    public void close() throws Exception {
        if (thread.isAlive()) {
            stop();
            awaitEnd();
        }
    }
}
