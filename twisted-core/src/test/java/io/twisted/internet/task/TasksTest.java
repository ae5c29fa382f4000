package io.twisted.internet.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twisted.internet.defer.CancelledError;
import io.twisted.internet.defer.Deferred;
import io.twisted.internet.defer.Failure;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link Tasks#deferLater}. */
class TasksTest {

    /** Takes the failure out of {@code d} (handling it). */
    static Failure failureOf(Deferred<?> d) {
        Failure[] f = new Failure[1];
        d.addErrback(x -> {
            f[0] = x;
            return null;
        });
        return f[0];
    }

    @Test
    void firesWithTheCallablesResultAfterTheDelay() {
        Clock clock = new Clock();
        List<Double> ranAt = new ArrayList<>();
        Deferred<String> d = Tasks.deferLater(clock, 3, () -> {
            ranAt.add(clock.seconds());
            return "later";
        });
        clock.advance(2.9);
        assertFalse(d.isCalled());
        assertTrue(ranAt.isEmpty());
        clock.advance(0.1);
        assertEquals(List.of(3.0), ranAt);
        assertEquals("later", d.currentResult());
    }

    @Test
    void withoutCallableFiresWithNull() {
        Clock clock = new Clock();
        Deferred<Void> d = Tasks.deferLater(clock, 1);
        clock.advance(1);
        assertTrue(d.isCalled());
        assertNull(d.currentResult());
    }

    @Test
    void failsWithWhatTheCallableThrows() {
        Clock clock = new Clock();
        IOException error = new IOException("callable failed");
        Deferred<String> d = Tasks.deferLater(clock, 1, () -> {
            throw error;
        });
        clock.advance(1);
        assertSame(error, failureOf(d).value());
    }

    @Test
    void cancelBeforeTheDelayCancelsTheCallAndFailsWithCancelledError() {
        Clock clock = new Clock();
        List<String> ran = new ArrayList<>();
        Deferred<String> d = Tasks.deferLater(clock, 5, () -> {
            ran.add("ran");
            return "x";
        });
        d.cancel();
        assertTrue(clock.getDelayedCalls().isEmpty());
        assertInstanceOf(CancelledError.class, failureOf(d).value());
        clock.advance(10);
        assertTrue(ran.isEmpty());
    }

    @Test
    void callableReturningDeferredIsWaitedFor() {
        Clock clock = new Clock();
        Deferred<String> inner = new Deferred<>();
        Deferred<String> d = Tasks.deferLaterDeferred(clock, 1, () -> inner);
        clock.advance(1);
        assertFalse(inner.isCalled());
        assertTrue(d.isPaused(), "waiting on the callable's Deferred");
        inner.callback("inner result");
        assertEquals("inner result", d.currentResult());
    }

    @Test
    void cancelWhileWaitingOnTheCallablesDeferredCancelsIt() {
        Clock clock = new Clock();
        List<String> cancelled = new ArrayList<>();
        Deferred<String> inner = new Deferred<>(x -> cancelled.add("inner"));
        Deferred<String> d = Tasks.deferLaterDeferred(clock, 1, () -> inner);
        clock.advance(1);
        d.cancel();
        assertEquals(List.of("inner"), cancelled);
        assertInstanceOf(CancelledError.class, failureOf(d).value());
    }
}
