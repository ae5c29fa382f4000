package io.twisted.internet.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twisted.internet.DelayedCall;
import io.twisted.internet.defer.Deferred;
import io.twisted.internet.defer.Failure;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link LoopingCall} on a {@link Clock}, after Twisted's {@code test_task.py}. */
class LoopingCallTest {

    private static double nextCallTime(Clock clock) {
        List<DelayedCall> calls = clock.getDelayedCalls();
        assertEquals(1, calls.size(), "exactly one scheduled call");
        return calls.get(0).getTime();
    }

    @Test
    void callsNowAndThenEveryInterval() {
        Clock clock = new Clock();
        List<Double> times = new ArrayList<>();
        LoopingCall lc = new LoopingCall(clock, () -> times.add(clock.seconds()));
        Deferred<LoopingCall> d = lc.start(1);
        assertEquals(List.of(0.0), times);
        assertTrue(lc.isRunning());
        clock.pump(1, 1, 1);
        assertEquals(List.of(0.0, 1.0, 2.0, 3.0), times);
        lc.stop();
        assertFalse(lc.isRunning());
        assertSame(lc, d.currentResult());
        assertTrue(clock.getDelayedCalls().isEmpty());
        clock.advance(10);
        assertEquals(4, times.size());
    }

    @Test
    void startWithoutNowWaitsOneInterval() {
        Clock clock = new Clock();
        List<Double> times = new ArrayList<>();
        LoopingCall lc = new LoopingCall(clock, () -> times.add(clock.seconds()));
        lc.start(2, false);
        assertTrue(times.isEmpty());
        clock.advance(1.9);
        assertTrue(times.isEmpty());
        clock.advance(0.1);
        assertEquals(List.of(2.0), times);
        lc.stop();
    }

    @Test
    void lateCallsDoNotDrift() {
        Clock clock = new Clock();
        List<Double> times = new ArrayList<>();
        LoopingCall lc = new LoopingCall(clock, () -> times.add(clock.seconds()));
        lc.start(1);
        clock.advance(1.5); // the reactor was late by half an interval
        assertEquals(List.of(0.0, 1.5), times);
        assertEquals(2.0, nextCallTime(clock), "next call stays on the grid");
        clock.advance(0.5);
        assertEquals(List.of(0.0, 1.5, 2.0), times);
        lc.stop();
    }

    @Test
    void missedIntervalsAreSkippedNotReplayed() {
        Clock clock = new Clock();
        List<Double> times = new ArrayList<>();
        LoopingCall lc = new LoopingCall(clock, () -> times.add(clock.seconds()));
        lc.start(1);
        clock.advance(3.5);
        assertEquals(List.of(0.0, 3.5), times);
        assertEquals(4.0, nextCallTime(clock));
        lc.stop();
    }

    @Test
    void withCountReportsElapsedIntervals() {
        Clock clock = new Clock();
        List<Integer> counts = new ArrayList<>();
        LoopingCall lc = LoopingCall.withCount(clock, counts::add);
        lc.start(1);
        assertEquals(List.of(1), counts);
        clock.advance(1);
        assertEquals(List.of(1, 1), counts);
        clock.advance(3); // two calls missed
        assertEquals(List.of(1, 1, 3), counts);
        clock.advance(1.5);
        assertEquals(List.of(1, 1, 3, 1), counts);
        clock.advance(0.5);
        assertEquals(List.of(1, 1, 3, 1, 1), counts);
        lc.stop();
    }

    @Test
    void withCountNotStartedNow() {
        Clock clock = new Clock();
        List<Integer> counts = new ArrayList<>();
        LoopingCall lc = LoopingCall.withCount(clock, counts::add);
        lc.start(1, false);
        clock.advance(1);
        assertEquals(List.of(1), counts);
        clock.advance(2);
        assertEquals(List.of(1, 2), counts);
        lc.stop();
    }

    @Test
    void withCountAfterResetCountsFromTheNewGrid() {
        Clock clock = new Clock();
        List<Integer> counts = new ArrayList<>();
        LoopingCall lc = LoopingCall.withCount(clock, counts::add);
        lc.start(1);
        clock.advance(0.75);
        lc.reset();
        clock.advance(1);
        // 1.75 s since the last call, but one interval of the new grid (as Twisted counts).
        assertEquals(List.of(1, 1), counts);
        clock.advance(2);
        assertEquals(List.of(1, 1, 2), counts);
        lc.stop();
    }

    @Test
    void withCountIntervalZeroAlwaysCountsOne() {
        Clock clock = new Clock();
        List<Integer> counts = new ArrayList<>();
        LoopingCall[] loop = new LoopingCall[1];
        loop[0] = LoopingCall.withCount(clock, n -> {
            counts.add(n);
            if (counts.size() == 5) {
                loop[0].stop();
            }
            return null;
        });
        Deferred<LoopingCall> d = loop[0].start(0, false);
        clock.advance(0);
        assertEquals(List.of(1, 1, 1, 1, 1), counts);
        assertSame(loop[0], d.currentResult());
    }

    @Test
    void withCountCountsTimeSpentWaitingOnADeferred() {
        Clock clock = new Clock();
        List<Integer> counts = new ArrayList<>();
        List<Deferred<Void>> pending = new ArrayList<>();
        LoopingCall lc = LoopingCall.withCount(clock, n -> {
            counts.add(n);
            Deferred<Void> d = new Deferred<>();
            pending.add(d);
            return d;
        });
        lc.start(1);
        clock.advance(2.5);
        assertEquals(List.of(1), counts, "waits for the Deferred");
        pending.get(0).callback(null);
        assertEquals(3.0, nextCallTime(clock));
        clock.advance(0.5);
        assertEquals(List.of(1, 3), counts);
        lc.stop();
        assertFalse(lc.deferred().isCalled(), "fires when the pending Deferred does");
        pending.get(1).callback(null);
        assertNull(lc.deferred());
    }

