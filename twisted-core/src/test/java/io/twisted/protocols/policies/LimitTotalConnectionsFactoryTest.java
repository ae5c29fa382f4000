package io.twisted.protocols.policies;

import static io.twisted.protocols.policies.PolicyFixtures.connect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.twisted.internet.Factory;
import io.twisted.internet.Protocol;
import io.twisted.protocols.policies.PolicyFixtures.RecordingProtocol;
import io.twisted.protocols.policies.PolicyFixtures.TlsCapableTransport;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LimitTotalConnectionsFactoryTest {

    /** Says it is busy and closes. */
    static final class TooBusy extends Protocol {
        @Override
        public void connectionMade() {
            transport.write("421 too busy\r\n".getBytes(StandardCharsets.US_ASCII));
            transport.loseConnection();
        }
    }

    @Test
    void handsConnectionsOverTheLimitToTheOverflowFactory() {
        LimitTotalConnectionsFactory factory = new LimitTotalConnectionsFactory(
                Factory.forProtocol(RecordingProtocol::new), 1, Factory.forProtocol(TooBusy::new));
        TlsCapableTransport first = connect(factory.buildProtocol(null));
        ProtocolWrapper second = (ProtocolWrapper) factory.buildProtocol(null);
        TlsCapableTransport busy = connect(second);
        assertEquals(TooBusy.class, second.wrappedProtocol().getClass());
        assertEquals("421 too busy\r\n", busy.valueAsString());
        assertEquals(1, factory.connectionCount());
        first.loseConnection();
        assertEquals(0, factory.connectionCount());
        ProtocolWrapper third = (ProtocolWrapper) factory.buildProtocol(null);
        assertEquals(RecordingProtocol.class, third.wrappedProtocol().getClass());
    }

    @Test
    void refusesOverTheLimitWithoutAnOverflowFactory() {
        LimitTotalConnectionsFactory factory = new LimitTotalConnectionsFactory(
                Factory.forProtocol(RecordingProtocol::new), 2, null);
        connect(factory.buildProtocol(null));
        connect(factory.buildProtocol(null));
        assertNull(factory.buildProtocol(null));
        assertEquals(2, factory.connectionCount());
    }
}
