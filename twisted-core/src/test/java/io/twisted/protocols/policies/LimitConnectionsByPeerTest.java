package io.twisted.protocols.policies;

import static io.twisted.protocols.policies.PolicyFixtures.connect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.twisted.internet.Factory;
import io.twisted.protocols.policies.PolicyFixtures.RecordingProtocol;
import io.twisted.protocols.policies.PolicyFixtures.TlsCapableTransport;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class LimitConnectionsByPeerTest {

    private static final InetSocketAddress ALICE_1 = InetSocketAddress.createUnresolved("192.0.2.1", 1000);
    private static final InetSocketAddress ALICE_2 = InetSocketAddress.createUnresolved("192.0.2.1", 2000);
    private static final InetSocketAddress BOB = InetSocketAddress.createUnresolved("192.0.2.2", 1000);

    private final LimitConnectionsByPeer factory =
            new LimitConnectionsByPeer(Factory.forProtocol(RecordingProtocol::new), 2);

    @Test
    void refusesAPeersConnectionsBeyondTheLimitWhateverTheirPorts() {
        connect(factory.buildProtocol(ALICE_1));
        connect(factory.buildProtocol(ALICE_2));
        assertNull(factory.buildProtocol(ALICE_1));
        assertNotNull(factory.buildProtocol(BOB));
        assertEquals(2, factory.connectionsFrom(ALICE_2));
        assertEquals(1, factory.connectionsFrom(BOB));
    }

    @Test
    void givesTheCountBackWhenAConnectionIsLost() {
        TlsCapableTransport first = connect(factory.buildProtocol(ALICE_1));
        connect(factory.buildProtocol(ALICE_2));
        first.loseConnection();
        assertEquals(1, factory.connectionsFrom(ALICE_1));
        assertNotNull(factory.buildProtocol(ALICE_1));
    }

    @Test
    void defaultsToFivePerPeer() {
        LimitConnectionsByPeer byDefault = new LimitConnectionsByPeer(Factory.forProtocol(RecordingProtocol::new));
        for (int i = 0; i < 5; i++) {
            assertNotNull(byDefault.buildProtocol(ALICE_1));
        }
        assertNull(byDefault.buildProtocol(ALICE_1));
    }
}
