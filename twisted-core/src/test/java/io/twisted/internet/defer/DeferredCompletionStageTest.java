package io.twisted.internet.defer;

import static io.twisted.internet.defer.DeferredTest.consume;
import static io.twisted.internet.defer.DeferredTest.failureOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twisted.internet.ReactorThreads;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@link Deferred#toCompletableFuture} and {@link Deferred#fromCompletionStage}. */
class DeferredCompletionStageTest {

    /** A reactor stand-in whose thread is "not this one": calls queue until {@link #runQueued}. */
    static final class QueueingReactor implements ReactorThreads {
        final List<Runnable> queued = new ArrayList<>();
        boolean inReactor;

        @Override
        public synchronized void callFromThread(Runnable call) {
            queued.add(call);
        }

        @Override
        public boolean isInReactorThread() {
            return inReactor;
        }

        synchronized void runQueued() {
            List<Runnable> now = new ArrayList<>(queued);
            queued.clear();
            now.forEach(Runnable::run);
        }
    }

    @Test
    void toCompletableFutureCompletesWithTheResult() throws Exception {
        Deferred<String> d = new Deferred<>();
        CompletableFuture<String> f = d.toCompletableFuture();
        assertFalse(f.isDone());
        d.callback("v");
        assertEquals("v", f.get(0, TimeUnit.SECONDS));
        assertNull(d.currentResult());
    }

    @Test
    void toCompletableFutureOfAFiredDeferredIsDone() {
        assertEquals("now", Deferred.succeed("now").toCompletableFuture().join());
        assertEquals("stage", Deferred.succeed("stage").toCompletionStage().toCompletableFuture().join());
    }

    @Test
    void toCompletableFutureCompletesExceptionallyWithTheFailure() {
        Deferred<String> d = new Deferred<>();
        CompletableFuture<String> f = d.toCompletableFuture();
        IOException error = new IOException("bad");
        d.errback(error);
        ExecutionException e = assertThrows(ExecutionException.class, f::get);
        assertSame(error, e.getCause());
        // The failure went to the future: the chain is handled and continues with null.
        assertNull(d.currentResult());
    }

    @Test
    void cancellingTheFutureCancelsTheDeferred() {
        List<String> calls = new ArrayList<>();
        Deferred<String> d = new Deferred<>(dd -> calls.add("canceller"));
        CompletableFuture<String> f = d.toCompletableFuture();
        assertTrue(f.cancel(true));
        assertEquals(List.of("canceller"), calls);
        assertTrue(d.isCalled());
        assertNull(d.currentResult());
    }

    @Test
    void cancellingTheFutureOffTheReactorThreadCancelsThroughCallFromThread() {
        QueueingReactor reactor = new QueueingReactor();
        List<String> calls = new ArrayList<>();
        Deferred<String> d = new Deferred<>(dd -> calls.add("canceller"));
        CompletableFuture<String> f = d.toCompletableFuture(reactor);
        f.cancel(false);
        assertTrue(calls.isEmpty());
        assertFalse(d.isCalled());
        reactor.runQueued();
        assertEquals(List.of("canceller"), calls);
        assertTrue(d.isCalled());
    }

    @Test
    void fromCompletionStageFiresWithTheValue() {
        CompletableFuture<String> f = new CompletableFuture<>();
        Deferred<String> d = Deferred.fromCompletionStage(f);
        assertFalse(d.isCalled());
        f.complete("done");
        assertEquals("done", d.currentResult());
        assertEquals("already", Deferred.fromCompletionStage(CompletableFuture.completedFuture("already")).currentResult());
    }

    @Test
    void fromCompletionStageUnwrapsCompletionException() {
        CompletableFuture<String> source = new CompletableFuture<>();
        IOException error = new IOException("root");
        // thenApply wraps the source's exception in a CompletionException.
        CompletableFuture<String> derived = source.thenApply(s -> s);
        Deferred<String> d = Deferred.fromCompletionStage(derived);
        source.completeExceptionally(error);
        assertTrue(derived.isCompletedExceptionally());
        assertSame(error, failureOf(d).value());
        consume(d);

        Deferred<String> wrapped = Deferred.fromCompletionStage(
                CompletableFuture.failedFuture(new CompletionException(error)));
        assertSame(error, failureOf(wrapped).value());
        consume(wrapped);
    }

    @Test
    void cancellingTheDeferredCancelsTheFuture() {
        CompletableFuture<String> f = new CompletableFuture<>();
        Deferred<String> d = Deferred.fromCompletionStage(f);
        d.cancel();
        assertTrue(f.isCancelled());
        Failure failure = failureOf(d);
        assertInstanceOf(CancelledError.class, failure.value());
        assertInstanceOf(CancellationException.class, failure.value().getCause());
        consume(d);
    }

    @Test
    void aCancelledFutureFailsTheDeferredWithCancelledError() {
        CompletableFuture<String> f = new CompletableFuture<>();
        Deferred<String> d = Deferred.fromCompletionStage(f);
        f.cancel(false);
        assertInstanceOf(CancelledError.class, failureOf(d).value());
        consume(d);
    }

    @Test
    void completionOnAnotherThreadIsDeliveredThroughCallFromThread() throws Exception {
        QueueingReactor reactor = new QueueingReactor();
        CompletableFuture<String> f = new CompletableFuture<>();
        Deferred<String> d = Deferred.fromCompletionStage(f, reactor);
        Thread other = new Thread(() -> f.complete("from elsewhere"));
        other.start();
        other.join(10_000);
        assertFalse(d.isCalled(), "not fired on the completing thread");
        reactor.runQueued();
        assertEquals("from elsewhere", d.currentResult());
    }

    @Test
    void completionOnTheReactorThreadFiresAtOnce() {
        QueueingReactor reactor = new QueueingReactor();
        reactor.inReactor = true;
        CompletableFuture<String> f = new CompletableFuture<>();
        Deferred<String> d = Deferred.fromCompletionStage(f, reactor);
        f.complete("here");
        assertEquals("here", d.currentResult());
        assertTrue(reactor.queued.isEmpty());
    }

    @Test
    void roundTripBothDirections() {
        Deferred<Integer> d = new Deferred<>();
        Deferred<Integer> back = Deferred.fromCompletionStage(d.toCompletableFuture().thenApply(i -> i + 1));
        d.callback(41);
        assertEquals(42, back.currentResult());
    }
}
