package io.twisted.internet.endpoints;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twisted.internet.Factory;
import io.twisted.internet.HalfCloseableProtocol;
import io.twisted.internet.Protocol;
import io.twisted.internet.defer.CancelledError;
import io.twisted.internet.defer.Deferred;
import io.twisted.internet.defer.Failure;
import io.twisted.internet.error.ConnectError;
import io.twisted.internet.error.ConnectionDone;
import io.twisted.internet.error.ConnectionRefusedError;
import io.twisted.testing.StringTransport;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** TCP client endpoints over a fake reactor: when the Deferred fires, failures, cancellation, event forwarding. */
class ClientEndpointTest {

    private final FakeTcpReactor tcp = new FakeTcpReactor();

    static class Recorder extends Protocol {
        final List<String> events = new ArrayList<>();

        @Override
        public void connectionMade() {
            events.add("made");
        }

        @Override
        public void dataReceived(ByteBuffer data) {
            events.add("data:" + StandardCharsets.US_ASCII.decode(data));
        }

        @Override
        public void connectionLost(Failure reason) {
            events.add("lost:" + reason.type().getSimpleName());
        }
    }

    static final class HalfCloser extends Recorder implements HalfCloseableProtocol {
        @Override
        public void readConnectionLost() {
            events.add("readLost");
        }

        @Override
        public void writeConnectionLost() {
            events.add("writeLost");
        }
    }

    /** Simulates the reactor making the connection: buildProtocol then makeConnection. */
    private Protocol makeConnection(FakeTcpReactor.Connect c, StringTransport transport) {
        Protocol p = c.factory.buildProtocol(InetSocketAddress.createUnresolved(c.host, c.port));
        p.makeConnection(transport);
        return p;
    }

    @Test
    void firesWithTheProtocolAfterConnectionMade() {
        Recorder proto = new Recorder();
        Deferred<Recorder> d = Endpoints.connectProtocol(new TCP4ClientEndpoint(tcp, "example.com", 80), proto);
        assertFalse(d.isCalled());
        FakeTcpReactor.Connect c = tcp.connects.get(0);
        assertEquals("example.com", c.host);
        StringTransport transport = new StringTransport();
        Protocol wrapper = makeConnection(c, transport);
        assertSame(proto, d.currentResult());
        assertSame(transport, proto.transport());
        assertEquals(List.of("made"), proto.events);

        wrapper.dataReceived(ByteBuffer.wrap("hi".getBytes(StandardCharsets.US_ASCII)));
        wrapper.disconnect(new Failure(new ConnectionDone()));
        assertEquals(List.of("made", "data:hi", "lost:ConnectionDone"), proto.events);
        assertFalse(proto.isConnected());
    }

    @Test
    void halfCloseableProtocolKeepsHalfCloseEvents() {
        HalfCloser proto = new HalfCloser();
        Endpoints.connectProtocol(new TCP4ClientEndpoint(tcp, "h", 1), proto);
        Protocol wrapper = makeConnection(tcp.connects.get(0), new StringTransport());
        assertInstanceOf(HalfCloseableProtocol.class, wrapper);
        ((HalfCloseableProtocol) wrapper).readConnectionLost();
        ((HalfCloseableProtocol) wrapper).writeConnectionLost();
        assertEquals(List.of("made", "readLost", "writeLost"), proto.events);
    }

    @Test
    void plainProtocolIsNotMadeHalfCloseable() {
        Endpoints.connectProtocol(new TCP4ClientEndpoint(tcp, "h", 1), new Recorder());
        assertFalse(makeConnection(tcp.connects.get(0), new StringTransport()) instanceof HalfCloseableProtocol);
    }

    @Test
    void connectionFailureFailsTheDeferred() {
        Deferred<Protocol> d = new TCP4ClientEndpoint(tcp, "h", 1).connect(Factory.forProtocol(Recorder::new));
        FakeTcpReactor.Connect c = tcp.connects.get(0);
        c.factory.clientConnectionFailed(c, new Failure(new ConnectionRefusedError()));
        assertInstanceOf(ConnectionRefusedError.class, ((Failure) d.currentResult()).value());
        d.addErrback(f -> null);
    }

    @Test
    void factoryReturningNullFailsTheDeferred() {
        Deferred<Protocol> d = new TCP4ClientEndpoint(tcp, "h", 1).connect(Factory.forProtocol(() -> null));
        FakeTcpReactor.Connect c = tcp.connects.get(0);
        assertNull(c.factory.buildProtocol(c.getDestination()));
        assertInstanceOf(ConnectError.class, ((Failure) d.currentResult()).value());
        d.addErrback(f -> null);
    }

    @Test
    void cancelStopsConnecting() {
        Deferred<Protocol> d = new TCP4ClientEndpoint(tcp, "h", 1).connect(Factory.forProtocol(Recorder::new));
        d.cancel();
        assertTrue(tcp.connects.get(0).stoppedConnecting);
        assertInstanceOf(CancelledError.class, ((Failure) d.currentResult()).value());
        d.addErrback(f -> null);
    }

    @Test
    void passesTimeoutAndBindAddress() {
        InetSocketAddress bind = new InetSocketAddress("127.0.0.1", 0);
        new TCP4ClientEndpoint(tcp, "h", 7, 3.5, bind).connect(Factory.forProtocol(Recorder::new));
        assertEquals(3.5, tcp.connects.get(0).timeout);
        assertEquals(bind, tcp.connects.get(0).bindAddress);
    }

    @Test
    void startsAndStopsTheUserFactory() {
        int[] counts = new int[2];
        Factory f = new Factory(Recorder::new) {
            @Override
            public void startFactory() {
                counts[0]++;
            }

            @Override
            public void stopFactory() {
                counts[1]++;
            }
        };
        new TCP4ClientEndpoint(tcp, "h", 7).connect(f);
        assertEquals(1, counts[0]);
        tcp.connects.get(0).factory.doStop();
        assertEquals(1, counts[1]);
    }
}
