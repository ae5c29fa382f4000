package io.twisted.internet.task;

import static io.twisted.internet.task.TasksTest.failureOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twisted.internet.defer.Deferred;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** {@link Cooperator} and {@link CooperativeTask}, driven by a {@link Clock} and a step count. */
class CooperatorTest {

    private final Clock clock = new Clock();
    private final List<String> log = new ArrayList<>();

    /** A cooperator running {@code units} units per tick, one tick per {@code clock.advance(1)}. */
    private Cooperator cooperator(int units) {
        return new Cooperator(Cooperator.steps(units), Cooperator.defaultScheduler(clock), true);
    }

    /** An iterator of {@code n} units, each logging {@code name + i}. */
    private Iterator<Object> work(String name, int n) {
        return IntStream.range(0, n).<Object>mapToObj(i -> {
            log.add(name + i);
            return null;
        }).iterator();
    }

    /** An iterator whose units are given as objects returned by next(), logged as they go. */
    private Iterator<Object> units(String name, Object... results) {
        return new Iterator<>() {
            int i;

            @Override
            public boolean hasNext() {
                return i < results.length;
            }

            @Override
            public Object next() {
                if (i >= results.length) {
                    throw new NoSuchElementException();
                }
                log.add(name + i);
                return results[i++];
            }
        };
    }

    @Test
    void runsUnitsInTicksUntilTheIteratorRunsOut() {
        Cooperator c = cooperator(2);
        Iterator<Object> it = work("a", 5);
        CooperativeTask task = c.cooperate(it);
        Deferred<Iterator<?>> done = task.whenDone();
        assertTrue(log.isEmpty(), "nothing runs before the first tick");
        clock.advance(1);
        assertEquals(List.of("a0", "a1"), log);
        clock.advance(1);
        assertEquals(List.of("a0", "a1", "a2", "a3"), log);
        assertFalse(done.isCalled());
        clock.advance(1);
        assertEquals(List.of("a0", "a1", "a2", "a3", "a4"), log);
        assertSame(it, done.currentResult());
        assertTrue(task.isFinished());
        assertTrue(clock.getDelayedCalls().isEmpty(), "no tick scheduled without tasks");
    }

    @Test
    void tasksTakeTurns() {
        Cooperator c = cooperator(4);
        c.cooperate(work("a", 3));
        c.cooperate(work("b", 3));
        clock.advance(1);
        assertEquals(List.of("a0", "b0", "a1", "b1"), log);
        clock.advance(1);
        assertEquals(List.of("a0", "b0", "a1", "b1", "a2", "b2"), log.subList(0, 6));
    }

    @Test
    void unitReturningDeferredPausesItsTaskOnly() {
        Cooperator c = cooperator(10);
        Deferred<String> wait = new Deferred<>();
        CooperativeTask a = c.cooperate(units("a", wait, null));
        c.cooperate(work("b", 3));
        clock.advance(1);
        assertEquals(List.of("a0", "b0", "b1", "b2"), log);
        assertTrue(a.isPaused());
        clock.advance(1);
        assertEquals(4, log.size(), "a waits for its Deferred");
        wait.callback("go");
        assertFalse(a.isPaused());
        Deferred<Iterator<?>> done = a.whenDone();
        clock.advance(1);
        assertEquals(List.of("a0", "b0", "b1", "b2", "a1"), log);
        assertTrue(done.isCalled());
    }

    @Test
    void failedDeferredFailsTheTask() {
        Cooperator c = cooperator(10);
        IOException error = new IOException("unit failed");
        Deferred<String> wait = new Deferred<>();
        CooperativeTask task = c.cooperate(units("a", wait, null));
        Deferred<Iterator<?>> done = task.whenDone();
        clock.advance(1);
        wait.errback(error);
        assertSame(error, failureOf(done).value());
        assertThrows(TaskFailed.class, task::pause);
        clock.advance(1);
        assertEquals(List.of("a0"), log);
    }

    @Test
    void iteratorThatThrowsFailsTheTask() {
        Cooperator c = cooperator(10);
        IllegalStateException error = new IllegalStateException("broken iterator");
        Iterator<Object> broken = new Iterator<>() {
            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public Object next() {
                throw error;
            }
        };
        Deferred<Iterator<Object>> done = c.coiterate(broken);
        clock.advance(1);
        assertSame(error, failureOf(done).value());
    }

