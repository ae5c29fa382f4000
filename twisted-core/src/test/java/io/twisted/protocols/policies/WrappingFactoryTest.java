package io.twisted.protocols.policies;

import static io.twisted.protocols.policies.PolicyFixtures.ascii;
import static io.twisted.protocols.policies.PolicyFixtures.connect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twisted.internet.ClientFactory;
import io.twisted.internet.Connector;
import io.twisted.internet.Factory;
import io.twisted.internet.Protocol;
import io.twisted.internet.PushProducer;
import io.twisted.internet.defer.Failure;
import io.twisted.internet.error.ConnectionRefusedError;
import io.twisted.protocols.basic.LineReceiver;
import io.twisted.protocols.policies.PolicyFixtures.RecordingProtocol;
import io.twisted.protocols.policies.PolicyFixtures.TlsCapableTransport;
import io.twisted.testing.Chunkings;
import io.twisted.testing.StringTransport;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** WrappingFactory and the ProtocolWrapper it puts around each connection. */
class WrappingFactoryTest {

    private static final SocketAddress PEER = InetSocketAddress.createUnresolved("192.0.2.1", 1234);

    private final List<RecordingProtocol> built = new ArrayList<>();
    private final Factory inner = Factory.forProtocol(() -> {
        RecordingProtocol p = new RecordingProtocol();
        built.add(p);
        return p;
    });
    private final WrappingFactory factory = new WrappingFactory(inner);

    @Test
    void wrapsEachProtocolAndPassesDataBothWays() {
        ProtocolWrapper wrapper = (ProtocolWrapper) factory.buildProtocol(PEER);
        TlsCapableTransport transport = connect(wrapper);
        RecordingProtocol wrapped = built.get(0);
        assertSame(wrapped, wrapper.wrappedProtocol());
        assertSame(wrapper, wrapped.transport());
        wrapper.dataReceived(ascii("hello"));
        assertEquals(List.of("made", "data:hello"), wrapped.events);
        assertEquals("hello", transport.valueAsString());
        assertEquals(transport.getPeer(), wrapped.transport().getPeer());
        assertEquals(transport.getHost(), wrapped.transport().getHost());
    }

    @Test
    void tracksLiveConnectionsAndTellsTheWrappedProtocolWhenLost() {
        ProtocolWrapper first = (ProtocolWrapper) factory.buildProtocol(PEER);
        ProtocolWrapper second = (ProtocolWrapper) factory.buildProtocol(PEER);
        TlsCapableTransport t1 = connect(first);
        connect(second);
        assertEquals(List.of(first, second), new ArrayList<>(factory.protocols()));
        built.get(0).transport().loseConnection();
        assertTrue(t1.isDisconnecting());
        assertEquals(List.of(second), new ArrayList<>(factory.protocols()));
        assertEquals(List.of("made", "lost:ConnectionDone"), built.get(0).events);
        assertFalse(built.get(0).isConnected());
    }

    @Test
    void refusesWhenTheWrappedFactoryRefuses() {
        WrappingFactory refusing = new WrappingFactory(Factory.forProtocol(() -> null));
        assertNull(refusing.buildProtocol(PEER));
    }

    @Test
    void startsAndStopsTheWrappedFactory() {
        List<String> calls = new ArrayList<>();
        Factory watched = new Factory(RecordingProtocol::new) {
            @Override
            public void startFactory() {
                calls.add("start");
            }

            @Override
            public void stopFactory() {
                calls.add("stop");
            }
        };
        WrappingFactory w = new WrappingFactory(watched);
        w.doStart();
        w.doStop();
        assertEquals(List.of("start", "stop"), calls);
    }

    @Test
    void passesClientCallbacksToAWrappedClientFactory() {
        List<String> calls = new ArrayList<>();
        ClientFactory client = new ClientFactory(RecordingProtocol::new) {
            @Override
            public void startedConnecting(Connector connector) {
                calls.add("started");
            }

            @Override
            public void clientConnectionFailed(Connector connector, Failure reason) {
                calls.add("failed:" + reason.value().getClass().getSimpleName());
            }

            @Override
            public void clientConnectionLost(Connector connector, Failure reason) {
                calls.add("lost");
            }
        };
        WrappingFactory w = new WrappingFactory(client);
        w.startedConnecting(null);
        w.clientConnectionFailed(null, new Failure(new ConnectionRefusedError()));
        w.clientConnectionLost(null, new Failure(new ConnectionRefusedError()));
        assertEquals(List.of("started", "failed:ConnectionRefusedError", "lost"), calls);
    }

