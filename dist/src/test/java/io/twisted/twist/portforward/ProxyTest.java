package io.twisted.twist.portforward;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twisted.internet.Protocol;
import io.twisted.internet.defer.Failure;
import io.twisted.internet.error.ConnectionDone;
import io.twisted.internet.error.ConnectionLost;
import io.twisted.internet.error.ConnectionRefusedError;
import io.twisted.testing.MemoryConnector;
import io.twisted.testing.MemoryReactor;
import io.twisted.testing.StringTransport;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The port forwarder in memory: the accepted side waits for the destination, data is relayed both
 * ways byte-exact whatever the chunking, each transport is the other's push producer, and a close on
 * either side closes the other.
 */
class ProxyTest {

    private final MemoryReactor reactor = new MemoryReactor();
    private final ProxyFactory factory = new ProxyFactory(reactor, "dest.example", 6665);
    private final StringTransport serverTransport = new StringTransport();
    private final StringTransport clientTransport = new StringTransport();

    private ProxyServer accept() {
        ProxyServer server = (ProxyServer) factory.buildProtocol(InetSocketAddress.createUnresolved("peer", 1));
        server.makeConnection(serverTransport);
        return server;
    }

    /** The last connection attempt to the destination. */
    private MemoryReactor.TcpClient destination() {
        return reactor.tcpClients().get(reactor.tcpClients().size() - 1);
    }

    private ProxyClient connectDestination() {
        MemoryReactor.TcpClient c = destination();
        ProxyClient client = (ProxyClient) c.factory().buildProtocol(c.connector().getDestination());
        client.makeConnection(clientTransport);
        return client;
    }

    @Test
    void acceptedSideStopsReadingUntilTheDestinationIsConnected() {
        accept();
        assertEquals(StringTransport.ProducerState.PAUSED, serverTransport.producerState());
        assertEquals(1, reactor.tcpClients().size());
        assertEquals("dest.example", reactor.tcpClients().get(0).host());
        assertEquals(6665, reactor.tcpClients().get(0).port());
        connectDestination();
        assertEquals(StringTransport.ProducerState.PRODUCING, serverTransport.producerState());
    }

    @Test
    void eachTransportIsTheOthersPushProducer() {
        accept();
        connectDestination();
        assertSame(clientTransport, serverTransport.producer());
        assertTrue(serverTransport.isStreaming());
        assertSame(serverTransport, clientTransport.producer());
        assertTrue(clientTransport.isStreaming());
    }

    @Test
    void relaysBothWaysByteExactWithEveryChunking() {
        byte[] up = new byte[3000];
        byte[] down = new byte[2000];
        new Random(862).nextBytes(up);
        new Random(863).nextBytes(down);
        for (int chunk : new int[] {1, 7, 1000, 5000}) {
            serverTransport.clear();
            clientTransport.clear();
            ProxyServer server = accept();
            ProxyClient client = connectDestination();
            feed(server, up, chunk);
            feed(client, down, chunk);
            assertArrayEquals(up, clientTransport.value(), "client->destination, chunk " + chunk);
            assertArrayEquals(down, serverTransport.value(), "destination->client, chunk " + chunk);
            serverTransport.unregisterProducer();
            clientTransport.unregisterProducer();
        }
    }

    private static void feed(Protocol p, byte[] data, int chunk) {
        for (int i = 0; i < data.length; i += chunk) {
            p.dataReceived(ByteBuffer.wrap(data, i, Math.min(chunk, data.length - i)));
        }
    }

    @Test
    void destinationCloseClosesTheAcceptedSide() {
        ProxyServer server = accept();
        ProxyClient client = connectDestination();
        client.disconnect(new Failure(new ConnectionDone()));
        assertTrue(serverTransport.isDisconnecting());
        assertFalse(serverTransport.isAborted());
        assertNull(serverTransport.producer());
        assertNull(server.peer());
        // The accepted side's own close later does not touch the gone destination.
        server.disconnect(new Failure(new ConnectionDone()));
        assertFalse(clientTransport.isDisconnecting());
    }

    @Test
    void clientCloseClosesTheDestinationSide() {
        ProxyServer server = accept();
        connectDestination();
        server.disconnect(new Failure(new ConnectionLost()));
        assertTrue(clientTransport.isDisconnecting());
        assertNull(clientTransport.producer());
    }

    @Test
    void unreachableDestinationDropsTheAcceptedConnection() {
        accept();
        destination().connector().fail(new ConnectionRefusedError());
        assertTrue(serverTransport.isDisconnecting());
    }

    @Test
    void clientGoneWhileConnectingStopsTheAttempt() {
        ProxyServer server = accept();
        server.disconnect(new Failure(new ConnectionDone()));
        assertEquals(List.of(MemoryConnector.Action.STOP_CONNECTING), destination().connector().actions());
        assertFalse(serverTransport.isDisconnecting(), "a gone transport is not closed again");
    }

    @Test
    void destinationConnectingAfterTheClientLeftIsClosed() {
        ProxyServer server = accept();
        server.disconnect(new Failure(new ConnectionDone()));
        connectDestination();
        assertTrue(clientTransport.isDisconnecting());
        assertNull(serverTransport.producer());
    }
}
