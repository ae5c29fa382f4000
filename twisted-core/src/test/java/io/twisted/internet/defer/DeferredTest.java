package io.twisted.internet.defer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The core chain semantics of {@link Deferred}, after Twisted's {@code test_defer.py}. */
class DeferredTest {

    /** The Failure a Deferred currently holds. */
    static Failure failureOf(Deferred<?> d) {
        Object r = d.currentResult();
        assertInstanceOf(Failure.class, r, "expected a failure, got " + r);
        return (Failure) r;
    }

    /** Handles whatever failure {@code d} holds, so that the test leaves no unhandled error behind. */
    static Failure consume(Deferred<?> d) {
        Failure[] seen = new Failure[1];
        d.addErrback(f -> {
            seen[0] = f;
            return null;
        });
        return seen[0];
    }

    @Test
    void callbacksRunInOrderAndResultsFlow() {
        List<String> calls = new ArrayList<>();
        Deferred<Integer> d = new Deferred<>();
        Deferred<String> end = d.addCallback(i -> {
            calls.add("first " + i);
            return i + 1;
        }).addCallback(i -> {
            calls.add("second " + i);
            return "v" + (i * 10);
        });
        assertTrue(calls.isEmpty());
        assertFalse(d.isCalled());
        d.callback(1);
        assertEquals(List.of("first 1", "second 2"), calls);
        assertEquals("v20", end.currentResult());
        assertSame(d, end);
    }

    @Test
    void callbacksAddedAfterFiringRunAtOnce() {
        Deferred<String> d = Deferred.succeed("x");
        List<String> seen = new ArrayList<>();
        d.addCallback(s -> {
            seen.add(s);
            return s + "y";
        });
        assertEquals(List.of("x"), seen);
        assertEquals("xy", d.currentResult());
    }

    @Test
    void thrownExceptionSkipsCallbacksToNextErrback() {
        List<String> calls = new ArrayList<>();
        Deferred<String> d = new Deferred<>();
        d.addCallback(s -> {
            throw new IOException("boom");
        }).addCallback(s -> {
            calls.add("skipped callback");
            return s;
        }).addErrback(f -> {
            calls.add("errback " + f.value().getMessage());
            return "recovered";
        }).addCallback(s -> {
            calls.add("callback after recovery: " + s);
            return s;
        });
        d.callback("go");
        assertEquals(List.of("errback boom", "callback after recovery: recovered"), calls);
        assertEquals("recovered", d.currentResult());
    }

    @Test
    void errbackThatRethrowsKeepsTheSameFailure() {
        Deferred<String> d = new Deferred<>();
        Failure original = new Failure(new IllegalStateException("original"));
        List<Failure> seen = new ArrayList<>();
        d.addErrback(f -> {
            seen.add(f);
            throw f.value();
        }).addErrback(f -> {
            seen.add(f);
            return f.raiseException();
        }).addErrback(f -> {
            seen.add(f);
            return "done";
        });
        d.errback(original);
        assertEquals(3, seen.size());
        seen.forEach(f -> assertSame(original, f));
        assertEquals("done", d.currentResult());
    }

    @Test
    void trapMismatchKeepsTheSameFailureAndTrapMatchRecovers() {
        Deferred<String> d = new Deferred<>();
        Failure original = new Failure(new IOException("io"));
        List<String> calls = new ArrayList<>();
        d.addErrback(f -> {
            f.trap(IllegalArgumentException.class);
            calls.add("wrongly trapped");
            return "no";
        });
        d.errback(original);
        assertSame(original, failureOf(d));
        d.addErrback(f -> {
            assertEquals(IOException.class, f.trap(IllegalArgumentException.class, IOException.class));
            calls.add("trapped");
            return "yes";
        });
        assertEquals(List.of("trapped"), calls);
        assertEquals("yes", d.currentResult());
    }

