package io.twisted.internet.defer;

import static io.twisted.internet.defer.DeferredTest.consume;
import static io.twisted.internet.defer.DeferredTest.failureOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twisted.internet.defer.DeferredList.FirstResult;
import io.twisted.internet.task.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The subtle chaining cases of Twisted's {@code test_defer.py}, ported: Deferreds returned from
 * callbacks that have callbacks of their own, paused Deferreds in a chain, re-entrancy.
 */
class DeferredChainingTest {

    @Test
    void innerCallbacksArePreserved() {
        // test_innerCallbacksPreserved
        List<Object> results = new ArrayList<>();
        Deferred<String> inner = new Deferred<>();
        Deferred<String> outer = Deferred.succeed("outer");
        outer.addCallbackDeferred(result -> {
            results.add("start-of-cb " + result);
            Deferred<String> d = Deferred.succeed("inner");
            d.addCallbackDeferred(r -> {
                results.add("firstCallback " + r);
                return inner;
            }).addCallback(r -> {
                results.add("secondCallback " + r);
                return r + r;
            });
            return d;
        });
        inner.callback("orange");
        outer.addCallback(results::add);
        assertEquals(List.of("start-of-cb outer", "firstCallback inner", "secondCallback orange", "orangeorange"),
                results);
    }

    @Test
    void continuationIsNotNecessarilyTheFirstLink() {
        // test_continueCallbackNotFirst
        List<Object> results = new ArrayList<>();
        Deferred<String> a = new Deferred<>();
        Deferred<String> outer = Deferred.succeed("outer");
        outer.addCallbackDeferred(result -> {
            results.add("cb " + result);
            Deferred<String> d = new Deferred<>();
            d.addCallbackDeferred(r -> {
                results.add("firstCallback " + r);
                return Deferred.gatherResults(List.of(a));
            }).addCallback(r -> results.add("secondCallback " + r));
            d.callback(null);
            return d;
        });
        assertEquals(List.of("cb outer", "firstCallback null"), results);
        a.callback("withers");
        assertEquals(List.of("cb outer", "firstCallback null", "secondCallback [withers]"), results);
    }

    @Test
    void callbackOrderIsPreserved() {
        // test_callbackOrderPreserved
        List<Object> results = new ArrayList<>();
        Deferred<String> a = new Deferred<>();
        Deferred<String> outer = new Deferred<>();
        outer.addCallbackDeferred(result -> {
            results.add("cb " + result);
            Deferred<Object> d = new Deferred<>();
            d.addCallbackDeferred(r -> {
                results.add("firstCallback " + r);
                return Deferred.gatherResults(List.of(a));
            }).addCallback(r -> results.add("secondCallback " + r));
            d.callback(null);
            return d;
        }).addCallback(x -> results.add("final"));
        outer.callback("outer");
        assertEquals(List.of("cb outer", "firstCallback null"), results);
        a.callback("withers");
        assertEquals(List.of("cb outer", "firstCallback null", "secondCallback [withers]", "final"), results);
    }

    @Test
    void callbackAddedByACallbackFailingGoesToTheErrbacks() {
        // test_reentrantRunCallbacksWithFailure
        Deferred<String> d = new Deferred<>();
        d.addCallback(r -> {
            d.addCallback(x -> {
                throw new IllegalStateException("callback raised exception");
            });
            return null;
        });
        d.callback(null);
        assertEquals("callback raised exception", failureOf(d).value().getMessage());
        consume(d);
    }

    @Test
    void chainingIsTransitive() {
        // test_doubleAsynchronousImplicitChaining
        Deferred<Object> first = new Deferred<>();
        Deferred<Object> second = new Deferred<>();
        second.addCallbackDeferred(ign -> first);
        Deferred<Object> third = new Deferred<>();
        third.addCallbackDeferred(ign -> second);
        List<Object> thirdResult = new ArrayList<>();
        third.addCallback(thirdResult::add);
        Object result = new Object();
        second.callback(null);
        third.callback(null);
        assertEquals(List.of(), thirdResult);
        first.callback(result);
        assertEquals(List.of(result), thirdResult);
    }

    @Test
    void nestedChainedDeferredsWithExtraCallbacks() {
        // test_nestedAsynchronousChainedDeferredsWithExtraCallbacks
        List<Object> results = new ArrayList<>();
        Deferred<String> inner = new Deferred<>();
        Deferred<String> outer = Deferred.succeed("outer");
        outer.addCallbackDeferred(result -> {
            results.add("start-of-cb " + result);
            Deferred<Object> d = Deferred.succeed("inner");
            d.addCallbackDeferred(r -> {
                results.add("firstCallback " + r);
                return inner.addCallback(List::of);
            }).addCallback(r -> {
                results.add("secondCallback " + r);
                List<Object> doubled = new ArrayList<>((List<?>) r);
                doubled.addAll((List<?>) r);
                return doubled;
            });
            return d;
        }).addCallback(results::add);
        assertEquals(List.of("start-of-cb outer", "firstCallback inner"), results);
        inner.callback("withers");
        assertEquals(List.of("start-of-cb outer", "firstCallback inner", "secondCallback [withers]",
                List.of("withers", "withers")), results);
    }

