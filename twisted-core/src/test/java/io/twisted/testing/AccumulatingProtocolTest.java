package io.twisted.testing;

import static io.twisted.testing.Bytes.ascii;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twisted.internet.defer.Failure;
import io.twisted.internet.error.ConnectionDone;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AccumulatingProtocolTest {

    @Test
    void recordsConnectionDataAndLoss() {
        var p = new AccumulatingProtocol();
        List<Failure> lost = new ArrayList<>();
        p.whenLost().addCallback(ignored -> lost.add(p.lostReason()));
        var t = new StringTransportWithDisconnection(p);
        p.makeConnection(t);
        assertTrue(p.isMade());
        assertTrue(p.whenMade().isCalled());
        ByteBuffer b = ascii("abc");
        p.dataReceived(b);
        assertFalse(b.hasRemaining(), "it consumes what it reads");
        p.dataReceived(ascii("def"));
        assertEquals("abcdef", p.valueAsString());
        assertEquals(2, p.dataReceivedCount());
        assertEquals("abcdef", new String(p.take()));
        assertEquals(0, p.value().length);
        t.loseConnection();
        assertTrue(p.isLost());
        assertInstanceOf(ConnectionDone.class, p.lostReason().value());
        assertEquals(List.of(p.lostReason()), lost);
    }

    @Test
    void recordingFactorySetsItselfAsTheProtocolsFactory() {
        var f = new RecordingFactory<>(AccumulatingProtocol::new);
        var a = LoopbackPump.DEFAULT_CLIENT_ADDRESS;
        var p = f.buildProtocol(a);
        assertSame(f, p.factory());
        assertSame(p, f.lastProtocol());
        assertEquals(List.of(a), f.addresses());
    }
}
