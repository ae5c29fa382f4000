package io.twisted.twist.portforward;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twisted.internet.Protocol;
import io.twisted.testing.AccumulatingProtocol;
import io.twisted.testing.FakeTransport;
import io.twisted.testing.LoopbackPump;
import io.twisted.testing.MemoryReactor;
import java.nio.ByteBuffer;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The forwarder between two in-memory connections (MemoryReactor + LoopbackPump, no sockets): a
 * client talks through the proxy to an echo server; bytes arrive exact for several chunk sizes; a
 * destination that stops reading pauses the client side (bounded queues); closes propagate.
 */
class PortForwardLoopbackTest {

    static final class Echo extends Protocol {
        @Override
        public void dataReceived(ByteBuffer data) {
            transport.write(data);
        }
    }

    private final MemoryReactor reactor = new MemoryReactor();
    private final ProxyFactory factory = new ProxyFactory(reactor, "dest.example", 7);
    private final AccumulatingProtocol client = new AccumulatingProtocol();
    private final Echo echo = new Echo();
    private LoopbackPump front; // client <-> ProxyServer
    private LoopbackPump back;  // ProxyClient <-> echo server

    private void connect(int chunkSize) {
        front = LoopbackPump.builder().chunkSize(chunkSize).connect(factory.buildProtocol(null), client);
        assertEquals(1, reactor.tcpClients().size());
        assertEquals("dest.example", reactor.tcpClients().get(0).host());
        Protocol proxyClient = reactor.tcpClients().get(0).factory().buildProtocol(null);
        back = LoopbackPump.builder().chunkSize(chunkSize).connect(echo, proxyClient);
    }

    /** Pumps both connections until neither moves. */
    private void pumpAll() {
        boolean moved = true;
        for (int i = 0; moved && i < 100_000; i++) {
            moved = front.flush() | back.flush();
        }
    }

    @Test
    void relaysByteExactWithEveryChunkSize() {
        byte[] data = new byte[200_000];
        new Random(6666).nextBytes(data);
        for (int chunk : new int[] {1, 1000, 65536}) {
            MemoryReactor r = new MemoryReactor();
            ProxyFactory f = new ProxyFactory(r, "dest", 7);
            AccumulatingProtocol c = new AccumulatingProtocol();
            LoopbackPump a = LoopbackPump.builder().chunkSize(chunk).connect(f.buildProtocol(null), c);
            LoopbackPump b = LoopbackPump.builder().chunkSize(chunk).connect(new Echo(), r.tcpClients().get(0).factory().buildProtocol(null));
            c.transport().write(data);
            boolean moved = true;
            while (moved) {
                moved = a.flush() | b.flush();
            }
            assertArrayEquals(data, c.value(), "chunk size " + chunk);
        }
    }

    @Test
    void stalledDestinationPausesTheClientSide() {
        connect(4096);
        FakeTransport destination = back.serverTransport();
        FakeTransport towardsDestination = back.clientTransport();
        FakeTransport acceptedSide = front.serverTransport();
        destination.pauseProducing(); // the destination stops reading
        byte[] data = new byte[1 << 20];
        new Random(1).nextBytes(data);
        client.transport().write(data);
        pumpAll();
        assertTrue(acceptedSide.isReadingPaused(), "the accepted side should stop reading");
        assertTrue(towardsDestination.queuedBytes() <= FakeTransport.DEFAULT_HIGH_WATERMARK + 4096,
                "queued towards the destination: " + towardsDestination.queuedBytes());
        assertTrue(front.clientTransport().queuedBytes() > 0, "the rest waits at the client");

        destination.resumeProducing();
        pumpAll();
        assertArrayEquals(data, client.value());
        assertFalse(acceptedSide.isReadingPaused());
    }

    @Test
    void clientCloseClosesTheDestinationConnection() {
        connect(1024);
        client.transport().write(new byte[] {1, 2, 3});
        pumpAll();
        client.transport().loseConnection();
        pumpAll();
        assertTrue(front.isClosed());
        assertTrue(back.isClosed());
        assertFalse(echo.isConnected());
    }

    @Test
    void destinationCloseClosesTheClientConnection() {
        connect(1024);
        client.transport().write(new byte[] {1, 2, 3});
        pumpAll();
        echo.transport().loseConnection();
        pumpAll();
        assertTrue(back.isClosed());
        assertTrue(front.isClosed());
        assertTrue(client.isLost());
        assertArrayEquals(new byte[] {1, 2, 3}, client.value());
    }
}
