package io.twisted.internet.process;

import io.twisted.internet.Reactor;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs a real reactor on its own thread for integration tests; {@link #call} runs code on it. */
final class ReactorThread implements AutoCloseable {

    final Reactor reactor = Reactor.create();
    private final Thread thread;
    private final CompletableFuture<Void> started = new CompletableFuture<>();

    ReactorThread() {
        reactor.callWhenRunning(() -> started.complete(null));
        thread = new Thread(reactor::run, "process-test-reactor");
        thread.setDaemon(true);
        thread.start();
        started.join();
    }

    /** Runs {@code c} on the reactor thread and returns its result (waits at most 60 s). */
    <T> T call(Callable<T> c) throws Exception {
        CompletableFuture<T> f = new CompletableFuture<>();
        reactor.callFromThread(() -> {
            try {
                f.complete(c.call());
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        try {
            return f.get(60, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof Exception) {
                throw (Exception) e.getCause();
            }
            throw e;
        }
    }

    void run(Runnable r) throws Exception {
        call(() -> {
            r.run();
            return null;
        });
    }

    @Override
    public void close() throws Exception {
        if (thread.isAlive()) {
            reactor.callFromThread(() -> {
                if (reactor.isRunning()) {
                    reactor.stop();
                }
            });
            thread.join(30_000);
        }
    }
}