    @Test
    void pauseAndResume() {
        Cooperator c = cooperator(1);
        CooperativeTask task = c.cooperate(work("a", 3));
        clock.advance(1);
        task.pause();
        task.pause();
        clock.advance(1);
        task.resume();
        clock.advance(1);
        assertEquals(List.of("a0"), log, "still paused once");
        task.resume();
        clock.advance(1);
        assertEquals(List.of("a0", "a1"), log);
        assertThrows(NotPaused.class, task::resume);
    }

    @Test
    void stopFailsWhenDoneWithTaskStopped() {
        Cooperator c = cooperator(1);
        CooperativeTask task = c.cooperate(work("a", 3));
        Deferred<Iterator<?>> done = task.whenDone();
        clock.advance(1);
        task.stop();
        assertInstanceOf(TaskStopped.class, failureOf(done).value());
        assertInstanceOf(TaskStopped.class, failureOf(task.whenDone()).value(), "later whenDone() too");
        assertThrows(TaskStopped.class, task::stop);
        assertThrows(TaskStopped.class, task::pause);
        clock.advance(5);
        assertEquals(List.of("a0"), log);
    }

    @Test
    void stopWhileWaitingOnADeferredIgnoresItsLaterResult() {
        Cooperator c = cooperator(1);
        Deferred<String> wait = new Deferred<>();
        CooperativeTask task = c.cooperate(units("a", wait, null));
        Deferred<Iterator<?>> done = task.whenDone();
        clock.advance(1);
        task.stop();
        wait.errback(new IOException("too late"));
        assertInstanceOf(TaskStopped.class, failureOf(done).value());
    }

    @Test
    void pauseAfterDoneRaisesTaskDone() {
        Cooperator c = cooperator(5);
        CooperativeTask task = c.cooperate(work("a", 1));
        clock.advance(1);
        assertTrue(task.isFinished());
        assertThrows(TaskDone.class, task::pause);
    }

    @Test
    void stoppingTheCooperatorStopsEveryTask() {
        Cooperator c = cooperator(1);
        Deferred<Iterator<?>> a = c.cooperate(work("a", 3)).whenDone();
        Deferred<Iterator<?>> b = c.cooperate(work("b", 3)).whenDone();
        c.stop();
        assertFalse(c.isRunning());
        assertInstanceOf(SchedulerStopped.class, failureOf(a).value());
        assertInstanceOf(SchedulerStopped.class, failureOf(b).value());
        assertTrue(clock.getDelayedCalls().isEmpty());
        // A task added to a stopped cooperator finishes at once.
        assertInstanceOf(SchedulerStopped.class, failureOf(c.cooperate(work("c", 1)).whenDone()).value());
        c.start();
        assertTrue(c.isRunning());
        Deferred<Iterator<?>> d = c.cooperate(work("d", 1)).whenDone();
        clock.advance(1);
        clock.advance(1);
        assertTrue(d.isCalled());
        assertEquals(List.of("d0"), log);
    }

    @Test
    void aCooperatorNotStartedWaitsForStart() {
        Cooperator c = new Cooperator(Cooperator.steps(5), Cooperator.defaultScheduler(clock), false);
        c.cooperate(work("a", 2));
        clock.advance(1);
        assertTrue(log.isEmpty());
        assertTrue(clock.getDelayedCalls().isEmpty());
        c.start();
        clock.advance(1);
        assertEquals(List.of("a0", "a1"), log);
    }

    @Test
    void whenDoneCallbackMayUseTheCooperator() {
        Cooperator c = cooperator(5);
        CooperativeTask first = c.cooperate(work("a", 1));
        first.whenDone().addCallback(it -> c.cooperate(work("b", 1)));
        clock.advance(1);
        clock.advance(1);
        clock.advance(1);
        assertEquals(List.of("a0", "b0"), log);
    }

    @Test
    void defaultCooperatorRunsToCompletionOnAClock() {
        Cooperator c = new Cooperator(clock);
        Deferred<Iterator<Object>> done = c.coiterate(work("x", 1000));
        for (int i = 0; i < 10_000 && !done.isCalled(); i++) {
            clock.advance(Cooperator.EPSILON);
        }
        assertTrue(done.isCalled());
        assertEquals(1000, log.size());
    }

    @Test
    void timeSliceEndsATickOnceUsedUp() {
        java.util.function.BooleanSupplier zero = Cooperator.timeSlice(0).get();
        assertTrue(zero.getAsBoolean());
        java.util.function.BooleanSupplier hour = Cooperator.timeSlice(3_600_000_000_000L).get();
        assertFalse(hour.getAsBoolean());
        assertThrows(IllegalArgumentException.class, () -> Cooperator.steps(0));
    }
}
