package io.twisted.internet.base;

import io.twisted.internet.DelayedCall;
import io.twisted.internet.error.AlreadyCalled;
import io.twisted.internet.error.AlreadyCancelled;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.DoubleSupplier;

/**
 * The scheduled calls of one reactor or {@link io.twisted.internet.task.Clock}: a binary heap
 * ordered by time, then by scheduling order. Each call knows its heap slot, so cancel and reset are
 * O(log n) with no tombstones left behind. Not thread-safe: owned by the reactor thread.
 */
public final class TimerQueue {

    private final DoubleSupplier now;
    private Call[] heap = new Call[16];
    private int size;
    private long sequence;

    /** A queue whose calls compute "from now" with {@code now}. */
    public TimerQueue(DoubleSupplier now) {
        this.now = now;
    }

    /** Schedules {@code task} at {@code now + delay}. */
    public DelayedCall schedule(double delay, Runnable task) {
        if (!(delay >= 0)) {
            throw new IllegalArgumentException("delay must be a non-negative number of seconds, got " + delay);
        }
        Call c = new Call(this, now.getAsDouble() + delay, task);
        c.seq = sequence++;
        push(c);
        return c;
    }

    /** The number of pending calls. */
    public int size() {
        return size;
    }

    /** The time of the earliest pending call, or {@code Double.POSITIVE_INFINITY} when none. */
    public double nextTime() {
        return size == 0 ? Double.POSITIVE_INFINITY : heap[0].time;
    }

    /** The pending calls, in no particular order. */
    public List<DelayedCall> pending() {
        return new ArrayList<>(Arrays.asList(heap).subList(0, size));
    }

    /**
     * Runs, in time order, the calls due at {@code time}. When {@code includeNew} is false, calls
     * scheduled while running are left for the next pass (a reactor does this, so a call that
     * reschedules itself with no delay cannot starve I/O); a Clock includes them, as Twisted's.
     *
     * @param onError receives what a call throws; the remaining calls still run
     * @return how many calls ran
     */
    public int runDue(double time, boolean includeNew, java.util.function.Consumer<Throwable> onError) {
        long limit = includeNew ? Long.MAX_VALUE : sequence;
        int ran = 0;
        while (size > 0) {
            Call c = heap[0];
            if (c.time > time || c.seq >= limit) {
                if (c.time > time) {
                    break;
                }
                // A new call due now: leave it for the next pass, but keep running older due ones.
                if (!runOlderDue(time, limit, onError)) {
                    break;
                }
                ran++;
                continue;
            }
            removeAt(0);
            c.state = Call.CALLED;
            ran++;
            try {
                c.task.run();
            } catch (Throwable t) {
                onError.accept(t);
            }
        }
        return ran;
    }

    /** Runs the earliest-scheduled older call due at {@code time}, scanning the heap; false if none. */
    private boolean runOlderDue(double time, long limit, java.util.function.Consumer<Throwable> onError) {
        int best = -1;
        for (int i = 0; i < size; i++) {
            Call c = heap[i];
            if (c.time <= time && c.seq < limit && (best < 0 || c.time < heap[best].time
                    || (c.time == heap[best].time && c.seq < heap[best].seq))) {
                best = i;
            }
        }
        if (best < 0) {
            return false;
        }
        Call c = heap[best];
        removeAt(best);
        c.state = Call.CALLED;
        try {
            c.task.run();
        } catch (Throwable t) {
            onError.accept(t);
        }
        return true;
    }

    // ------------------------------------------------------------------ heap

    private static boolean less(Call a, Call b) {
        return a.time < b.time || (a.time == b.time && a.seq < b.seq);
    }

    private void push(Call c) {
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, size * 2);
        }
        heap[size] = c;
        c.index = size;
        size++;
        siftUp(c.index);
    }

    private void removeAt(int i) {
        Call removed = heap[i];
        size--;
        if (i != size) {
            Call last = heap[size];
            heap[i] = last;
            last.index = i;
            heap[size] = null;
            siftDown(i);
            if (heap[i] == last) {
                siftUp(i);
            }
        } else {
            heap[size] = null;
        }
        removed.index = -1;
    }

    private void siftUp(int i) {
        Call c = heap[i];
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            Call p = heap[parent];
            if (!less(c, p)) {
                break;
            }
            heap[i] = p;
            p.index = i;
            i = parent;
        }
        heap[i] = c;
        c.index = i;
    }

    private void siftDown(int i) {
        Call c = heap[i];
        int half = size >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            int right = child + 1;
            if (right < size && less(heap[right], heap[child])) {
                child = right;
            }
            if (!less(heap[child], c)) {
                break;
            }
            heap[i] = heap[child];
            heap[i].index = i;
            i = child;
        }
        heap[i] = c;
        c.index = i;
    }

    private void reschedule(Call c, double newTime) {
        c.time = newTime;
        c.seq = sequence++;
        siftDown(c.index);
        siftUp(c.index);
    }

    /** One scheduled call. */
    static final class Call implements DelayedCall {
        static final int PENDING = 0, CALLED = 1, CANCELLED = 2;

        final TimerQueue queue;
        final Runnable task;
        double time;
        long seq;
        int index = -1;
        int state = PENDING;

        Call(TimerQueue queue, double time, Runnable task) {
            this.queue = queue;
            this.time = time;
            this.task = task;
        }

        @Override
        public double getTime() {
            return time;
        }

        @Override
        public void cancel() {
            check();
            state = CANCELLED;
            queue.removeAt(index);
        }

        @Override
        public void reset(double secondsFromNow) {
            check();
            queue.reschedule(this, queue.now.getAsDouble() + secondsFromNow);
        }

        @Override
        public void delay(double secondsLater) {
            check();
            queue.reschedule(this, time + secondsLater);
        }

        @Override
        public boolean active() {
            return state == PENDING;
        }

        private void check() {
            if (state == CANCELLED) {
                throw new AlreadyCancelled();
            }
            if (state == CALLED) {
                throw new AlreadyCalled();
            }
        }

        @Override
        public String toString() {
            return "<DelayedCall " + task + " at " + time + (state == PENDING ? "" : state == CALLED ? " called" : " cancelled") + ">";
        }
    }
}
