package io.twisted.internet.defer;

import static io.twisted.internet.defer.DeferredTest.consume;
import static io.twisted.internet.defer.DeferredTest.failureOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twisted.internet.ReactorThreads;
import io.twisted.internet.task.Clock;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * {@link Coroutines#inlineCallbacks}: Deferreds fired by a {@link Clock} on the test thread, which
 * plays the reactor thread. No sleeps: every handoff is synchronous.
 */
class CoroutinesTest {

    /** A Deferred that the clock fires with {@code value} after {@code delay} seconds. */
    static <T> Deferred<T> later(Clock clock, double delay, T value) {
        Deferred<T> d = new Deferred<>();
        clock.callLater(delay, () -> d.callback(value));
        return d;
    }

    static <T> Deferred<T> failLater(Clock clock, double delay, Exception error) {
        Deferred<T> d = new Deferred<>();
        clock.callLater(delay, () -> d.errback(error));
        return d;
    }

    @Test
    void runsUntilTheFirstUnfiredAwaitThenResumesWhenItFires() throws Exception {
        Clock clock = new Clock();
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        Deferred<String> result = Coroutines.inlineCallbacks(null, await -> {
            log.add("start");
            String a = await.await(later(clock, 1, "a"));
            log.add("got " + a);
            String b = await.await(later(clock, 2, "b"));
            log.add("got " + b);
            return a + b;
        });
        assertEquals(List.of("start"), log, "inlineCallbacks returns once the body waits");
        assertFalse(result.isCalled());
        clock.advance(1);
        assertEquals(List.of("start", "got a"), log, "advance returns once the body waits again");
        assertFalse(result.isCalled());
        clock.advance(2);
        assertEquals(List.of("start", "got a", "got b"), log);
        assertEquals("ab", result.currentResult());
    }

    @Test
    void bodyThatNeverWaitsFinishesBeforeInlineCallbacksReturns() {
        Deferred<Integer> result = Coroutines.inlineCallbacks(null, await -> 42);
        assertEquals(42, result.currentResult());
    }

    @Test
    void awaitingFiredDeferredsContinuesAtOnce() {
        Deferred<Integer> result = Coroutines.inlineCallbacks(null, await -> {
            int sum = 0;
            for (int i = 0; i < 1000; i++) {
                sum += await.await(Deferred.succeed(i));
            }
            return sum;
        });
        assertEquals(499500, result.currentResult());
    }

    @Test
    void awaitedFailureIsThrownAndCanBeCaught() {
        Clock clock = new Clock();
        IOException error = new IOException("checked failure");
        Deferred<String> result = Coroutines.inlineCallbacks(null, await -> {
            try {
                await.await(failLater(clock, 1, error));
                return "not reached";
            } catch (IOException e) {
                assertSame(error, e);
                return "caught " + e.getMessage();
            }
        });
        clock.advance(1);
        assertEquals("caught checked failure", result.currentResult());
    }

    @Test
    void uncaughtExceptionFailsTheResult() {
        Clock clock = new Clock();
        IOException error = new IOException("propagates");
        Deferred<String> result = Coroutines.inlineCallbacks(null, await -> await.await(failLater(clock, 1, error)));
        clock.advance(1);
        assertSame(error, failureOf(result).value());
        consume(result);

        IllegalStateException thrown = new IllegalStateException("thrown by body");
        Deferred<String> direct = Coroutines.inlineCallbacks(null, await -> {
            throw thrown;
        });
        assertSame(thrown, failureOf(direct).value());
        consume(direct);
    }

    /**
     * A critical section that lasts a while (yielding the CPU, so another runnable thread would
     * get in): records a violation if anyone else is inside it meanwhile.
     */
    private static void exclusiveSection(AtomicInteger inside, List<String> violations, String who) {
        if (inside.incrementAndGet() != 1 && violations.size() < 10) {
            violations.add(who + " entered while another runs");
        }
        for (int i = 0; i < 200; i++) {
            Thread.yield();
            if (inside.get() != 1 && violations.size() < 10) {
                violations.add(who + " saw another runner");
                break;
            }
        }
        inside.decrementAndGet();
    }

    @Test
    void bodyAndCallerNeverRunAtTheSameTime() {
        Clock clock = new Clock();
        Thread caller = Thread.currentThread();
        AtomicInteger inside = new AtomicInteger();
        List<String> violations = Collections.synchronizedList(new ArrayList<>());
        Thread[] bodyThread = new Thread[1];
        Deferred<Integer> result = Coroutines.inlineCallbacks(null, await -> {
            bodyThread[0] = Thread.currentThread();
            int steps = 0;
            for (int i = 0; i < 50; i++) {
                exclusiveSection(inside, violations, "body step " + i);
                // Already-fired awaits continue without a handoff, still exclusive.
                await.await(Deferred.succeed(i));
                exclusiveSection(inside, violations, "body after fired await " + i);
                await.await(later(clock, 1, i));
                steps++;
            }
            exclusiveSection(inside, violations, "body end");
            return steps;
        });
        assertNotSame(caller, bodyThread[0], "the body runs on its own thread");
        for (int i = 0; i < 50; i++) {
            exclusiveSection(inside, violations, "caller tick " + i);
            clock.advance(1);
        }
        assertEquals(List.of(), violations);
        assertEquals(50, result.currentResult());
    }

    @Test
    void bodyMayTouchCallerStateWithoutLocks() {
        // Plain (non-volatile, unsynchronized) state shared between body and caller: the handoffs
        // order every access.
        Clock clock = new Clock();
        int[] counter = new int[1];
        Deferred<Integer> result = Coroutines.inlineCallbacks(null, await -> {
            for (int i = 0; i < 100; i++) {
                counter[0]++;
                await.await(later(clock, 1, null));
            }
            return counter[0];
        });
        for (int i = 0; i < 100; i++) {
            counter[0] += 1000;
            clock.advance(1);
        }
        assertEquals(100_100, counter[0]);
        assertEquals(100_100, result.currentResult());
    }

    @Test
    void nestedCoroutines() {
        Clock clock = new Clock();
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        Deferred<String> outer = Coroutines.inlineCallbacks(null, await -> {
            log.add("outer start");
            Deferred<String> inner = Coroutines.inlineCallbacks(null, innerAwait -> {
                log.add("inner start");
                String x = innerAwait.await(later(clock, 1, "x"));
                log.add("inner got " + x);
                return x + "!";
            });
            log.add("outer awaits inner");
            String r = await.await(inner);
            log.add("outer got " + r);
            String y = await.await(later(clock, 1, "y"));
            return r + y;
        });
        assertEquals(List.of("outer start", "inner start", "outer awaits inner"), log);
        clock.advance(1);
        assertEquals(List.of("outer start", "inner start", "outer awaits inner", "inner got x", "outer got x!"), log);
        assertFalse(outer.isCalled());
        clock.advance(1);
        assertEquals("x!y", outer.currentResult());
    }

    @Test
    void nestedCoroutineFailurePropagatesToTheOuter() {
        Clock clock = new Clock();
        IOException error = new IOException("inner failed");
        Deferred<String> outer = Coroutines.inlineCallbacks(null, await -> {
            try {
                return await.await(Coroutines.inlineCallbacks(null,
                        innerAwait -> innerAwait.await(CoroutinesTest.<String>failLater(clock, 1, error))));
            } catch (IOException e) {
                return "outer caught " + e.getMessage();
            }
        });
        clock.advance(1);
        assertEquals("outer caught inner failed", outer.currentResult());
    }

    @Test
    void coroutineResumedByAnotherCoroutineBody() {
        // The second body fires the Deferred that the first awaits: the first runs then and there,
        // while the second is suspended in its callback() call.
        Clock clock = new Clock();
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        Deferred<String> signal = new Deferred<>();
        Deferred<String> waiter = Coroutines.inlineCallbacks(null, await -> {
            String s = await.await(signal);
            log.add("waiter got " + s);
            return s;
        });
        Deferred<String> firer = Coroutines.inlineCallbacks(null, await -> {
            await.await(later(clock, 1, null));
            log.add("firer fires");
            signal.callback("ping");
            log.add("firer continues");
            return "fired";
        });
        clock.advance(1);
        assertEquals(List.of("firer fires", "waiter got ping", "firer continues"), log);
        assertEquals("ping", waiter.currentResult());
        assertEquals("fired", firer.currentResult());
    }

    @Test
    void cancellingTheResultCancelsTheAwaitedDeferred() {
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        Deferred<String> awaited = new Deferred<>(d -> log.add("awaited cancelled"));
        Deferred<String> result = Coroutines.inlineCallbacks(null, await -> {
            try {
                return await.await(awaited);
            } catch (CancelledError e) {
                log.add("body saw CancelledError");
                throw e;
            }
        });
        result.cancel();
        assertEquals(List.of("awaited cancelled", "body saw CancelledError"), log);
        assertInstanceOf(CancelledError.class, failureOf(result).value());
        consume(result);
    }

    @Test
    void bodyThatSwallowsTheCancellationStillLeavesTheResultCancelled() {
        Clock clock = new Clock();
        Deferred<String> awaited = new Deferred<>();
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        Deferred<String> result = Coroutines.inlineCallbacks(null, await -> {
            try {
                await.await(awaited);
            } catch (CancelledError e) {
                log.add("swallowed");
            }
            String later = await.await(later(clock, 1, "later"));
            log.add("finished with " + later);
            return later;
        });
        result.cancel();
        assertInstanceOf(CancelledError.class, failureOf(result).value());
        clock.advance(1);
        assertEquals(List.of("swallowed", "finished with later"), log);
        assertInstanceOf(CancelledError.class, failureOf(result).value());
        consume(result);
    }

    @Test
    void cancellationPropagatesThroughNestedCoroutines() {
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        Deferred<String> leaf = new Deferred<>(d -> log.add("leaf cancelled"));
        Deferred<String> outer = Coroutines.inlineCallbacks(null,
                await -> await.await(Coroutines.inlineCallbacks(null, innerAwait -> innerAwait.await(leaf))));
        outer.cancel();
        assertEquals(List.of("leaf cancelled"), log);
        assertInstanceOf(CancelledError.class, failureOf(outer).value());
        consume(outer);
    }

    @Test
    void awaitedDeferredContinuesWithNull() {
        Clock clock = new Clock();
        Deferred<String> awaited = later(clock, 1, "v");
        Deferred<String> result = Coroutines.inlineCallbacks(null, await -> await.await(awaited));
        clock.advance(1);
        assertEquals("v", result.currentResult());
        assertNull(awaited.currentResult());
    }

    @Test
    void awaitOutsideTheBodyIsRefused() {
        Coroutines.Await[] leaked = new Coroutines.Await[1];
        Deferred<String> result = Coroutines.inlineCallbacks(null, await -> {
            leaked[0] = await;
            return "done";
        });
        assertEquals("done", result.currentResult());
        Exception e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> leaked[0].await(Deferred.succeed("x")));
        assertTrue(e.getMessage().contains("outside"));
    }

    @Test
    void bodyReturningADeferredFails() {
        Deferred<Object> result = Coroutines.inlineCallbacks(null, await -> new Deferred<>());
        assertInstanceOf(IllegalStateException.class, failureOf(result).value());
        consume(result);
    }

    @Test
    void resumptionOnAForeignThreadGoesThroughTheReactor() throws Exception {
        List<Runnable> queued = Collections.synchronizedList(new ArrayList<>());
        Thread reactorThread = Thread.currentThread();
        ReactorThreads reactor = new ReactorThreads() {
            @Override
            public void callFromThread(Runnable call) {
                queued.add(call);
            }

            @Override
            public boolean isInReactorThread() {
                return Thread.currentThread() == reactorThread;
            }
        };
        Deferred<String> awaited = new Deferred<>();
        Deferred<String> result = Coroutines.inlineCallbacks(reactor, await -> await.await(awaited) + "!");
        Thread foreign = new Thread(() -> awaited.callback("from a pool"));
        foreign.start();
        foreign.join(10_000);
        assertFalse(result.isCalled(), "not resumed on the foreign thread");
        assertEquals(1, queued.size());
        queued.remove(0).run();
        assertEquals("from a pool!", result.currentResult());
    }

    @Test
    void platformThreadsCanBeForced() {
        Thread[] t = new Thread[1];
        Deferred<String> r = Coroutines.inlineCallbacks(null, await -> {
            t[0] = Thread.currentThread();
            return "ok";
        }, false);
        assertEquals("ok", r.currentResult());
        assertTrue(t[0].isDaemon());
    }

    @Test
    void usesVirtualThreadsWhenTheJvmHasThem() throws Exception {
        boolean jvmHasThem = Runtime.version().feature() >= 21;
        assertEquals(jvmHasThem, Coroutines.usesVirtualThreads());
        Thread[] t = new Thread[1];
        Coroutines.inlineCallbacks(null, await -> {
            t[0] = Thread.currentThread();
            return null;
        });
        if (jvmHasThem) {
            assertEquals(true, Thread.class.getMethod("isVirtual").invoke(t[0]));
        } else {
            assertTrue(t[0].isDaemon());
        }
    }

    @Test
    void isDrivenByFollowsTheChainOfDrivers() {
        Clock clock = new Clock();
        Thread caller = Thread.currentThread();
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        assertFalse(Coroutines.isDrivenBy(caller), "the caller itself is not a coroutine body");
        Deferred<Object> outer = Coroutines.inlineCallbacks(null, await -> {
            Thread outerThread = Thread.currentThread();
            log.add("outer driven by caller: " + Coroutines.isDrivenBy(caller));
            Deferred<Object> inner = Coroutines.inlineCallbacks(null, innerAwait -> {
                log.add("inner driven by caller: " + Coroutines.isDrivenBy(caller));
                log.add("inner driven by outer: " + Coroutines.isDrivenBy(outerThread));
                innerAwait.await(later(clock, 1, null));
                // Resumed by the clock on the caller's thread: outer is no longer in between.
                log.add("inner after resume driven by outer: " + Coroutines.isDrivenBy(outerThread));
                log.add("inner after resume driven by caller: " + Coroutines.isDrivenBy(caller));
                return null;
            });
            await.await(inner);
            return null;
        });
        clock.advance(1);
        assertTrue(outer.isCalled());
        assertEquals(List.of("outer driven by caller: true", "inner driven by caller: true",
                "inner driven by outer: true", "inner after resume driven by outer: false",
                "inner after resume driven by caller: true"), log);
    }
}