    @Test
    void functionReturningDeferredDelaysTheNextCall() {
        Clock clock = new Clock();
        List<Double> times = new ArrayList<>();
        List<Deferred<String>> current = new ArrayList<>();
        LoopingCall lc = new LoopingCall(clock, () -> {
            times.add(clock.seconds());
            Deferred<String> d = new Deferred<>();
            current.add(d);
            return d;
        });
        lc.start(1);
        clock.advance(5);
        assertEquals(List.of(0.0), times);
        assertTrue(clock.getDelayedCalls().isEmpty());
        current.get(0).callback("done");
        assertEquals(6.0, nextCallTime(clock));
        clock.advance(1);
        assertEquals(List.of(0.0, 6.0), times);
        lc.stop();
    }

    @Test
    void stopWhileWaitingOnTheFunctionsDeferredFiresWhenItFires() {
        Clock clock = new Clock();
        Deferred<String> work = new Deferred<>();
        LoopingCall lc = new LoopingCall(clock, () -> work);
        Deferred<LoopingCall> d = lc.start(1);
        lc.stop();
        assertFalse(d.isCalled());
        work.callback("x");
        assertSame(lc, d.currentResult());
        assertTrue(clock.getDelayedCalls().isEmpty());
    }

    @Test
    void exceptionStopsTheLoopAndFailsItsDeferred() {
        Clock clock = new Clock();
        IOException error = new IOException("tick failed");
        int[] calls = new int[1];
        LoopingCall lc = new LoopingCall(clock, () -> {
            if (++calls[0] == 3) {
                throw error;
            }
            return null;
        });
        Deferred<LoopingCall> d = lc.start(1);
        List<Failure> failures = new ArrayList<>();
        d.addErrback(f -> {
            failures.add(f);
            return null;
        });
        clock.pump(1, 1);
        assertEquals(3, calls[0]);
        assertSame(error, failures.get(0).value());
        assertFalse(lc.isRunning());
        assertTrue(clock.getDelayedCalls().isEmpty());
        clock.advance(10);
        assertEquals(3, calls[0]);
    }

    @Test
    void failedDeferredStopsTheLoop() {
        Clock clock = new Clock();
        IOException error = new IOException("async failure");
        LoopingCall lc = new LoopingCall(clock, () -> Deferred.fail(error));
        Deferred<LoopingCall> d = lc.start(1);
        List<Failure> failures = new ArrayList<>();
        d.addErrback(f -> {
            failures.add(f);
            return null;
        });
        assertSame(error, failures.get(0).value());
        assertFalse(lc.isRunning());
    }

    @Test
    void misuseIsRefused() {
        Clock clock = new Clock();
        LoopingCall lc = new LoopingCall(clock, () -> { });
        assertThrows(IllegalStateException.class, lc::stop);
        assertThrows(IllegalStateException.class, lc::reset);
        assertThrows(IllegalArgumentException.class, () -> lc.start(-1));
        assertThrows(IllegalArgumentException.class, () -> lc.start(Double.NaN));
        lc.start(1);
        assertThrows(IllegalStateException.class, () -> lc.start(1));
        assertThrows(IllegalStateException.class, () -> lc.setClock(new Clock()));
        lc.stop();
    }

    @Test
    void canBeRestartedAfterStop() {
        Clock clock = new Clock();
        List<Double> times = new ArrayList<>();
        LoopingCall lc = new LoopingCall(clock, () -> times.add(clock.seconds()));
        lc.start(1);
        lc.stop();
        clock.advance(0.25);
        Deferred<LoopingCall> second = lc.start(2);
        clock.advance(2);
        assertEquals(List.of(0.0, 0.25, 2.25), times);
        lc.stop();
        assertSame(lc, second.currentResult());
    }

    @Test
    void resetRestartsTheGridFromNow() {
        Clock clock = new Clock();
        List<Double> times = new ArrayList<>();
        LoopingCall lc = new LoopingCall(clock, () -> times.add(clock.seconds()));
        lc.start(1);
        clock.advance(0.75);
        lc.reset();
        assertEquals(1.75, nextCallTime(clock));
        clock.advance(1);
        assertEquals(List.of(0.0, 1.75), times);
        lc.stop();
    }

    @Test
    void clockCanBeReplacedBeforeStarting() {
        Clock first = new Clock();
        Clock second = new Clock();
        List<Double> times = new ArrayList<>();
        LoopingCall lc = new LoopingCall(first, () -> times.add(second.seconds()));
        lc.setClock(second);
        assertSame(second, lc.getClock());
        lc.start(1, false);
        first.advance(5);
        assertTrue(times.isEmpty());
        second.advance(1);
        assertEquals(List.of(1.0), times);
        lc.stop();
    }

    @Test
    void intervalIsReported() {
        LoopingCall lc = new LoopingCall(new Clock(), () -> { });
        assertTrue(Double.isNaN(lc.getInterval()));
        lc.start(2.5);
        assertEquals(2.5, lc.getInterval());
        lc.stop();
        assertInstanceOf(String.class, lc.toString());
    }
}