    @Test
    void callbacksAddedToTheMiddleOfAChainRunAfterTheLastFires() {
        // test_resultOfDeferredResultOfDeferredOfFiredDeferredCalled
        Deferred<Object> first = new Deferred<>();
        Deferred<Object> second = new Deferred<>();
        Deferred<Object> third = new Deferred<>();
        first.addCallbackDeferred(ign -> second);
        second.addCallbackDeferred(ign -> third);
        second.callback(null);
        first.callback(null);
        third.callback(null);
        List<Object> results = new ArrayList<>();
        second.addCallback(results::add);
        assertEquals(1, results.size());
        assertNull(results.get(0));
    }

    @Test
    void returnedPausedDeferredIsWaitedForUntilUnpaused() {
        // testReturnDeferred
        Deferred<Integer> d1 = new Deferred<>();
        Deferred<Integer> d2 = new Deferred<>();
        d2.pause();
        List<Integer> results = new ArrayList<>();
        d1.addCallbackDeferred(r -> d2).addCallback(results::add);
        d1.callback(1);
        assertEquals(List.of(), results);
        d2.callback(2);
        assertEquals(List.of(), results);
        d2.unpause();
        assertEquals(List.of(2), results);
    }

    @Test
    void pausedDeferredWithAResultIsWaitedFor() {
        // test_chainedPausedDeferredWithResult
        Object expected = new Object();
        Deferred<Object> paused = new Deferred<>();
        paused.callback(expected);
        paused.pause();
        Deferred<Object> chained = new Deferred<>();
        chained.addCallbackDeferred(ign -> paused);
        chained.callback(null);
        List<Object> result = new ArrayList<>();
        chained.addCallback(result::add);
        assertEquals(List.of(), result);
        paused.unpause();
        assertEquals(List.of(expected), result);
    }

    @Test
    void pausedChaineeDoesNotStopEarlierDeferreds() {
        // test_pausedDeferredChained
        Deferred<Object> first = new Deferred<>();
        Deferred<Object> second = new Deferred<>();
        first.addCallbackDeferred(ign -> second);
        first.callback(null);
        first.pause();
        second.callback(null);
        List<Object> result = new ArrayList<>();
        second.addCallback(result::add);
        assertEquals(1, result.size());
    }

    @Test
    void pauseInsideACallbackHoldsTheRestUntilUnpause() {
        Deferred<String> d = new Deferred<>();
        List<String> calls = new ArrayList<>();
        d.addCallback(r -> {
            calls.add("first");
            d.pause();
            return r;
        }).addCallback(r -> calls.add("second"));
        d.callback("x");
        assertEquals(List.of("first"), calls);
        d.unpause();
        assertEquals(List.of("first", "second"), calls);
    }

    @Test
    void errbackAddedBeforeTimeoutMaySuppressTheCancellation() {
        // test_errbackAddedBeforeTimeoutSuppressesCancellation
        Clock clock = new Clock();
        Deferred<String> d = new Deferred<>();
        List<Failure> seen = new ArrayList<>();
        d.addErrback(f -> {
            seen.add(f);
            f.trap(CancelledError.class);
            return null;
        });
        d.addTimeout(10, clock);
        clock.advance(15);
        assertInstanceOf(CancelledError.class, seen.get(0).value());
        assertNull(d.currentResult());
    }

    @Test
    void callbackAddedBeforeTimeoutRunsWhenTheCancellerCallsBack() {
        // test_callbackAddedToCancelerBeforeTimeout
        Clock clock = new Clock();
        Deferred<String> d = new Deferred<>(dd -> dd.callback("success"));
        List<String> seen = new ArrayList<>();
        d.addCallback(v -> {
            seen.add(v);
            return v;
        });
        d.addTimeout(10, clock);
        clock.advance(15);
        assertEquals(List.of("success"), seen);
        assertEquals("success", d.currentResult());
    }

    @Test
    void cancellingFirstSuccessListWhoseMemberCallsBackInItsCanceller() {
        // test_cancelDeferredListWithFireOnOneCallbackAndDeferredCallback
        Deferred<String> one = new Deferred<>(d -> d.callback("Callback Result"));
        Deferred<String> two = new Deferred<>();
        Deferred<FirstResult<String>> list = DeferredList.firstSuccess(List.of(one, two));
        list.cancel();
        assertInstanceOf(CancelledError.class, failureOf(two).value());
        consume(two);
        assertEquals(new FirstResult<>(0, "Callback Result"), list.currentResult());
    }

    @Test
    void circularChainFailsInsteadOfHanging() {
        // A callback that returns the Deferred it is attached to.
        Deferred<Object> d = new Deferred<>();
        d.addCallback(ign -> d);
        d.callback(null);
        assertTrue(failureOf(d).value().getMessage().contains("its own Deferred"));
        consume(d);
    }
}