    @Test
    void errbackReturningAFailureContinuesWithIt() {
        Deferred<String> d = new Deferred<>();
        Failure replacement = new Failure(new IOException("replacement"));
        d.addBoth(r -> replacement);
        d.callback("x");
        assertSame(replacement, failureOf(d));
        consume(d);
    }

    @Test
    void addCallbacksRunsExactlyOneOfThePair() {
        List<String> calls = new ArrayList<>();
        Deferred<String> ok = new Deferred<>();
        ok.addCallbacks(s -> calls.add("cb " + s), f -> calls.add("eb"));
        ok.callback("a");
        Deferred<String> failing = new Deferred<>();
        failing.addCallbacks(s -> calls.add("cb must not run"), f -> calls.add("eb " + f.getErrorMessage()));
        failing.errback(new IOException("b"));
        Deferred<String> bad = new Deferred<>();
        bad.addCallbacks(s -> {
            throw new IOException("in callback");
        }, f -> calls.add("eb of the same pair must not run"));
        bad.callback("c");
        assertEquals(List.of("cb a", "eb b"), calls);
        assertEquals("in callback", failureOf(bad).value().getMessage());
        consume(bad);
    }

    @Test
    void callbackReturningUnfiredDeferredPausesChainAndResumesWithInnerResult() {
        Deferred<String> outer = new Deferred<>();
        Deferred<Integer> inner = new Deferred<>();
        List<Object> calls = new ArrayList<>();
        outer.addCallbackDeferred(s -> inner).addCallback(i -> {
            calls.add(i);
            return i * 2;
        });
        outer.callback("go");
        assertTrue(calls.isEmpty());
        assertTrue(outer.isPaused());
        assertThrows(IllegalStateException.class, outer::currentResult);
        assertTrue(outer.toString().contains("waiting on"), outer.toString());
        inner.callback(21);
        assertEquals(List.of(21), calls);
        assertFalse(outer.isPaused());
        assertEquals(42, outer.currentResult());
        // The inner Deferred's chain continues with null: its result moved to the outer one.
        assertNull(inner.currentResult());
    }

    @Test
    void innerFailureGoesToOuterErrbacks() {
        Deferred<String> outer = new Deferred<>();
        Deferred<String> inner = new Deferred<>();
        List<String> calls = new ArrayList<>();
        outer.addCallbackDeferred(s -> inner)
                .addCallback(s -> calls.add("callback must not run"))
                .addErrback(f -> {
                    calls.add("errback " + f.value().getMessage());
                    return true;
                });
        outer.callback("go");
        IOException boom = new IOException("inner boom");
        inner.errback(boom);
        assertEquals(List.of("errback inner boom"), calls);
        assertEquals(true, outer.currentResult());
    }

    @Test
    void callbackReturningFiredDeferredTakesItsResultAtOnce() {
        Deferred<String> outer = new Deferred<>();
        outer.addCallbackDeferred(s -> Deferred.succeed(s + "!")).addCallback(s -> s + "?");
        outer.callback("hi");
        assertEquals("hi!?", outer.currentResult());

        Deferred<String> failing = new Deferred<>();
        IOException error = new IOException("already failed");
        failing.addCallbackDeferred(s -> Deferred.fail(error));
        failing.callback("x");
        assertSame(error, failureOf(failing).value());
        consume(failing);
    }

    @Test
    void errbackReturningDeferredRecoversWithItsResult() {
        Deferred<String> d = new Deferred<>();
        Deferred<String> inner = new Deferred<>();
        d.addBoth(r -> inner).addCallback(s -> "after " + s);
        d.errback(new IOException("x"));
        inner.callback("recovery");
        assertEquals("after recovery", d.currentResult());
    }

