package io.twisted.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twisted.internet.Factory;
import io.twisted.internet.ListeningPort;
import io.twisted.internet.Protocol;
import io.twisted.internet.defer.Deferred;
import io.twisted.internet.endpoints.TCP4ServerEndpoint;
import io.twisted.internet.error.CannotListenError;
import io.twisted.testing.MemoryReactor;
import org.junit.jupiter.api.Test;

/** StreamServerEndpointService: listens when started, stops listening when stopped, failure handling. */
class StreamServerEndpointServiceTest {

    static final class Nothing extends Protocol {
    }

    private final MemoryReactor tcp = new MemoryReactor();
    private final Factory factory = Factory.forProtocol(Nothing::new);

    @Test
    void listensWhenStartedAndStopsListeningWhenStopped() {
        var svc = new StreamServerEndpointService(new TCP4ServerEndpoint(tcp, 8080, 50, "127.0.0.1"), factory);
        assertTrue(tcp.tcpServers().isEmpty());
        svc.startService();
        assertEquals(1, tcp.tcpServers().size());
        MemoryReactor.TcpServer l = tcp.tcpServers().get(0);
        assertEquals(8080, l.port());
        assertSame(factory, l.factory());
        assertSame(l.listeningPort(), svc.port());
        Deferred<Void> stopped = svc.stopService();
        assertTrue(stopped.isCalled());
        assertFalse(l.listeningPort().isListening());
        assertEquals(1, l.listeningPort().stopCount());
        assertNull(svc.port());
        assertFalse(svc.isRunning());
    }

    @Test
    void privilegedStartListensOnce() {
        var svc = new StreamServerEndpointService(new TCP4ServerEndpoint(tcp, 1), factory);
        svc.privilegedStartService();
        svc.startService();
        assertEquals(1, tcp.tcpServers().size());
    }

    @Test
    void canBeRestarted() {
        var svc = new StreamServerEndpointService(new TCP4ServerEndpoint(tcp, 1), factory);
        svc.startService();
        svc.stopService();
        svc.startService();
        assertEquals(2, tcp.tcpServers().size());
    }

    @Test
    void stoppingCancelsAListenInProgress() {
        Deferred<ListeningPort> pending = new Deferred<>();
        var svc = new StreamServerEndpointService(f -> pending, factory);
        svc.startService();
        Deferred<Void> stopped = svc.stopService();
        assertTrue(stopped.isCalled());
        assertNull(stopped.currentResult());
    }

    @Test
    void raiseSynchronouslyThrowsListenFailure() {
        tcp.listenTCP(80, factory, 50, ""); // the port is in use
        var svc = new StreamServerEndpointService(new TCP4ServerEndpoint(tcp, 80), factory).setRaiseSynchronously(true);
        CannotListenError e = assertThrows(CannotListenError.class, svc::privilegedStartService);
        assertTrue(e.getMessage().contains("80"));
    }

    @Test
    void listenFailureIsLoggedNotThrownByDefault() {
        tcp.listenTCP(80, factory, 50, ""); // the port is in use
        var svc = new StreamServerEndpointService(new TCP4ServerEndpoint(tcp, 80), factory);
        svc.startService();
        assertNull(svc.port());
        assertTrue(svc.stopService().isCalled());
    }

    @Test
    void stopBeforeStartIsHarmless() {
        var svc = new StreamServerEndpointService(new TCP4ServerEndpoint(tcp, 1), factory);
        assertNull(svc.stopService());
    }
}
