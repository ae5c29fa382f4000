package io.twisted.internet.endpoints;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.twisted.internet.Factory;
import io.twisted.internet.HalfCloseableProtocol;
import io.twisted.internet.Protocol;
import io.twisted.internet.Transport;
import io.twisted.internet.defer.CancelledError;
import io.twisted.internet.defer.Deferred;
import io.twisted.internet.defer.Failure;
import io.twisted.internet.error.ConnectError;
import io.twisted.internet.error.ConnectionDone;
import io.twisted.internet.error.ConnectionRefusedError;
import io.twisted.testing.MemoryConnector;
import io.twisted.testing.MemoryReactor;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** TCP client endpoints over a fake reactor: when the Deferred fires, failures, cancellation, event forwarding. */
class ClientEndpointTest {

    private final MemoryReactor tcp = new MemoryReactor();

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

    /** The reactor makes the connection (buildProtocol then makeConnection); returns the protocol the reactor built. */
    private static Protocol makeConnection(MemoryReactor.TcpClient c) {
        assertNotNull(c.connector().succeed());
        return c.connector().protocol();
    }

    @Test
    void firesWithTheProtocolAfterConnectionMade() {
        Recorder proto = new Recorder();
        Deferred<Recorder> d = Endpoints.connectProtocol(new TCP4ClientEndpoint(tcp, "example.com", 80), proto);
        assertFalse(d.isCalled());
        MemoryReactor.TcpClient c = tcp.tcpClients().get(0);
        assertEquals("example.com", c.host());
        Protocol wrapper = makeConnection(c);
        Transport transport = c.connector().transport();
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
        Protocol wrapper = makeConnection(tcp.tcpClients().get(0));
        assertInstanceOf(HalfCloseableProtocol.class, wrapper);
        ((HalfCloseableProtocol) wrapper).readConnectionLost();
        ((HalfCloseableProtocol) wrapper).writeConnectionLost();
        assertEquals(List.of("made", "readLost", "writeLost"), proto.events);
    }

    @Test
    void plainProtocolIsNotMadeHalfCloseable() {
        Endpoints.connectProtocol(new TCP4ClientEndpoint(tcp, "h", 1), new Recorder());
        assertFalse(makeConnection(tcp.tcpClients().get(0)) instanceof HalfCloseableProtocol);
    }

    @Test
    void connectionFailureFailsTheDeferred() {
        Deferred<Protocol> d = new TCP4ClientEndpoint(tcp, "h", 1).connect(Factory.forProtocol(Recorder::new));
        tcp.tcpClients().get(0).connector().fail(new ConnectionRefusedError());
        assertInstanceOf(ConnectionRefusedError.class, ((Failure) d.currentResult()).value());
        d.addErrback(f -> null);
    }

    @Test
    void factoryReturningNullFailsTheDeferred() {
        Deferred<Protocol> d = new TCP4ClientEndpoint(tcp, "h", 1).connect(Factory.forProtocol(() -> null));
        assertNull(tcp.tcpClients().get(0).connector().succeed(), "the factory built no protocol");
        assertInstanceOf(ConnectError.class, ((Failure) d.currentResult()).value());
        d.addErrback(f -> null);
    }

    @Test
    void cancelStopsConnecting() {
        Deferred<Protocol> d = new TCP4ClientEndpoint(tcp, "h", 1).connect(Factory.forProtocol(Recorder::new));
        d.cancel();
        assertEquals(List.of(MemoryConnector.Action.STOP_CONNECTING), tcp.tcpClients().get(0).connector().actions());
        assertInstanceOf(CancelledError.class, ((Failure) d.currentResult()).value());
        d.addErrback(f -> null);
    }

    @Test
    void passesTimeoutAndBindAddress() {
        InetSocketAddress bind = new InetSocketAddress("127.0.0.1", 0);
        new TCP4ClientEndpoint(tcp, "h", 7, 3.5, bind).connect(Factory.forProtocol(Recorder::new));
        assertEquals(3.5, tcp.tcpClients().get(0).timeout());
        assertEquals(bind, tcp.tcpClients().get(0).bindAddress());
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
        tcp.tcpClients().get(0).factory().doStop();
        assertEquals(1, counts[1]);
    }
}