    @Test
    void chainsOfNestedReturnedDeferreds() {
        // a waits on b, which waits on c, which waits on d: firing d unwinds them all.
        Deferred<String> a = new Deferred<>();
        Deferred<String> b = new Deferred<>();
        Deferred<String> c = new Deferred<>();
        Deferred<String> d = new Deferred<>();
        List<String> order = new ArrayList<>();
        a.addCallbackDeferred(r -> b).addCallback(r -> {
            order.add("a got " + r);
            return "a(" + r + ")";
        });
        b.addCallbackDeferred(r -> c).addCallback(r -> {
            order.add("b got " + r);
            return "b(" + r + ")";
        });
        c.addCallbackDeferred(r -> d).addCallback(r -> {
            order.add("c got " + r);
            return "c(" + r + ")";
        });
        a.callback("start");
        b.callback("ignored");
        c.callback("ignored");
        assertTrue(order.isEmpty());
        d.callback("d");
        assertEquals(List.of("c got d", "b got c(d)", "a got b(c(d))"), order);
        assertEquals("a(b(c(d)))", a.currentResult());
    }

    @Test
    void outerWaitingOnInnerThatWaitsOnFiredDeferreds() {
        Deferred<Integer> outer = new Deferred<>();
        Deferred<Integer> inner = new Deferred<>();
        inner.addCallbackDeferred(i -> Deferred.succeed(i + 1));
        outer.addCallbackDeferred(i -> inner).addCallback(i -> i * 10);
        outer.callback(0);
        inner.callback(4);
        assertEquals(50, outer.currentResult());
    }

    @Test
    void deepChainOfAlreadyFiredReturnedDeferredsDoesNotOverflowTheStack() {
        int depth = 100_000;
        Deferred<Integer> d = new Deferred<>();
        for (int i = 0; i < depth; i++) {
            d.addCallbackDeferred(n -> Deferred.succeed(n + 1));
        }
        d.callback(0);
        assertEquals(depth, d.currentResult());
    }

    @Test
    void deepChainOfNestedUnfiredDeferredsDoesNotOverflowTheStack() {
        // ds[i] waits on ds[i + 1] (returned unfired from its callback); firing the last one
        // unwinds 100,000 levels.
        int depth = 100_000;
        List<Deferred<Integer>> ds = new ArrayList<>(depth + 1);
        for (int i = 0; i <= depth; i++) {
            ds.add(new Deferred<>());
        }
        for (int i = 0; i < depth; i++) {
            Deferred<Integer> next = ds.get(i + 1);
            ds.get(i).addCallbackDeferred(ignored -> next).addCallback(n -> n + 1);
        }
        for (int i = 0; i < depth; i++) {
            ds.get(i).callback(-1);
        }
        ds.get(depth).callback(0);
        assertEquals(depth, ds.get(0).currentResult());

        // And the same with a failure travelling up all the levels.
        List<Deferred<Integer>> fs = new ArrayList<>(depth + 1);
        for (int i = 0; i <= depth; i++) {
            fs.add(new Deferred<>());
        }
        for (int i = 0; i < depth; i++) {
            Deferred<Integer> next = fs.get(i + 1);
            fs.get(i).addCallbackDeferred(ignored -> next);
        }
        for (int i = 0; i < depth; i++) {
            fs.get(i).callback(-1);
        }
        IOException error = new IOException("deep");
        fs.get(depth).errback(error);
        assertSame(error, failureOf(fs.get(0)).value());
        consume(fs.get(0));
    }

    @Test
    void deepChainBuiltInsideOutDoesNotOverflowTheStack() {
        // Each Deferred waits on a fresh unfired one created by its callback; the chain is built
        // while firing, then the innermost fires.
        int depth = 100_000;
        Deferred<Integer> root = new Deferred<>();
        List<Deferred<Integer>> created = new ArrayList<>();
        List<Callback<Integer, Deferred<Integer>>> step = new ArrayList<>(1);
        step.add(n -> {
            Deferred<Integer> next = new Deferred<>();
            created.add(next);
            if (created.size() < depth) {
                next.addCallbackDeferred(step.get(0));
            }
            return next;
        });
        root.addCallbackDeferred(step.get(0));
        root.callback(0);
        // Fire them in creation order: each one's callback immediately returns the next one.
        for (int i = 0; i < created.size(); i++) {
            created.get(i).callback(0);
        }
        assertEquals(depth, created.size());
        assertEquals(0, root.currentResult());
        assertFalse(root.isPaused());
    }

