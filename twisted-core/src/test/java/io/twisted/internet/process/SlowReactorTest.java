package io.twisted.internet.process;

import io.twisted.testing.ReactorThread;
import static org.junit.jupiter.api.Assertions.*;

import io.twisted.internet.ReactorThreads;
import io.twisted.internet.error.ProcessDone;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * A reactor that runs nothing until the test says so: the test thread is the reactor thread and
 * runs the queued calls itself. Shows that a reactor that falls behind holds a bounded number of
 * chunks, and that every callback runs on the reactor thread.
 */
@DisabledOnOs(OS.WINDOWS)
class SlowReactorTest {

    /** Queues {@code callFromThread} calls for the thread that created it to run. */
    static final class QueueingReactorThreads implements ReactorThreads {
        final LinkedBlockingQueue<Runnable> calls = new LinkedBlockingQueue<>();
        private final Thread owner = Thread.currentThread();

        @Override
        public void callFromThread(Runnable call) {
            calls.add(call);
        }

        @Override
        public boolean isInReactorThread() {
            return Thread.currentThread() == owner;
        }

        /** Runs queued calls (waiting at most 60 s for each) until {@code done} is true. */
        void runUntil(java.util.function.BooleanSupplier done) throws InterruptedException {
            while (!done.getAsBoolean()) {
                Runnable r = calls.poll(60, TimeUnit.SECONDS);
                assertNotNull(r, "no reactor call arrived within 60 s");
                r.run();
            }
        }
    }

    @Test
    void aReactorThatFallsBehindHoldsAtMostMaxInFlightChunks() throws Exception {
        int total = 8 * 1024 * 1024;
        var reactor = new QueueingReactorThreads();
        var p = new RecordingProcessProtocol(reactor);
        CountDownLatch parked = new CountDownLatch(1);
        ProcessTransport t = ProcessSpawner.spawnProcess(reactor, p, "head",
                List.of("head", "-c", Integer.toString(total), "/dev/zero"), null, null);
        ((ChildProcess) t).reader(1).setParkHook(parked::countDown);

        assertTrue(parked.await(60, TimeUnit.SECONDS), "the stdout reader never stopped");
        // The reader stopped because every buffer waits in the reactor's queue: head is blocked on
        // a full pipe, and the stderr reader (no output yet) has posted nothing.
        assertEquals(OutputReader.MAX_IN_FLIGHT, reactor.calls.size());
        assertTrue(ProcessHandle.of(t.pid()).map(ProcessHandle::isAlive).orElse(false));

        reactor.runUntil(p.ended::isDone);
        assertInstanceOf(ProcessDone.class, p.ended.get().value());
        assertEquals(total, p.out.size());
        assertEquals(List.of(), p.offReactorThread);
        assertEquals(List.of("connectionMade"), p.events.subList(0, 1));
    }
}
