package io.twisted.internet.endpoints;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twisted.internet.Factory;
import io.twisted.internet.Protocol;
import io.twisted.internet.defer.CancelledError;
import io.twisted.internet.defer.Deferred;
import io.twisted.internet.defer.Failure;
import io.twisted.internet.error.ConnectionRefusedError;
import io.twisted.internet.error.DNSLookupError;
import io.twisted.testing.MemoryConnector;
import io.twisted.testing.MemoryReactor;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * RFC 8305 "Happy Eyeballs" in {@link HostnameEndpoint}, deterministically: a {@link MemoryReactor}
 * (its clock and recorded connectors) and a resolver whose answer the test gives.
 */
class HostnameEndpointTest {

    static final class Client extends Protocol {
    }

    private final MemoryReactor reactor = new MemoryReactor();
    private final List<String> resolved = new ArrayList<>();
    private Deferred<List<InetAddress>> answer = new Deferred<>();
    private int built;

    private HostnameEndpoint endpoint() {
        return new HostnameEndpoint(reactor, "example.com", 443, 10, null).withResolver(host -> {
            resolved.add(host);
            return answer;
        });
    }

    private Deferred<Protocol> connect(HostnameEndpoint ep) {
        return ep.connect(Factory.forProtocol(() -> {
            built++;
            return new Client();
        }));
    }

    private static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private List<String> attemptedHosts() {
        List<String> hosts = new ArrayList<>();
        for (MemoryReactor.TcpClient c : reactor.tcpClients()) {
            hosts.add(c.host());
        }
        return hosts;
    }

    private MemoryConnector attempt(int i) {
        return reactor.tcpClients().get(i).connector();
    }

    @Test
    void interleavesFamiliesStartingWithTheFirstAnswersFamily() {
        List<InetAddress> in = List.of(ip("2001:db8::1"), ip("2001:db8::2"), ip("2001:db8::3"), ip("192.0.2.1"));
        List<InetAddress> out = HostnameEndpoint.interleave(in);
        assertEquals(List.of(ip("2001:db8::1"), ip("192.0.2.1"), ip("2001:db8::2"), ip("2001:db8::3")), out);
        List<InetAddress> v4first = HostnameEndpoint.interleave(List.of(ip("192.0.2.1"), ip("192.0.2.2"), ip("2001:db8::1")));
        assertEquals(List.of(ip("192.0.2.1"), ip("2001:db8::1"), ip("192.0.2.2")), v4first);
        assertEquals(List.of(), HostnameEndpoint.interleave(List.of()));
    }

    @Test
    void resolvesThenStartsAttemptsOneDelayApartOnTheReactorClock() {
        Deferred<Protocol> d = connect(endpoint());
        assertEquals(List.of("example.com"), resolved);
        assertTrue(reactor.tcpClients().isEmpty(), "no attempt before the name is resolved");
        answer.callback(List.of(ip("2001:db8::1"), ip("2001:db8::2"), ip("192.0.2.1")));
        assertEquals(List.of("2001:db8:0:0:0:0:0:1"), attemptedHosts());
        assertEquals(443, reactor.tcpClients().get(0).port());
        assertEquals(10.0, reactor.tcpClients().get(0).timeout());
        reactor.advance(0.249);
        assertEquals(1, reactor.tcpClients().size(), "second attempt waits for the Connection Attempt Delay");
        reactor.advance(0.001);
        assertEquals(List.of("2001:db8:0:0:0:0:0:1", "192.0.2.1"), attemptedHosts());
        reactor.advance(0.25);
        assertEquals(List.of("2001:db8:0:0:0:0:0:1", "192.0.2.1", "2001:db8:0:0:0:0:0:2"), attemptedHosts());
        reactor.advance(10);
        assertFalse(d.isCalled() && d.currentResult() instanceof Protocol);
    }

    @Test
    void firstSuccessWinsAndTheOthersAreCancelled() {
        Deferred<Protocol> d = connect(endpoint());
        answer.callback(List.of(ip("2001:db8::1"), ip("192.0.2.1"), ip("2001:db8::2")));
        reactor.advance(0.25);
        assertEquals(2, reactor.tcpClients().size());
        attempt(1).succeed();
        assertInstanceOf(Client.class, d.currentResult());
        assertEquals(1, built);
        assertEquals(List.of(MemoryConnector.Action.STOP_CONNECTING), attempt(0).actions(), "the slower attempt is stopped");
        assertEquals(MemoryConnector.State.CONNECTED, attempt(1).state());
        reactor.advance(1);
        assertEquals(2, reactor.tcpClients().size(), "no attempt starts after the winner");
        assertTrue(reactor.getDelayedCalls().stream().noneMatch(c -> c.active() && c.toString().contains("startNextAttempt")));
    }