    @Test
    void deepCancelOfNestedChainDoesNotOverflowTheStack() {
        int depth = 100_000;
        List<Deferred<Integer>> ds = new ArrayList<>(depth + 1);
        for (int i = 0; i <= depth; i++) {
            ds.add(new Deferred<>());
        }
        for (int i = 0; i < depth; i++) {
            Deferred<Integer> next = ds.get(i + 1);
            ds.get(i).addCallbackDeferred(ignored -> next);
        }
        for (int i = 0; i < depth; i++) {
            ds.get(i).callback(-1);
        }
        ds.get(0).cancel();
        assertInstanceOf(CancelledError.class, failureOf(ds.get(0)).value());
        consume(ds.get(0));
    }

    @Test
    void callbackAddingCallbackToItsOwnDeferredRunsItAfterTheRest() {
        Deferred<String> d = new Deferred<>();
        List<String> calls = new ArrayList<>();
        d.addCallback(s -> {
            calls.add("first");
            d.addCallback(r -> {
                calls.add("added by first, got " + r);
                return r;
            });
            calls.add("first done");
            return s + "1";
        }).addCallback(s -> {
            calls.add("second");
            return s + "2";
        });
        d.callback("x");
        assertEquals(List.of("first", "first done", "second", "added by first, got x12"), calls);
    }

    @Test
    void pauseHoldsCallbacksUntilUnpause() {
        Deferred<String> d = new Deferred<>();
        List<String> calls = new ArrayList<>();
        d.pause();
        Deferred<Boolean> added = d.addCallback(calls::add);
        d.callback("a");
        assertTrue(d.isCalled());
        assertTrue(calls.isEmpty());
        d.pause();
        d.unpause();
        assertTrue(calls.isEmpty(), "still paused once");
        d.unpause();
        assertEquals(List.of("a"), calls);
        d.unpause(); // extra unpause is harmless
        added.addCallback(r -> calls.add("later " + r));
        assertEquals(List.of("a", "later true"), calls);
    }

    @Test
    void pausedChaineeLetsTheDeferredBelowFinishItsCallbacks() {
        Deferred<String> outer = new Deferred<>();
        Deferred<String> inner = new Deferred<>();
        List<String> calls = new ArrayList<>();
        outer.addCallbackDeferred(s -> inner);
        outer.callback("x");
        outer.pause();
        // Added after the continuation to outer: runs once outer has taken the result.
        inner.addCallback(r -> {
            calls.add("inner continues with " + r);
            return r;
        });
        inner.callback("inner");
        outer.addCallback(r -> calls.add("outer " + r));
        assertEquals(List.of("inner continues with null"), calls);
        outer.unpause();
        assertEquals(List.of("inner continues with null", "outer inner"), calls);
    }

    @Test
    void firingTwiceRaisesAlreadyCalledError() {
        Deferred<String> d = new Deferred<>();
        d.callback("a");
        assertThrows(AlreadyCalledError.class, () -> d.callback("b"));
        assertThrows(AlreadyCalledError.class, () -> d.errback(new IOException()));
        assertEquals("a", d.currentResult());
        Deferred<String> e = Deferred.fail(new IOException("x"));
        assertThrows(AlreadyCalledError.class, () -> e.callback("b"));
        consume(e);
    }

    @Test
    void callbackRejectsADeferredAsResult() {
        Deferred<Object> d = new Deferred<>();
        assertThrows(IllegalArgumentException.class, () -> d.callback(new Deferred<>()));
        assertFalse(d.isCalled());
    }