    @Test
    void passesProducersPausingAndHalfCloseThrough() {
        ProtocolWrapper wrapper = (ProtocolWrapper) factory.buildProtocol(PEER);
        TlsCapableTransport transport = connect(wrapper);
        RecordingProtocol wrapped = built.get(0);
        PushProducer producer = new PushProducer() {
            @Override
            public void pauseProducing() {
            }

            @Override
            public void resumeProducing() {
            }

            @Override
            public void stopProducing() {
            }
        };
        wrapped.transport().registerProducer(producer, true);
        assertSame(producer, transport.producer());
        wrapped.transport().unregisterProducer();
        assertNull(transport.producer());
        ((PushProducer) wrapped.transport()).pauseProducing();
        assertEquals(StringTransport.ProducerState.PAUSED, transport.producerState());
        ((PushProducer) wrapped.transport()).resumeProducing();
        assertEquals(StringTransport.ProducerState.PRODUCING, transport.producerState());
        wrapped.transport().loseWriteConnection();
        assertTrue(transport.isWriteConnectionLost());
        wrapper.readConnectionLost();
        wrapper.writeConnectionLost();
        assertEquals(List.of("made", "readLost", "writeLost"), wrapped.events);
        wrapped.transport().unreadData(ascii("again"));
        assertEquals("again", new String(transport.unreadValue(), StandardCharsets.US_ASCII));
    }

    @Test
    void closesOnEndOfInputWhenTheWrappedProtocolCannotHalfClose() {
        ProtocolWrapper wrapper = new ProtocolWrapper(null, new Protocol() { });
        TlsCapableTransport transport = connect(wrapper);
        wrapper.readConnectionLost();
        assertTrue(transport.isDisconnecting());
    }

    @Test
    void abortPassesThrough() {
        ProtocolWrapper wrapper = (ProtocolWrapper) factory.buildProtocol(PEER);
        TlsCapableTransport transport = connect(wrapper);
        built.get(0).transport().abortConnection();
        assertTrue(transport.isAborted());
        assertEquals(List.of("made", "lost:ConnectionAborted"), built.get(0).events);
    }

    /** A STARTTLS line protocol: after the switch, its bytes must reach the TLS layer unparsed. */
    static final class StartTlsLines extends LineReceiver {
        final List<String> lines = new ArrayList<>();

        @Override
        protected void lineReceived(byte[] line) {
            lines.add(ascii(line));
            if (ascii(line).equals("STARTTLS")) {
                sendLine("220 ready");
                transport.startTLS(null);
            }
        }
    }

    @Test
    void startTlsThroughTheWrapperHandsTheRestToTheTlsLayer() {
        byte[] input = "STARTTLS\r\nEVIL\r\n".getBytes(StandardCharsets.US_ASCII);
        for (Chunkings.Chunking chunking : Chunkings.of(input)) {
            StartTlsLines lines = new StartTlsLines();
            ProtocolWrapper wrapper = new ProtocolWrapper(null, lines);
            TlsCapableTransport transport = connect(wrapper);
            Object plainView = lines.transport();
            StringBuilder later = new StringBuilder();
            chunking.forEach(b -> {
                if (wrapper.transport() == transport) {
                    wrapper.dataReceived(b);
                } else {
                    byte[] a = new byte[b.remaining()];
                    b.get(a);
                    later.append(new String(a, StandardCharsets.US_ASCII));
                }
            });
            assertEquals(List.of("STARTTLS"), lines.lines, chunking.name());
            assertNotSame(plainView, lines.transport());
            assertSame(transport.tls, wrapper.transport());
            assertEquals("EVIL\r\n", new String(transport.tls.unreadValue(), StandardCharsets.US_ASCII) + later,
                    chunking.name());
            assertEquals("220 ready\r\n", transport.valueAsString());
            lines.sendLine("after");
            assertEquals("after\r\n", transport.tls.valueAsString());
        }
    }

    @Test
    void startTlsWithTheRealTlsLayerThroughWrappersOnBothSides() {
        for (int chunkSize : new int[] {1, 5, 64 * 1024}) {
            io.twisted.protocols.basic.StartTlsLoopback.Server server = new io.twisted.protocols.basic.StartTlsLoopback.Server();
            io.twisted.protocols.basic.StartTlsLoopback.Client client = new io.twisted.protocols.basic.StartTlsLoopback.Client();
            io.twisted.testing.LoopbackPump pump = io.twisted.testing.LoopbackPump.builder().chunkSize(chunkSize)
                    .maxSteps(1_000_000)
                    .connect(new ProtocolWrapper(null, server), new TimeoutProtocol(null, client,
                            new io.twisted.internet.task.Clock(), 60.0));
            client.sendLine("STARTTLS");
            pump.pump();
            assertEquals(List.of("STARTTLS", "EHLO secure"), server.lines, "chunk size " + chunkSize);
            assertEquals(List.of("220 go ahead", "250 EHLO secure"), client.lines, "chunk size " + chunkSize);
        }
    }
}
