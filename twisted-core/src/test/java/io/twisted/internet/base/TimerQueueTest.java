package io.twisted.internet.base;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twisted.internet.DelayedCall;
import io.twisted.internet.error.AlreadyCalled;
import io.twisted.internet.error.AlreadyCancelled;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@link TimerQueue}: ordering, cancel/reset/delay, and what one pass of {@code runDue} runs. */
class TimerQueueTest {

    private double now;
    private final TimerQueue queue = new TimerQueue(() -> now);
    private final List<String> ran = new ArrayList<>();
    private final List<Throwable> errors = new ArrayList<>();

    private DelayedCall at(double delay, String name) {
        return queue.schedule(delay, () -> ran.add(name));
    }

    private int runDue(double time, boolean includeNew) {
        now = time;
        return queue.runDue(time, includeNew, errors::add);
    }

    @Test
    void runsInTimeOrderThenSchedulingOrder() {
        at(3, "c");
        at(1, "a1");
        at(2, "b");
        at(1, "a2");
        at(1, "a3");
        assertEquals(5, queue.size());
        assertEquals(1.0, queue.nextTime());
        assertEquals(5, runDue(3, false));
        assertEquals(List.of("a1", "a2", "a3", "b", "c"), ran);
        assertEquals(0, queue.size());
        assertEquals(Double.POSITIVE_INFINITY, queue.nextTime());
    }

    @Test
    void onlyDueCallsRun() {
        at(1, "a");
        at(2, "b");
        assertEquals(1, runDue(1.5, false));
        assertEquals(List.of("a"), ran);
        assertEquals(2.0, queue.nextTime());
    }

    @Test
    void cancelRemovesTheCall() {
        DelayedCall a = at(1, "a");
        DelayedCall b = at(1, "b");
        assertTrue(a.active());
        a.cancel();
        assertFalse(a.active());
        assertEquals(1, queue.size());
        assertEquals(List.of(b), queue.pending());
        runDue(5, false);
        assertEquals(List.of("b"), ran);
        assertThrows(AlreadyCancelled.class, a::cancel);
        assertThrows(AlreadyCancelled.class, () -> a.reset(1));
        assertThrows(AlreadyCancelled.class, () -> a.delay(1));
    }

    @Test
    void calledCallsCannotBeCancelledOrMoved() {
        DelayedCall a = at(1, "a");
        runDue(1, false);
        assertFalse(a.active());
        assertThrows(AlreadyCalled.class, a::cancel);
        assertThrows(AlreadyCalled.class, () -> a.reset(1));
        assertThrows(AlreadyCalled.class, () -> a.delay(1));
    }

    @Test
    void callCancellingItselfWhileRunningIsAlreadyCalled() {
        DelayedCall[] self = new DelayedCall[1];
        List<Class<?>> seen = new ArrayList<>();
        self[0] = queue.schedule(1, () -> {
            try {
                self[0].cancel();
            } catch (AlreadyCalled e) {
                seen.add(e.getClass());
            }
        });
        runDue(1, false);
        assertEquals(List.of(AlreadyCalled.class), seen);
    }

    @Test
    void resetReschedulesFromNow() {
        DelayedCall a = at(1, "a");
        at(2, "b");
        now = 0.5;
        a.reset(3);
        assertEquals(3.5, a.getTime());
        runDue(2, false);
        assertEquals(List.of("b"), ran);
        runDue(3.5, false);
        assertEquals(List.of("b", "a"), ran);
    }

    @Test
    void resetToAnEqualTimeGoesBehindCallsAlreadyThere() {
        DelayedCall a = at(1, "a");
        at(2, "b");
        a.reset(2);
        runDue(2, false);
        assertEquals(List.of("b", "a"), ran);
    }

    @Test
    void delayMovesRelativeToTheScheduledTime() {
        DelayedCall a = at(1, "a");
        at(2, "b");
        now = 0.75;
        a.delay(1.5);
        assertEquals(2.5, a.getTime());
        a.delay(-2);
        assertEquals(0.5, a.getTime());
        runDue(3, false);
        assertEquals(List.of("a", "b"), ran);
    }

