package io.twisted.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twisted.internet.defer.Deferred;
import io.twisted.internet.task.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** TimerService on a Clock: call times, waiting for Deferreds, stopping, failures. */
class TimerServiceTest {

    private final Clock clock = new Clock();
    private final List<Double> calls = new ArrayList<>();

    @Test
    void callsAtStartThenEveryStep() {
        TimerService t = new TimerService(clock, 5, () -> calls.add(clock.seconds()));
        t.startService();
        clock.pump(1, 4, 5, 2, 3, 5);
        assertEquals(List.of(0.0, 5.0, 10.0, 15.0, 20.0), calls);
    }

    @Test
    void skipsMissedCallsInsteadOfBunching() {
        TimerService t = new TimerService(clock, 5, () -> calls.add(clock.seconds()));
        t.startService();
        clock.advance(12);
        clock.advance(3);
        assertEquals(List.of(0.0, 12.0, 15.0), calls);
    }

    @Test
    void stopCancelsTheNextCall() {
        TimerService t = new TimerService(clock, 5, () -> calls.add(clock.seconds()));
        t.startService();
        assertNull(t.stopService());
        clock.advance(20);
        assertEquals(List.of(0.0), calls);
        assertTrue(clock.getDelayedCalls().isEmpty());
    }

    @Test
    void waitsForADeferredBeforeTheNextCallAndWhenStopping() {
        List<Deferred<Void>> pending = new ArrayList<>();
        TimerService t = new TimerService(clock, 5, () -> {
            calls.add(clock.seconds());
            Deferred<Void> d = new Deferred<>();
            pending.add(d);
            return d;
        });
        t.startService();
        clock.advance(7);
        assertEquals(List.of(0.0), calls);
        pending.get(0).callback(null);
        clock.advance(3);
        assertEquals(List.of(0.0, 10.0), calls);
        Deferred<Void> stopped = t.stopService();
        assertFalse(stopped.isCalled());
        pending.get(1).callback(null);
        assertTrue(stopped.isCalled());
        clock.advance(50);
        assertEquals(2, calls.size());
    }

    @Test
    void failureStopsCalling() {
        TimerService t = new TimerService(clock, 1, () -> {
            calls.add(clock.seconds());
            throw new IllegalStateException("expected by the test");
        });
        t.startService();
        clock.advance(5);
        assertEquals(List.of(0.0), calls);
        assertTrue(t.isRunning());
        assertNull(t.stopService());
    }

    @Test
    void rejectsNonPositiveStep() {
        assertThrows(IllegalArgumentException.class, () -> new TimerService(clock, 0, () -> null));
    }
}