    @Test
    void callbackReturningItsOwnDeferredFails() {
        Deferred<Object> d = new Deferred<>();
        d.addCallback(r -> d);
        d.callback("x");
        assertInstanceOf(IllegalStateException.class, failureOf(d).value());
        consume(d);
    }

    @Test
    void cancelWithoutCancellerFailsWithCancelledErrorAndSuppressesOneLaterCallback() {
        Deferred<String> d = new Deferred<>();
        d.cancel();
        assertInstanceOf(CancelledError.class, failureOf(d).value());
        // The code that would have fired it does so later: ignored once, as in Twisted.
        d.callback("late");
        assertInstanceOf(CancelledError.class, failureOf(d).value());
        assertThrows(AlreadyCalledError.class, () -> d.callback("again"));
        consume(d);
    }

    @Test
    void cancelWithoutCancellerSuppressesOneLaterErrbackToo() {
        Deferred<String> d = new Deferred<>();
        d.cancel();
        d.errback(new IOException("late failure"));
        assertInstanceOf(CancelledError.class, failureOf(d).value());
        assertThrows(AlreadyCalledError.class, () -> d.errback(new IOException("again")));
        consume(d);
    }

    @Test
    void cancellingTwiceRunsTheCancellerOnce() {
        List<String> calls = new ArrayList<>();
        Deferred<String> d = new Deferred<>(dd -> calls.add("canceller"));
        d.cancel();
        d.cancel();
        assertEquals(List.of("canceller"), calls);
        assertInstanceOf(CancelledError.class, failureOf(d).value());
        consume(d);
        Deferred<String> e = new Deferred<>();
        e.cancel();
        e.cancel();
        assertInstanceOf(CancelledError.class, failureOf(e).value());
        consume(e);
    }

    @Test
    void cancelWithCancellerThatDoesNotFireFailsWithCancelledError() {
        List<String> calls = new ArrayList<>();
        Deferred<String> d = new Deferred<>(dd -> calls.add("canceller"));
        d.cancel();
        assertEquals(List.of("canceller"), calls);
        assertInstanceOf(CancelledError.class, failureOf(d).value());
        // With a canceller, a later callback is a bug: it raises.
        assertThrows(AlreadyCalledError.class, () -> d.callback("late"));
        consume(d);
    }

    @Test
    void cancellerThatFiresTheDeferredWins() {
        Deferred<String> d = new Deferred<>(dd -> dd.callback("cancelled politely"));
        d.cancel();
        assertEquals("cancelled politely", d.currentResult());
        Deferred<String> e = new Deferred<>(dd -> dd.errback(new IOException("custom")));
        e.cancel();
        assertEquals("custom", failureOf(e).value().getMessage());
        consume(e);
    }

    @Test
    void cancelAfterFiringDoesNothing() {
        List<String> calls = new ArrayList<>();
        Deferred<String> d = new Deferred<>(dd -> calls.add("canceller"));
        d.callback("done");
        d.cancel();
        assertEquals("done", d.currentResult());
        assertTrue(calls.isEmpty());
    }

    @Test
    void cancellingOuterDeferredWaitingOnInnerCancelsTheInner() {
        List<String> calls = new ArrayList<>();
        Deferred<String> inner = new Deferred<>(dd -> calls.add("inner canceller"));
        Deferred<String> outer = new Deferred<>(dd -> calls.add("outer canceller must not run: it has fired"));
        outer.addCallbackDeferred(s -> inner).addErrback(f -> {
            f.trap(CancelledError.class);
            calls.add("outer saw CancelledError");
            return "handled";
        });
        outer.callback("x");
        outer.cancel();
        assertEquals(List.of("inner canceller", "outer saw CancelledError"), calls);
        assertEquals("handled", outer.currentResult());
    }

