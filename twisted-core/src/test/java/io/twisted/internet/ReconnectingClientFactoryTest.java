package io.twisted.internet;

import static org.junit.jupiter.api.Assertions.*;

import io.twisted.internet.defer.Failure;
import io.twisted.internet.error.ConnectionRefusedError;
import io.twisted.internet.task.Clock;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ReconnectingClientFactoryTest {

    /** A connector that records connect() calls. */
    static final class FakeConnector implements Connector {
        int connects;
        int stops;
        boolean connecting;

        @Override
        public void connect() {
            connects++;
            connecting = true;
        }

        @Override
        public void stopConnecting() {
            if (!connecting) {
                throw new IllegalStateException("not connecting");
            }
            connecting = false;
            stops++;
        }

        @Override
        public void disconnect() {
        }

        @Override
        public SocketAddress getDestination() {
            return InetSocketAddress.createUnresolved("example.com", 80);
        }
    }

    private static Failure refused() {
        return new Failure(new ConnectionRefusedError());
    }

    @Test
    void delaysGrowByFactorUpToTheMaximumWithoutJitter() {
        Clock clock = new Clock();
        ReconnectingClientFactory f = new ReconnectingClientFactory(clock, Protocol::new);
        f.jitter = 0;
        f.maxDelay = 10;
        FakeConnector c = new FakeConnector();
        double[] expected = {Math.E, Math.E * Math.E, 10, 10};
        for (double want : expected) {
            c.connecting = false;
            f.clientConnectionFailed(c, refused());
            assertEquals(want, f.getDelay(), 1e-9);
            int before = c.connects;
            clock.advance(want - 0.001);
            assertEquals(before, c.connects, "not reconnected before the delay");
            clock.advance(0.002);
            assertEquals(before + 1, c.connects, "reconnected after the delay");
        }
    }

    @Test
    void jitterSpreadsDelaysAroundTheGrowth() {
        Clock clock = new Clock();
        ReconnectingClientFactory f = new ReconnectingClientFactory(clock, new Random(42), Protocol::new);
        FakeConnector c = new FakeConnector();
        f.clientConnectionLost(c, refused());
        double d = f.getDelay();
        assertNotEquals(Math.E, d, 1e-12);
        assertEquals(Math.E, d, Math.E * 0.6, "within five standard deviations of e");
    }

    @Test
    void resetDelayStartsOverAndStopTryingCancelsThePendingAttempt() {
        Clock clock = new Clock();
        ReconnectingClientFactory f = new ReconnectingClientFactory(clock, Protocol::new);
        f.jitter = 0;
        FakeConnector c = new FakeConnector();
        f.clientConnectionFailed(c, refused());
        clock.advance(f.getDelay());
        f.clientConnectionFailed(c, refused());
        clock.advance(f.getDelay());
        assertEquals(2, f.getRetries());
        assertEquals(2, c.connects);
        f.resetDelay();
        assertEquals(f.initialDelay, f.getDelay());
        assertEquals(0, f.getRetries());
        f.clientConnectionFailed(c, refused());
        assertEquals(1, clock.getDelayedCalls().size());
        f.stopTrying();
        int before = c.connects;
        clock.advance(100_000);
        assertEquals(before, c.connects, "no attempt after stopTrying");
        assertFalse(f.isTrying());
        f.clientConnectionFailed(c, refused());
        assertTrue(clock.getDelayedCalls().isEmpty());
    }

    @Test
    void stopsAfterMaxRetries() {
        Clock clock = new Clock();
        ReconnectingClientFactory f = new ReconnectingClientFactory(clock, Protocol::new);
        f.jitter = 0;
        f.maxRetries = 2;
        FakeConnector c = new FakeConnector();
        for (int i = 0; i < 5; i++) {
            f.clientConnectionFailed(c, refused());
            clock.advance(f.maxDelay);
        }
        assertEquals(2, c.connects);
    }
}
