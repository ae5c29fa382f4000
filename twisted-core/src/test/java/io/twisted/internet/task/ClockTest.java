package io.twisted.internet.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twisted.internet.DelayedCall;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link Clock}, the deterministic {@link io.twisted.internet.ReactorTime}. */
class ClockTest {

    private final Clock clock = new Clock();
    private final List<String> ran = new ArrayList<>();

    @Test
    void startsAtZeroAndMovesOnlyWhenAdvanced() {
        assertEquals(0.0, clock.seconds());
        clock.advance(1.5);
        assertEquals(1.5, clock.seconds());
        clock.pump(1, 2, 0.5);
        assertEquals(5.0, clock.seconds());
        assertThrows(IllegalArgumentException.class, () -> clock.advance(-1));
        assertEquals(5.0, clock.seconds());
    }

    @Test
    void callLaterRunsWhenTimeReachesIt() {
        DelayedCall call = clock.callLater(2, () -> ran.add("at " + clock.seconds()));
        assertEquals(2.0, call.getTime());
        assertEquals(List.of(call), clock.getDelayedCalls());
        clock.advance(1.999);
        assertTrue(ran.isEmpty());
        clock.advance(0.001);
        assertEquals(List.of("at 2.0"), ran);
        assertFalse(call.active());
        assertTrue(clock.getDelayedCalls().isEmpty());
    }

    @Test
    void oneAdvanceRunsEveryDueCallInOrderWithTheClockAlreadyMoved() {
        clock.callLater(3, () -> ran.add("c@" + clock.seconds()));
        clock.callLater(1, () -> ran.add("a@" + clock.seconds()));
        clock.callLater(2, () -> ran.add("b@" + clock.seconds()));
        clock.advance(10);
        assertEquals(List.of("a@10.0", "b@10.0", "c@10.0"), ran);
    }

    @Test
    void callsScheduledWhileAdvancingRunInTheSameAdvanceWhenDue() {
        clock.callLater(1, () -> {
            ran.add("first");
            clock.callLater(0, () -> ran.add("scheduled by first"));
            clock.callLater(5, () -> ran.add("not yet"));
        });
        clock.advance(1);
        assertEquals(List.of("first", "scheduled by first"), ran);
        assertEquals(1, clock.getDelayedCalls().size());
    }

    @Test
    void cancelledCallsDoNotRun() {
        DelayedCall call = clock.callLater(1, () -> ran.add("cancelled"));
        call.cancel();
        clock.advance(2);
        assertTrue(ran.isEmpty());
    }

    @Test
    void resetAndDelayUseTheClocksTime() {
        clock.advance(10);
        DelayedCall call = clock.callLater(1, () -> ran.add("ran"));
        clock.advance(0.5);
        call.reset(2);
        assertEquals(12.5, call.getTime());
        call.delay(1);
        assertEquals(13.5, call.getTime());
        clock.advance(2.9);
        assertTrue(ran.isEmpty());
        clock.advance(0.1);
        assertEquals(List.of("ran"), ran);
    }

    @Test
    void exceptionPropagatesAfterOtherDueCallsRanAndTimeMoved() {
        IllegalStateException first = new IllegalStateException("first");
        IllegalStateException second = new IllegalStateException("second");
        clock.callLater(1, () -> {
            throw first;
        });
        clock.callLater(1, () -> ran.add("still runs"));
        clock.callLater(1, () -> {
            throw second;
        });
        RuntimeException thrown = assertThrows(RuntimeException.class, () -> clock.advance(1));
        assertSame(first, thrown);
        assertEquals(List.of(second), List.of(thrown.getSuppressed()));
        assertEquals(List.of("still runs"), ran);
        assertEquals(1.0, clock.seconds());
    }
}