    @Test
    void addBothSeesResultsAndFailures() {
        List<Object> seen = new ArrayList<>();
        Deferred.succeed("v").addBoth(r -> seen.add(r));
        IOException e = new IOException("f");
        Deferred<String> failed = Deferred.fail(e);
        failed.addBoth(r -> {
            seen.add(((Failure) r).value());
            return "recovered";
        });
        assertEquals(List.of("v", e), seen);
        assertEquals("recovered", failed.currentResult());
    }

    @Test
    void addFinallyRunsOnBothPathsAndPassesResultThrough() {
        List<String> calls = new ArrayList<>();
        Deferred<String> ok = Deferred.succeed("v").addFinally(() -> calls.add("finally ok"));
        assertEquals("v", ok.currentResult());
        IOException e = new IOException("f");
        Failure original = new Failure(e);
        Deferred<String> bad = Deferred.<String>fail(original).addFinally(() -> calls.add("finally bad"));
        assertSame(original, failureOf(bad));
        assertEquals(List.of("finally ok", "finally bad"), calls);
        consume(bad);

        Deferred<String> throwing = Deferred.succeed("v").addFinally(() -> {
            throw new IllegalStateException("from finally");
        });
        assertEquals("from finally", failureOf(throwing).value().getMessage());
        consume(throwing);
    }

    @Test
    void succeedAndFail() {
        assertEquals("ok", Deferred.succeed("ok").currentResult());
        assertTrue(Deferred.succeed(null).isCalled());
        assertNull(Deferred.succeed(null).currentResult());
        IOException e = new IOException("no");
        Deferred<String> f1 = Deferred.fail(e);
        assertSame(e, failureOf(f1).value());
        Failure failure = new Failure(e);
        Deferred<String> f2 = Deferred.fail(failure);
        assertSame(failure, failureOf(f2));
        consume(f1);
        consume(f2);
    }

    @Test
    void maybeDeferredWrapsValuesDeferredsFailuresAndExceptions() {
        assertEquals("v", Deferred.<String>maybeDeferred(() -> "v").currentResult());
        Deferred<String> inner = new Deferred<>();
        assertSame(inner, Deferred.<String>maybeDeferred(() -> inner));
        IOException e = new IOException("thrown");
        Deferred<String> thrown = Deferred.maybeDeferred(() -> {
            throw e;
        });
        assertSame(e, failureOf(thrown).value());
        Failure failure = new Failure(new IOException("returned"));
        Deferred<String> returned = Deferred.maybeDeferred(() -> failure);
        assertSame(failure, failureOf(returned));
        consume(thrown);
        consume(returned);
    }

    @Test
    void chainDeferredFiresTheOtherAndContinuesWithNull() {
        Deferred<String> a = new Deferred<>();
        Deferred<String> b = new Deferred<>();
        a.chainDeferred(b);
        a.callback("x");
        assertEquals("x", b.currentResult());
        assertNull(a.currentResult());

        Deferred<String> c = new Deferred<>();
        Deferred<String> e = new Deferred<>();
        c.chainDeferred(e);
        IOException error = new IOException("chained");
        c.errback(error);
        assertSame(error, failureOf(e).value());
        assertNull(c.currentResult(), "the failure was handed on");
        consume(e);
    }

    @Test
    void currentResultBeforeFiringThrows() {
        assertThrows(IllegalStateException.class, () -> new Deferred<String>().currentResult());
        Deferred<String> paused = new Deferred<>();
        paused.pause();
        paused.callback("x");
        assertThrows(IllegalStateException.class, paused::currentResult);
    }

    @Test
    void errorsOtherThanExceptionsAreCaughtToo() {
        Deferred<String> d = Deferred.succeed("x");
        d.addCallback(s -> {
            throw new AssertionError("an Error");
        });
        assertInstanceOf(AssertionError.class, failureOf(d).value());
        consume(d);
    }

    @Test
    void toStringNamesTheState() {
        Deferred<String> d = new Deferred<>();
        assertTrue(d.toString().contains("pending"), d.toString());
        d.callback("abc");
        assertTrue(d.toString().contains("current result: abc"), d.toString());
    }
}
