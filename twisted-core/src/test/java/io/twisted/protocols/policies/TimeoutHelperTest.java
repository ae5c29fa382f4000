package io.twisted.protocols.policies;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twisted.internet.task.Clock;
import org.junit.jupiter.api.Test;

class TimeoutHelperTest {

    private final Clock clock = new Clock();
    private int fired;
    private final TimeoutHelper helper = new TimeoutHelper(clock, () -> fired++);

    @Test
    void firesOnceAfterThePeriodWithoutActivity() {
        helper.setTimeout(10.0);
        clock.advance(9.9);
        assertEquals(0, fired);
        clock.advance(0.1);
        assertEquals(1, fired);
        clock.advance(100);
        assertEquals(1, fired);
        assertFalse(helper.isPending());
    }

    @Test
    void resetTimeoutRestartsTheCountFromNow() {
        helper.setTimeout(10.0);
        clock.advance(8);
        helper.resetTimeout();
        clock.advance(8);
        assertEquals(0, fired);
        clock.advance(2);
        assertEquals(1, fired);
    }

    @Test
    void nothingIsPendingUntilATimeoutIsSet() {
        helper.resetTimeout();
        clock.advance(1000);
        assertEquals(0, fired);
        assertNull(helper.timeout());
        assertEquals(0, clock.getDelayedCalls().size());
    }

    @Test
    void setTimeoutNullTurnsItOffAndReturnsThePreviousPeriod() {
        assertNull(helper.setTimeout(10.0));
        assertEquals(10.0, helper.setTimeout(null));
        clock.advance(20);
        assertEquals(0, fired);
        assertEquals(0, clock.getDelayedCalls().size());
    }

    @Test
    void setTimeoutWhilePendingChangesThePeriodFromNow() {
        helper.setTimeout(10.0);
        clock.advance(5);
        assertEquals(10.0, helper.setTimeout(3.0));
        clock.advance(2.9);
        assertEquals(0, fired);
        clock.advance(0.1);
        assertEquals(1, fired);
    }

    @Test
    void staysOffAfterFiringUntilSetAgain() {
        helper.setTimeout(1.0);
        clock.advance(1);
        helper.resetTimeout();
        clock.advance(5);
        assertEquals(1, fired);
        helper.setTimeout(1.0);
        clock.advance(1);
        assertEquals(2, fired);
    }

    @Test
    void cancelStopsAPendingTimeout() {
        TimeoutHelper started = new TimeoutHelper(clock, 2.0, () -> fired++);
        assertTrue(started.isPending());
        started.cancel();
        clock.advance(5);
        assertEquals(0, fired);
    }

    /** How a protocol uses the helper: reset on every line, close after 60 s of silence. */
    static final class IdleLines extends io.twisted.protocols.basic.LineOnlyReceiver {
        final TimeoutHelper idle;

        IdleLines(Clock clock) {
            idle = new TimeoutHelper(clock, () -> transport.loseConnection());
        }

        @Override
        public void connectionMade() {
            idle.setTimeout(60.0);
        }

        @Override
        protected void lineReceived(byte[] line) {
            idle.resetTimeout();
        }

        @Override
        public void connectionLost(io.twisted.internet.defer.Failure reason) {
            idle.cancel();
        }
    }

    @Test
    void aLineProtocolClosesAfterSilenceButNotWhileLinesArrive() {
        for (io.twisted.testing.Chunkings.Chunking chunking : io.twisted.testing.Chunkings.of("NOOP\r\nNOOP\r\n")) {
            Clock time = new Clock();
            IdleLines proto = new IdleLines(time);
            io.twisted.testing.StringTransport transport = new io.twisted.testing.StringTransport();
            proto.makeConnection(transport);
            chunking.forEach(b -> {
                time.advance(5);
                proto.dataReceived(b);
            });
            time.advance(59);
            assertFalse(transport.isDisconnecting(), chunking.name());
            time.advance(1);
            assertTrue(transport.isDisconnecting(), chunking.name());
        }
    }

    @Test
    void rejectsANegativePeriod() {
        assertThrows(IllegalArgumentException.class, () -> helper.setTimeout(-1.0));
        assertThrows(IllegalArgumentException.class, () -> helper.setTimeout(Double.NaN));
    }
}