    @Test
    void newZeroDelayCallsWaitForTheNextPassUnlessIncluded() {
        queue.schedule(1, () -> {
            ran.add("a");
            queue.schedule(0, () -> ran.add("new"));
        });
        at(1, "b");
        assertEquals(2, runDue(1, false));
        assertEquals(List.of("a", "b"), ran);
        assertEquals(1, queue.size());
        assertEquals(1, runDue(1, false));
        assertEquals(List.of("a", "b", "new"), ran);

        ran.clear();
        queue.schedule(0, () -> {
            ran.add("c");
            queue.schedule(0, () -> ran.add("new too"));
        });
        assertEquals(2, runDue(1, true));
        assertEquals(List.of("c", "new too"), ran);
    }

    @Test
    void selfReschedulingZeroDelayCallRunsOncePerPass() {
        int[] count = new int[1];
        Runnable[] loop = new Runnable[1];
        loop[0] = () -> {
            count[0]++;
            queue.schedule(0, loop[0]);
        };
        queue.schedule(0, loop[0]);
        runDue(0, false);
        runDue(0, false);
        runDue(0, false);
        assertEquals(3, count[0]);
    }

    @Test
    void olderDueCallsStillRunWhenANewCallIsAheadOfThem() {
        // The clock says 0 while the pass runs up to time 5: a call reset during the pass lands
        // before the older due ones, but it is new, so it waits for the next pass.
        DelayedCall[] c = new DelayedCall[1];
        queue.schedule(1, () -> {
            ran.add("a");
            c[0].reset(0.5);
        });
        c[0] = at(3, "c");
        at(4, "d");
        now = 0;
        assertEquals(2, queue.runDue(5, false, errors::add));
        assertEquals(List.of("a", "d"), ran);
        assertEquals(1, queue.size());
        assertEquals(1, queue.runDue(5, false, errors::add));
        assertEquals(List.of("a", "d", "c"), ran);
    }

    @Test
    void errorInACallDoesNotStopTheOthers() {
        RuntimeException boom = new IllegalStateException("boom");
        at(1, "a");
        queue.schedule(1, () -> {
            throw boom;
        });
        at(1, "c");
        assertEquals(3, runDue(1, false));
        assertEquals(List.of("a", "c"), ran);
        assertEquals(1, errors.size());
        assertSame(boom, errors.get(0));
    }

    @Test
    void invalidDelaysAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> at(-1, "x"));
        assertThrows(IllegalArgumentException.class, () -> at(Double.NaN, "x"));
        assertEquals(0, queue.size());
    }

    @Test
    void randomSchedulesCancelsAndResetsKeepHeapOrder() {
        Random random = new Random(20261121);
        for (int round = 0; round < 20; round++) {
            record Entry(DelayedCall call, String name) { }
            List<Entry> live = new ArrayList<>();
            ran.clear();
            for (int i = 0; i < 500; i++) {
                double delay = random.nextInt(50) / 4.0;
                String name = "r" + round + "-" + i;
                live.add(new Entry(at(delay, name), name));
                if (random.nextInt(4) == 0) {
                    Entry victim = live.remove(random.nextInt(live.size()));
                    victim.call().cancel();
                }
                if (random.nextInt(5) == 0) {
                    live.get(random.nextInt(live.size())).call().reset(random.nextInt(50) / 4.0);
                }
            }
            assertEquals(live.size(), queue.size());
            // Expected order: by time; equal times keep the order in which they were last (re)scheduled,
            // which the heap's sequence numbers encode; check time order and that every live call runs.
            List<Entry> expected = new ArrayList<>(live);
            expected.sort(Comparator.comparingDouble(e -> e.call().getTime()));
            List<Double> times = new ArrayList<>();
            Set<String> names = new HashSet<>();
            for (Entry e : live) {
                names.add(e.name());
            }
            List<Double> runTimes = new ArrayList<>();
            while (queue.size() > 0) {
                double next = queue.nextTime();
                int before = ran.size();
                runDue(next, false);
                for (int k = before; k < ran.size(); k++) {
                    runTimes.add(next);
                }
            }
            for (Entry e : expected) {
                times.add(e.call().getTime());
            }
            assertEquals(times, runTimes, "calls ran in time order");
            assertEquals(names, new HashSet<>(ran));
            assertEquals(live.size(), ran.size());
        }
    }
}
