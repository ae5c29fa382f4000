package io.twisted.testing;

import static io.twisted.testing.Bytes.ascii;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twisted.internet.PullProducer;
import io.twisted.internet.PushProducer;
import io.twisted.internet.defer.Failure;
import io.twisted.internet.error.ConnectionAborted;
import io.twisted.internet.error.ConnectionDone;
import io.twisted.internet.error.ConnectionLost;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StringTransportTest {

    static final class Push implements PushProducer {
        int pauses;
        int resumes;
        int stops;

        @Override
        public void pauseProducing() {
            pauses++;
        }

        @Override
        public void resumeProducing() {
            resumes++;
        }

        @Override
        public void stopProducing() {
            stops++;
        }
    }

    @Test
    void recordsWritesAndConsumesEveryKindOfBuffer() {
        var t = new StringTransport();
        ByteBuffer heap = ByteBuffer.wrap("xxhello".getBytes(StandardCharsets.US_ASCII), 2, 5).slice();
        ByteBuffer direct = ByteBuffer.allocateDirect(3).put(ascii(" to")).flip();
        ByteBuffer readOnly = ascii(" you").asReadOnlyBuffer();
        t.write(heap);
        t.write(direct);
        t.write(readOnly);
        t.write(" é".getBytes(StandardCharsets.UTF_8));
        t.writeSequence(List.of(ascii("!"), ascii("!")));
        assertFalse(heap.hasRemaining());
        assertFalse(direct.hasRemaining());
        assertFalse(readOnly.hasRemaining());
        assertEquals("hello to you é!!", t.valueAsString());
        assertEquals("hello to you \u00c3\u00a9!!", t.valueAsString(StandardCharsets.ISO_8859_1));
        assertEquals(17, t.size());
        assertEquals("hello to you é!!", t.takeString());
        assertEquals(0, t.value().length);
        t.write(ascii("again"));
        assertArrayEquals("again".getBytes(StandardCharsets.US_ASCII), t.take());
        t.write(ascii("x"));
        t.clear();
        assertEquals("", t.valueAsString());
    }

    @Test
    void addressesAreTwistedsAndResolvedWithoutLookup() {
        var t = new StringTransport();
        var host = (InetSocketAddress) t.getHost();
        var peer = (InetSocketAddress) t.getPeer();
        assertEquals("10.0.0.1", host.getAddress().getHostAddress());
        assertEquals(12345, host.getPort());
        assertEquals("192.168.1.1", peer.getAddress().getHostAddress());
        assertEquals(54321, peer.getPort());
        var other = new InetSocketAddress("127.0.0.1", 1);
        t.setPeer(other);
        t.setHost(other);
        assertSame(other, t.getPeer());
        assertSame(other, t.getHost());
    }

    @Test
    void closingOnlySetsFlags() {
        var t = new StringTransport();
        assertFalse(t.isDisconnecting());
        t.loseWriteConnection();
        assertTrue(t.isWriteConnectionLost());
        assertFalse(t.isDisconnecting());
        t.loseConnection();
        assertTrue(t.isDisconnecting());
        assertFalse(t.isAborted());
        t.abortConnection();
        assertTrue(t.isAborted());
    }

    @Test
    void unreadDataIsRecordedAndConsumed() {
        var t = new StringTransport();
        ByteBuffer b = ascii("rest");
        t.unreadData(b);
        t.unreadData(ascii("+more"));
        assertFalse(b.hasRemaining());
        assertEquals("rest+more", new String(t.unreadValue(), StandardCharsets.US_ASCII));
    }

    @Test
    void producerRegistrationFollowsTwisted() {
        var t = new StringTransport();
        var p = new Push();
        t.registerProducer(p, true);
        assertSame(p, t.producer());
        assertTrue(t.isStreaming());
        assertThrows(IllegalStateException.class, () -> t.registerProducer(new Push(), true));
        t.unregisterProducer();
        assertNull(t.producer());
        assertFalse(t.isStreaming());
        assertThrows(IllegalStateException.class, t::unregisterProducer);
        PullProducer pull = new PullProducer() {
            @Override
            public void resumeProducing() {
            }

            @Override
            public void stopProducing() {
            }
        };
        assertThrows(IllegalArgumentException.class, () -> t.registerProducer(pull, true));
        t.registerProducer(pull, false);
        assertFalse(t.isStreaming());
        assertEquals(0, p.resumes + p.pauses + p.stops, "StringTransport never calls the producer");
    }

    @Test
    void producerStateTracksPauseResumeAndStop() {
        var t = new StringTransport();
        assertEquals(StringTransport.ProducerState.PRODUCING, t.producerState());
        t.pauseProducing();
        assertEquals(StringTransport.ProducerState.PAUSED, t.producerState());
        t.resumeProducing();
        assertEquals(StringTransport.ProducerState.PRODUCING, t.producerState());
        t.stopProducing();
        assertEquals(StringTransport.ProducerState.STOPPED, t.producerState());
        assertThrows(IllegalStateException.class, t::pauseProducing);
        assertThrows(IllegalStateException.class, t::resumeProducing);
    }

    @Test
    void withDisconnectionDeliversConnectionDoneOnceAndTellsListeners() {
        var proto = new AccumulatingProtocol();
        var t = new StringTransportWithDisconnection(proto);
        List<Failure> heard = new ArrayList<>();
        t.onConnectionLost(heard::add);
        var producer = new Push();
        proto.makeConnection(t);
        t.registerProducer(producer, true);
        t.loseConnection();
        t.loseConnection();
        t.abortConnection();
        assertEquals(1, proto.lostCount());
        assertInstanceOf(ConnectionDone.class, proto.lostReason().value());
        assertSame(proto.lostReason(), t.lostReason());
        assertTrue(t.isConnectionLost());
        assertEquals(List.of(proto.lostReason()), heard);
        assertEquals(1, producer.stops);
        assertFalse(proto.isConnected());
    }

    @Test
    void withDisconnectionAbortDeliversConnectionAborted() {
        var proto = new AccumulatingProtocol();
        var t = new StringTransportWithDisconnection();
        t.setProtocol(proto);
        assertSame(proto, t.protocol());
        proto.makeConnection(t);
        t.abortConnection();
        t.loseConnection();
        assertEquals(1, proto.lostCount());
        assertInstanceOf(ConnectionAborted.class, proto.lostReason().value());
    }

    @Test
    void withDisconnectionSimulatesThePeerGoingAway() {
        var proto = new AccumulatingProtocol();
        var t = new StringTransportWithDisconnection(proto);
        proto.makeConnection(t);
        t.simulateConnectionLost(new Failure(new ConnectionLost()));
        t.simulateConnectionLost(new Failure(new ConnectionDone()));
        assertEquals(1, proto.lostCount());
        assertInstanceOf(ConnectionLost.class, proto.lostReason().value());
        assertTrue(t.isDisconnecting());
    }

    @Test
    void withDisconnectionWithoutAProtocolOnlySetsFlags() {
        var t = new StringTransportWithDisconnection();
        t.loseConnection();
        assertTrue(t.isDisconnecting());
        assertFalse(t.isConnectionLost());
        assertNotNull(t.toString());
    }
}
