package io.twisted.internet.defer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * The unhandled-error log of garbage-collected Deferreds. Garbage collection is not under test
 * control: each test drops its Deferreds, then calls {@link System#gc()} in a bounded loop (10 s at
 * most) waiting on a latch the reporter counts down. Reports are matched by a unique message, since
 * other code may leave failures behind too.
 */
@Isolated
class UnhandledErrorTest {

    private static final long GC_WAIT_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final Map<String, List<StackTraceElement[]>> reports = new ConcurrentHashMap<>();
    private final Map<String, CountDownLatch> latches = new ConcurrentHashMap<>();
    private final BlockingQueue<String> logged = new LinkedBlockingQueue<>();
    private final Logger julLogger = Logger.getLogger("io.twisted.internet.defer");
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLevel() == java.util.logging.Level.SEVERE) {
                logged.add(record.getMessage());
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private boolean debuggingBefore;

    @BeforeEach
    void listen() {
        debuggingBefore = Deferred.getDebugging();
        julLogger.addHandler(handler);
        UnhandledErrorReporter.listener = (failure, site) -> {
            String key = rootMessage(failure.value());
            reports.computeIfAbsent(key, k -> Collections.synchronizedList(new ArrayList<>()))
                    .add(site);
            CountDownLatch l = latches.get(key);
            if (l != null) {
                l.countDown();
            }
        };
    }

    @AfterEach
    void stopListening() {
        UnhandledErrorReporter.listener = null;
        julLogger.removeHandler(handler);
        Deferred.setDebugging(debuggingBefore);
    }

    private static String rootMessage(Throwable t) {
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return String.valueOf(t.getMessage());
    }

    private CountDownLatch expect(String marker) {
        CountDownLatch l = new CountDownLatch(1);
        latches.put(marker, l);
        return l;
    }

    /** Runs the garbage collector until {@code latch} opens, for 10 s at most. */
    private static void gcUntil(CountDownLatch latch) throws InterruptedException {
        long deadline = System.nanoTime() + GC_WAIT_NANOS;
        while (System.nanoTime() < deadline) {
            System.gc();
            if (latch.await(50, TimeUnit.MILLISECONDS)) {
                return;
            }
        }
        fail("no unhandled-error report within 10 s of garbage collection");
    }

    /** Creates and fails a Deferred, with a cause chain, and drops it. */
    private static void failAndDrop(String marker) {
        Deferred<String> d = new Deferred<>();
        d.addCallback(s -> {
            throw new IllegalStateException("wrapper of " + marker, new IOException(marker));
        });
        d.callback("go");
    }

    @Test
    void droppedFailedDeferredIsLoggedWithCauseChainAndCreationSite() throws Exception {
        Deferred.setDebugging(true);
        String marker = "unhandled-with-site-" + System.nanoTime();
        CountDownLatch reported = expect(marker);
        failAndDrop(marker);
        gcUntil(reported);

        StackTraceElement[] site = reports.get(marker).get(0);
        assertNotNull(site, "debugging records the creation site");
        assertTrue(Arrays.stream(site).anyMatch(e -> e.getMethodName().equals("failAndDrop")),
                Arrays.toString(site));
        String message = awaitLogged(marker);
        assertTrue(message.contains("Unhandled error in Deferred"), message);
        assertTrue(message.contains("the Deferred was created at"), message);
        assertTrue(message.contains("failAndDrop"), message);
        assertTrue(message.contains("IllegalStateException: wrapper of " + marker), message);
        assertTrue(message.contains("Caused by: java.io.IOException: " + marker), message);
    }

    @Test
    void withoutDebuggingTheLogSaysHowToSeeTheCreationSite() throws Exception {
        Deferred.setDebugging(false);
        String marker = "unhandled-no-site-" + System.nanoTime();
        CountDownLatch reported = expect(marker);
        failAndDrop(marker);
        gcUntil(reported);
        assertNull(reports.get(marker).get(0));
        String message = awaitLogged(marker);
        assertTrue(message.contains("io.twisted.deferred.debug"), message);
        assertTrue(message.contains("Caused by: java.io.IOException: " + marker), message);
    }

    @Test
    void handledFailuresAreNotReported() throws Exception {
        String handledNow = "handled-at-once-" + System.nanoTime();
        String handledLater = "handled-later-" + System.nanoTime();
        String passedOn = "passed-to-outer-" + System.nanoTime();
        String sentinel = "sentinel-" + System.nanoTime();
        handleAndDrop(handledNow, handledLater);
        String taken = "taken-by-outer-" + System.nanoTime();
        CountDownLatch outerReported = expect(passedOn);
        CountDownLatch takerReported = expect(taken);
        passToOuterAndDrop(passedOn);
        takeFailedInnerAndDrop(taken);
        CountDownLatch sentinelReported = expect(sentinel);
        failAndDrop(sentinel);
        gcUntil(sentinelReported);
        gcUntil(outerReported);
        gcUntil(takerReported);
        assertNull(reports.get(handledNow), "an errback handled it");
        assertNull(reports.get(handledLater), "an errback added later handled it");
        // The failure moved from the inner Deferred to the outer one: reported once, by the outer.
        assertEquals(1, reports.get(passedOn).size());
        // A failed Deferred returned by a callback: its failure was taken by the outer one.
        assertEquals(1, reports.get(taken).size());
    }

    private static void takeFailedInnerAndDrop(String marker) {
        Deferred<String> inner = Deferred.fail(new IOException(marker));
        Deferred<String> outer = new Deferred<>();
        outer.addCallbackDeferred(s -> inner);
        outer.callback("x");
    }

    private static void handleAndDrop(String handledNow, String handledLater) {
        Deferred<String> a = new Deferred<>();
        a.addErrback(f -> "recovered");
        a.errback(new IOException(handledNow));
        Deferred<String> b = Deferred.fail(new IOException(handledLater));
        b.addErrback(f -> "recovered later");
    }

    private static void passToOuterAndDrop(String marker) {
        Deferred<String> inner = new Deferred<>();
        Deferred<String> outer = new Deferred<>();
        outer.addCallbackDeferred(s -> inner);
        outer.callback("x");
        inner.errback(new IOException(marker));
    }

    /** The log line for {@code marker}: logged right after the listener ran, on the same thread. */
    private String awaitLogged(String marker) throws InterruptedException {
        long deadline = System.nanoTime() + GC_WAIT_NANOS;
        for (;;) {
            String m = logged.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (m == null) {
                fail("nothing logged for " + marker);
            }
            if (m.contains(marker)) {
                return m;
            }
        }
    }
}
