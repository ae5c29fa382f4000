package io.twisted.internet.defer;

import static io.twisted.internet.defer.DeferredTest.consume;
import static io.twisted.internet.defer.DeferredTest.failureOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twisted.internet.error.TimeoutError;
import io.twisted.internet.task.Clock;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link Deferred#addTimeout}, driven by a {@link Clock}. */
class DeferredTimeoutTest {

    @Test
    void timesOutWithTimeoutErrorWhenCancellationGivesCancelledError() {
        Clock clock = new Clock();
        Deferred<String> d = new Deferred<>();
        d.addTimeout(10, clock);
        clock.advance(9.999);
        assertFalse(d.isCalled());
        clock.advance(0.001);
        Failure f = failureOf(d);
        assertInstanceOf(TimeoutError.class, f.value());
        assertInstanceOf(CancelledError.class, f.value().getCause(), "the cause chain keeps the cancellation");
        assertTrue(clock.getDelayedCalls().isEmpty());
        consume(d);
    }

    @Test
    void resultFiredInTimePassesThroughAndTheDelayedCallIsCancelled() {
        Clock clock = new Clock();
        Deferred<String> d = new Deferred<>();
        d.addTimeout(10, clock);
        assertEquals(1, clock.getDelayedCalls().size());
        clock.advance(5);
        d.callback("in time");
        assertEquals("in time", d.currentResult());
        assertTrue(clock.getDelayedCalls().isEmpty());
        clock.advance(100);
        assertEquals("in time", d.currentResult());
    }

    @Test
    void failureFiredInTimePassesThroughUnchanged() {
        Clock clock = new Clock();
        Deferred<String> d = new Deferred<>();
        d.addTimeout(10, clock);
        IOException error = new IOException("own failure");
        d.errback(error);
        assertSame(error, failureOf(d).value());
        assertTrue(clock.getDelayedCalls().isEmpty());
        consume(d);
    }

    @Test
    void cancelledErrorFromAnExplicitCancelIsNotATimeout() {
        Clock clock = new Clock();
        Deferred<String> d = new Deferred<>();
        d.addTimeout(10, clock);
        d.cancel();
        assertInstanceOf(CancelledError.class, failureOf(d).value());
        assertTrue(clock.getDelayedCalls().isEmpty());
        consume(d);
    }

    @Test
    void cancellerThatErrbacksWithSomethingElseWins() {
        Clock clock = new Clock();
        IOException custom = new IOException("custom cancel");
        Deferred<String> d = new Deferred<>(dd -> dd.errback(custom));
        d.addTimeout(1, clock);
        clock.advance(1);
        assertSame(custom, failureOf(d).value());
        consume(d);
    }

    @Test
    void cancellerThatCallsBackWins() {
        Clock clock = new Clock();
        Deferred<String> d = new Deferred<>(dd -> dd.callback("partial"));
        d.addTimeout(1, clock);
        clock.advance(1);
        assertEquals("partial", d.currentResult());
    }

    @Test
    void onTimeoutCancelDecidesTheResult() {
        Clock clock = new Clock();
        List<Object> seen = new ArrayList<>();
        Deferred<String> d = new Deferred<>();
        d.addTimeout(3, clock, (resultOrFailure, timeout) -> {
            seen.add(((Failure) resultOrFailure).type());
            seen.add(timeout);
            return "fallback";
        });
        clock.advance(3);
        assertEquals(List.of(CancelledError.class, 3.0), seen);
        assertEquals("fallback", d.currentResult());
    }

    @Test
    void onTimeoutCancelIsNotCalledWhenFiredInTime() {
        Clock clock = new Clock();
        List<Object> seen = new ArrayList<>();
        Deferred<String> d = new Deferred<>();
        d.addTimeout(3, clock, (r, t) -> seen.add(r));
        d.callback("ok");
        clock.advance(10);
        assertTrue(seen.isEmpty());
        assertEquals("ok", d.currentResult());
    }

    @Test
    void timeoutWhileWaitingOnAnInnerDeferredCancelsTheInner() {
        Clock clock = new Clock();
        List<String> calls = new ArrayList<>();
        Deferred<String> inner = new Deferred<>(dd -> calls.add("inner cancelled"));
        Deferred<String> outer = new Deferred<>();
        outer.addCallbackDeferred(s -> inner);
        outer.addTimeout(2, clock);
        outer.callback("x");
        clock.advance(2);
        assertEquals(List.of("inner cancelled"), calls);
        assertInstanceOf(TimeoutError.class, failureOf(outer).value());
        consume(outer);
    }

    @Test
    void addTimeoutOnAFiredDeferredLeavesNoDelayedCall() {
        Clock clock = new Clock();
        Deferred<String> d = Deferred.succeed("x").addTimeout(5, clock);
        assertEquals("x", d.currentResult());
        assertTrue(clock.getDelayedCalls().isEmpty());
    }
}
