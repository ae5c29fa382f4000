package io.twisted.protocols.policies;

import static io.twisted.protocols.policies.PolicyFixtures.ascii;
import static io.twisted.protocols.policies.PolicyFixtures.connect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twisted.internet.Factory;
import io.twisted.internet.PushProducer;
import io.twisted.internet.task.Clock;
import io.twisted.protocols.policies.PolicyFixtures.RecordingProtocol;
import io.twisted.protocols.policies.PolicyFixtures.TlsCapableTransport;
import io.twisted.testing.StringTransport.ProducerState;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ThrottlingFactoryTest {

    private final Clock clock = new Clock();
    private final Factory inner = Factory.forProtocol(RecordingProtocol::new);

    @Test
    void refusesConnectionsBeyondTheMaximumUntilOneIsLost() {
        ThrottlingFactory factory = new ThrottlingFactory(inner, clock, 2);
        TlsCapableTransport first = connect(factory.buildProtocol(null));
        connect(factory.buildProtocol(null));
        assertNull(factory.buildProtocol(null));
        assertEquals(2, factory.connectionCount());
        first.loseConnection();
        assertEquals(1, factory.connectionCount());
        assertNotNull(factory.buildProtocol(null));
    }

    @Test
    void pausesReadingForTheExcessWhenOverTheReadLimit() {
        ThrottlingFactory factory = new ThrottlingFactory(inner, clock, 10, 10L, null);
        ThrottlingProtocol p = (ThrottlingProtocol) factory.buildProtocol(null);
        TlsCapableTransport t = connect(p);
        clock.advance(0.5);
        p.dataReceived(ascii("0123456789".repeat(3)));
        clock.advance(0.5); // the check at t=1 sees 30 bytes against 10/s: pause for 30/10 - 1 = 2 s
        assertEquals(ProducerState.PAUSED, t.producerState());
        assertTrue(p.isReadThrottled());
        clock.advance(1.99);
        assertEquals(ProducerState.PAUSED, t.producerState());
        clock.advance(0.01);
        assertEquals(ProducerState.PRODUCING, t.producerState());
    }

    @Test
    void staysUnthrottledWithinTheReadLimit() {
        ThrottlingFactory factory = new ThrottlingFactory(inner, clock, 10, 10L, null);
        ThrottlingProtocol p = (ThrottlingProtocol) factory.buildProtocol(null);
        TlsCapableTransport t = connect(p);
        for (int second = 0; second < 5; second++) {
            p.dataReceived(ascii("0123456789"));
            clock.advance(1);
            assertEquals(ProducerState.PRODUCING, t.producerState());
        }
    }

    @Test
    void pausesTheRegisteredProducerWhenOverTheWriteLimit() {
        ThrottlingFactory factory = new ThrottlingFactory(inner, clock, 10, null, 5L);
        ThrottlingProtocol p = (ThrottlingProtocol) factory.buildProtocol(null);
        connect(p);
        List<String> calls = new ArrayList<>();
        p.wrappedProtocol().transport().registerProducer(new PushProducer() {
            @Override
            public void pauseProducing() {
                calls.add("pause");
            }

            @Override
            public void resumeProducing() {
                calls.add("resume");
            }

            @Override
            public void stopProducing() {
                calls.add("stop");
            }
        }, true);
        p.wrappedProtocol().transport().write(ascii("0123456789"));
        clock.advance(1); // 10 bytes against 5/s: pause for 1 s
        assertEquals(List.of("pause"), calls);
        clock.advance(1);
        assertEquals(List.of("pause", "resume"), calls);
    }

    @Test
    void stopsCheckingOnceTheLastConnectionIsLost() {
        ThrottlingFactory factory = new ThrottlingFactory(inner, clock, 10, 10L, 10L);
        TlsCapableTransport t = connect(factory.buildProtocol(null));
        assertEquals(2, clock.getDelayedCalls().size());
        t.loseConnection();
        assertEquals(0, clock.getDelayedCalls().size());
    }
}