    @Test
    void aFailureStartsTheNextAttemptAtOnce() {
        Deferred<Protocol> d = connect(endpoint());
        answer.callback(List.of(ip("192.0.2.1"), ip("192.0.2.2")));
        assertEquals(1, reactor.tcpClients().size());
        attempt(0).fail(new ConnectionRefusedError("refused"));
        assertEquals(List.of("192.0.2.1", "192.0.2.2"), attemptedHosts(), "no wait when nothing is in progress");
        attempt(1).succeed();
        assertInstanceOf(Client.class, d.currentResult());
        reactor.advance(1);
        assertEquals(2, reactor.tcpClients().size());
    }

    @Test
    void aFailureWhileAnotherAttemptRunsWaitsForTheDelay() {
        connect(endpoint());
        answer.callback(List.of(ip("192.0.2.1"), ip("192.0.2.2"), ip("192.0.2.3")));
        reactor.advance(0.25);
        attempt(0).fail(new ConnectionRefusedError("refused"));
        assertEquals(2, reactor.tcpClients().size(), "attempt 2 still in progress: the third waits its turn");
        reactor.advance(0.25);
        assertEquals(3, reactor.tcpClients().size());
    }

    @Test
    void allFailingFailsWithTheLastFailure() {
        Deferred<Protocol> d = connect(endpoint());
        answer.callback(List.of(ip("192.0.2.1"), ip("2001:db8::1")));
        reactor.advance(0.25);
        attempt(0).fail(new ConnectionRefusedError("first"));
        assertFalse(d.isCalled());
        ConnectionRefusedError last = new ConnectionRefusedError("last");
        attempt(1).fail(last);
        Failure f = (Failure) d.currentResult();
        assertSame(last, f.value());
        assertEquals(0, built);
    }

    @Test
    void noAddressesIsADnsLookupError() {
        Deferred<Protocol> d = connect(endpoint());
        answer.callback(List.of());
        assertInstanceOf(DNSLookupError.class, ((Failure) d.currentResult()).value());
        assertTrue(reactor.tcpClients().isEmpty());
    }

    @Test
    void resolverFailureIsADnsLookupErrorNamingTheHost() {
        Deferred<Protocol> d = connect(endpoint());
        answer.errback(new UnknownHostException("example.com: Name or service not known"));
        Failure f = (Failure) d.currentResult();
        DNSLookupError e = assertInstanceOf(DNSLookupError.class, f.value());
        assertTrue(e.getMessage().contains("example.com"), e.getMessage());
        assertInstanceOf(UnknownHostException.class, e.getCause());
    }

    @Test
    void cancellingDuringResolutionCancelsTheResolution() {
        Deferred<Protocol> d = connect(endpoint());
        d.cancel();
        assertInstanceOf(CancelledError.class, ((Failure) d.currentResult()).value());
        assertTrue(answer.isCalled(), "the resolver's Deferred was cancelled");
        assertTrue(reactor.tcpClients().isEmpty());
    }

    @Test
    void cancellingStopsEveryAttemptAndTheTimer() {
        Deferred<Protocol> d = connect(endpoint());
        answer.callback(List.of(ip("192.0.2.1"), ip("192.0.2.2"), ip("192.0.2.3")));
        reactor.advance(0.25);
        d.cancel();
        assertInstanceOf(CancelledError.class, ((Failure) d.currentResult()).value());
        assertEquals(List.of(MemoryConnector.Action.STOP_CONNECTING), attempt(0).actions());
        assertEquals(List.of(MemoryConnector.Action.STOP_CONNECTING), attempt(1).actions());
        reactor.advance(5);
        assertEquals(2, reactor.tcpClients().size(), "the third attempt never starts");
        assertEquals(0, built);
    }

    @Test
    void attemptDelayIsConfigurable() {
        connect(endpoint().withAttemptDelay(1.5));
        answer.callback(List.of(ip("192.0.2.1"), ip("192.0.2.2")));
        reactor.advance(1.4);
        assertEquals(1, reactor.tcpClients().size());
        reactor.advance(0.1);
        assertEquals(2, reactor.tcpClients().size());
    }

    @Test
    void defaultResolverRunsInTheReactorThreadPool() {
        HostnameEndpoint ep = new HostnameEndpoint(reactor, "127.0.0.1", 80);
        assertEquals(HostnameEndpoint.DEFAULT_ATTEMPT_DELAY, ep.attemptDelay());
        Deferred<Protocol> d = connect(ep);
        assertTrue(reactor.tcpClients().isEmpty(), "resolution is queued on the pool, not done inline");
        reactor.runThreadWork();
        reactor.runPendingCalls();
        assertEquals(List.of("127.0.0.1"), attemptedHosts());
        attempt(0).succeed();
        assertInstanceOf(Client.class, d.currentResult());
    }

    @Test
    void rejectsBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> new HostnameEndpoint(reactor, "", 80));
        assertThrows(IllegalArgumentException.class, () -> new HostnameEndpoint(reactor, "h", 0));
        assertThrows(IllegalArgumentException.class, () -> new HostnameEndpoint(reactor, "h", 80, 0, null));
        assertThrows(IllegalArgumentException.class, () -> new HostnameEndpoint(reactor, "h", 80).withAttemptDelay(-1));
        assertNull(new HostnameEndpoint(reactor, "h", 80).bindAddress());
    }
}
