package io.twisted.internet.nio;

import io.twisted.testing.ReactorThread;
import static org.junit.jupiter.api.Assertions.*;

import io.twisted.internet.ClientFactory;
import io.twisted.internet.Connector;
import io.twisted.internet.Factory;
import io.twisted.internet.ListeningPort;
import io.twisted.internet.Protocol;
import io.twisted.internet.Reactor;
import io.twisted.internet.SystemEvent;
import io.twisted.internet.defer.Deferred;
import io.twisted.internet.defer.Failure;
import io.twisted.internet.error.CannotListenError;
import io.twisted.internet.error.ConnectionRefusedError;
import io.twisted.internet.error.DNSLookupError;
import io.twisted.internet.error.ReactorNotRunning;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class NioReactorTest {

    @Test
    void delayedCallsRunInTimeOrderThenStopEndsRun() {
        Reactor r = Reactor.create();
        List<io.twisted.internet.DelayedCall> calls = new ArrayList<>();
        List<Integer> ran = new ArrayList<>();
        r.callWhenRunning(() -> {
            double[] delays = {0.02, 0.01, 0.01, 0.03, 0.005};
            for (int i = 0; i < delays.length; i++) {
                int n = i;
                calls.add(r.callLater(delays[i], () -> ran.add(n)));
            }
            var cancelled = r.callLater(0.015, () -> ran.add(-1));
            cancelled.cancel();
            r.callLater(0.05, r::stop);
        });
        r.run();
        // Each call ran once, in the order of the times they were scheduled for (ties in scheduling order).
        List<Integer> byTime = new ArrayList<>(List.of(0, 1, 2, 3, 4));
        byTime.sort(java.util.Comparator.comparingDouble((Integer i) -> calls.get(i).getTime()).thenComparing(i -> i));
        assertEquals(byTime, ran);
        assertFalse(r.isRunning());
    }

    @Test
    void callFromThreadWakesTheSelector() throws Exception {
        Reactor r = Reactor.create();
        CountDownLatch running = new CountDownLatch(1);
        r.callWhenRunning(running::countDown);
        Thread t = new Thread(r::run);
        t.start();
        assertTrue(running.await(10, TimeUnit.SECONDS));
        CompletableFuture<Boolean> onReactor = new CompletableFuture<>();
        // The reactor is blocked in select() with no timers: only the wakeup can get this through.
        r.callFromThread(() -> onReactor.complete(r.isInReactorThread()));
        assertTrue(onReactor.get(10, TimeUnit.SECONDS));
        r.callFromThread(r::stop);
        t.join(10_000);
        assertFalse(t.isAlive());
    }

    @Test
    void shutdownWaitsForDeferredReturnedByBeforeTrigger() {
        Reactor r = Reactor.create();
        List<String> events = new ArrayList<>();
        r.addSystemEventTrigger(SystemEvent.Phase.AFTER, SystemEvent.SHUTDOWN, () -> events.add("after"));
        r.addSystemEventTrigger(SystemEvent.Phase.DURING, SystemEvent.SHUTDOWN, () -> events.add("during"));
        r.addSystemEventTrigger(SystemEvent.Phase.BEFORE, SystemEvent.SHUTDOWN, () -> {
            events.add("before");
            Deferred<Void> d = new Deferred<>();
            r.callLater(0.05, () -> {
                events.add("before-done");
                d.callback(null);
            });
            return d;
        });
        r.addSystemEventTrigger(SystemEvent.Phase.BEFORE, SystemEvent.STARTUP, () -> events.add("startup-before"));
        r.addSystemEventTrigger(SystemEvent.Phase.AFTER, SystemEvent.STARTUP, () -> events.add("startup-after"));
        r.callWhenRunning(() -> {
            events.add("running");
            r.stop();
        });
        r.run();
        assertEquals(List.of("startup-before", "startup-after", "running", "before", "before-done", "during", "after"), events);
    }

    @Test
    void stopWhenNotRunningFails() {
        Reactor r = Reactor.create();
        assertThrows(ReactorNotRunning.class, r::stop);
    }

    @Test
    void reactReturnsZeroOnSuccessAndOneOnFailure() {
        assertEquals(0, Reactor.react(r -> {
            Deferred<String> d = new Deferred<>();
            r.callLater(0.01, () -> d.callback("ok"));
            return d;
        }));
        assertEquals(1, Reactor.react(r -> Deferred.fail(new IllegalStateException("expected by the test"))));
    }

    @Test
    void listenOnPortZeroGivesTheRealPortAndCannotListenTwice() throws Exception {
        try (ReactorThread rt = new ReactorThread("listen")) {
            ListeningPort p = rt.call(() -> rt.reactor.listenTCP(0, Factory.forProtocol(Protocol::new), "127.0.0.1"));
            int port = ((InetSocketAddress) p.getHost()).getPort();
            assertTrue(port > 0);
            CannotListenError e = assertThrows(CannotListenError.class,
                    () -> {
                        try {
                            rt.call(() -> rt.reactor.listenTCP(port, Factory.forProtocol(Protocol::new), "127.0.0.1"));
                        } catch (java.util.concurrent.ExecutionException ee) {
                            throw ee.getCause();
                        }
                    });
            assertTrue(e.getMessage().contains(String.valueOf(port)), e.getMessage());
            CompletableFuture<Void> stopped = new CompletableFuture<>();
            rt.run(() -> p.stopListening().addCallback(x -> stopped.complete(null)));
            stopped.get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void connectionRefusedReachesClientConnectionFailed() throws Exception {
        int closedPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            closedPort = s.getLocalPort();
        }
        try (ReactorThread rt = new ReactorThread("refused")) {
            CompletableFuture<Failure> failed = new CompletableFuture<>();
            rt.run(() -> rt.reactor.connectTCP("127.0.0.1", closedPort, new ClientFactory(Protocol::new) {
                @Override
                public void clientConnectionFailed(Connector connector, Failure reason) {
                    failed.complete(reason);
                }
            }));
            Failure f = failed.get(10, TimeUnit.SECONDS);
            assertNotNull(f.check(ConnectionRefusedError.class), f.toString());
        }
    }

    @Test
    void unknownHostFailsWithDnsLookupError() throws Exception {
        try (ReactorThread rt = new ReactorThread("dns")) {
            CompletableFuture<Failure> failed = new CompletableFuture<>();
            rt.run(() -> rt.reactor.connectTCP("no-such-host.invalid", 80, new ClientFactory(Protocol::new) {
                @Override
                public void clientConnectionFailed(Connector connector, Failure reason) {
                    failed.complete(reason);
                }
            }));
            Failure f = failed.get(30, TimeUnit.SECONDS);
            assertNotNull(f.check(DNSLookupError.class), f.toString());
        }
    }
}
