package io.twisted.protocols.policies;

import static io.twisted.protocols.policies.PolicyFixtures.ascii;
import static io.twisted.protocols.policies.PolicyFixtures.connect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twisted.internet.Factory;
import io.twisted.internet.task.Clock;
import io.twisted.protocols.policies.PolicyFixtures.RecordingProtocol;
import io.twisted.protocols.policies.PolicyFixtures.TlsCapableTransport;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** TimeoutFactory and its TimeoutProtocol. */
class TimeoutFactoryTest {

    private final Clock clock = new Clock();
    private final RecordingProtocol wrapped = new RecordingProtocol();
    private final TimeoutFactory factory = new TimeoutFactory(Factory.forProtocol(() -> wrapped), clock, 10);

    private TimeoutProtocol connected(TlsCapableTransport[] out) {
        TimeoutProtocol p = (TimeoutProtocol) factory.buildProtocol(InetSocketAddress.createUnresolved("a", 1));
        out[0] = connect(p);
        return p;
    }

    @Test
    void closesAConnectionIdleForThePeriod() {
        TlsCapableTransport[] t = new TlsCapableTransport[1];
        connected(t);
        clock.advance(9.99);
        assertFalse(t[0].isDisconnecting());
        clock.advance(0.01);
        assertTrue(t[0].isDisconnecting());
        assertEquals(List.of("made", "lost:ConnectionDone"), wrapped.events);
    }

    @Test
    void readsAndWritesRestartTheCount() {
        TlsCapableTransport[] t = new TlsCapableTransport[1];
        TimeoutProtocol p = connected(t);
        clock.advance(8);
        p.dataReceived(ascii("x")); // read, and the echo writes
        clock.advance(8);
        wrapped.transport().write(ascii("y"));
        clock.advance(8);
        assertFalse(t[0].isDisconnecting());
        clock.advance(2);
        assertTrue(t[0].isDisconnecting());
    }

    @Test
    void cancelTimeoutKeepsTheConnectionOpen() {
        TlsCapableTransport[] t = new TlsCapableTransport[1];
        TimeoutProtocol p = connected(t);
        p.cancelTimeout();
        clock.advance(100);
        assertFalse(t[0].isDisconnecting());
        p.setTimeout(1.0);
        clock.advance(1);
        assertTrue(t[0].isDisconnecting());
    }

    @Test
    void leavesNoPendingCallWhenTheConnectionIsLost() {
        TlsCapableTransport[] t = new TlsCapableTransport[1];
        connected(t);
        assertEquals(1, clock.getDelayedCalls().size());
        t[0].loseConnection();
        assertEquals(0, clock.getDelayedCalls().size());
    }

    @Test
    void defaultsToThirtyMinutes() {
        TimeoutFactory byDefault = new TimeoutFactory(Factory.forProtocol(RecordingProtocol::new), clock);
        TlsCapableTransport t = connect(byDefault.buildProtocol(null));
        clock.advance(30 * 60 - 1);
        assertFalse(t.isDisconnecting());
        clock.advance(1);
        assertTrue(t.isDisconnecting());
    }
}
