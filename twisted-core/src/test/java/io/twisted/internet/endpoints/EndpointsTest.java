package io.twisted.internet.endpoints;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twisted.internet.Factory;
import io.twisted.internet.ListeningPort;
import io.twisted.internet.Protocol;
import io.twisted.internet.Reactor;
import io.twisted.internet.defer.Deferred;
import io.twisted.internet.defer.Failure;
import io.twisted.internet.error.CannotListenError;
import io.twisted.testing.MemoryReactor;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code serverFromString}/{@code clientFromString} for tcp and tcp6: every example string of
 * Twisted's endpoint documentation for these types, the positional forms its parsers accept, and
 * malformed descriptions (each error naming the bad part). Parsers are found with ServiceLoader
 * from this module's META-INF/services.
 */
class EndpointsTest {

    static final class Nothing extends Protocol {
    }

    private final MemoryReactor reactor = new MemoryReactor();

    private MemoryReactor.TcpServer listen(String description) {
        ServerEndpoint ep = Endpoints.serverFromString(reactor, description);
        Deferred<ListeningPort> d = ep.listen(Factory.forProtocol(Nothing::new));
        MemoryReactor.TcpServer s = reactor.tcpServers().get(reactor.tcpServers().size() - 1);
        assertSame(s.listeningPort(), d.currentResult());
        s.listeningPort().stopListening(); // the next description may listen on the same port
        return s;
    }

    private static void assertListen(MemoryReactor.TcpServer l, int port, String iface, int backlog) {
        assertEquals(port, l.port(), "port");
        assertEquals(iface, l.iface(), "interface");
        assertEquals(backlog, l.backlog(), "backlog");
    }

    private String serverError(String description) {
        return assertThrows(IllegalArgumentException.class, () -> Endpoints.serverFromString(reactor, description),
                description).getMessage();
    }

    private String clientError(String description) {
        return assertThrows(IllegalArgumentException.class, () -> Endpoints.clientFromString(reactor, description),
                description).getMessage();
    }

    private static void assertContains(String expected, String actual) {
        assertTrue(actual.contains(expected), "expected \"" + expected + "\" in: " + actual);
    }

    // ------------------------------------------------------------------ tcp servers

    @Test
    void tcpServerFromDocumentationExamples() {
        assertListen(listen("tcp:80"), 80, "", 50);
        assertListen(listen("tcp:8080"), 8080, "", 50);
        assertListen(listen("tcp:80:interface=127.0.0.1"), 80, "127.0.0.1", 50);
        assertListen(listen("tcp:port=80:interface=192.168.1.1"), 80, "192.168.1.1", 50);
        assertListen(listen("tcp:port=8080:interface=127.0.0.1:backlog=50"), 8080, "127.0.0.1", 50);
        assertListen(listen("tcp:8080:backlog=10"), 8080, "", 10);
    }

    @Test
    void tcpServerTakesPortInterfaceBacklogPositionally() {
        assertListen(listen("tcp:8080:127.0.0.1:7"), 8080, "127.0.0.1", 7);
        assertListen(listen("tcp:8080:127.0.0.1"), 8080, "127.0.0.1", 50);
    }

    @Test
    void tcpServerPortZeroLetsTheSystemChoose() {
        assertListen(listen("tcp:0:interface=127.0.0.1"), 0, "127.0.0.1", 50);
    }

    @Test
    void typeIsCaseInsensitive() {
        assertListen(listen("TCP:81"), 81, "", 50);
        assertListen(listen("Tcp6:82"), 82, "::", 50);
    }

    @Test
    void tcpServerEndpointIsTcp4() {
        ServerEndpoint ep = Endpoints.serverFromString(reactor, "tcp:8080");
        assertSame(TCP4ServerEndpoint.class, ep.getClass());
    }

    // ------------------------------------------------------------------ tcp6 servers

    @Test
    void tcp6ServerFromDocumentationExamples() {
        assertListen(listen("tcp6:8080:interface=\\:\\:1"), 8080, "::1", 50);
        assertListen(listen("tcp6:port=443:interface=\\:\\:1"), 443, "::1", 50);
        assertListen(listen("tcp6:port=80:interface=2001\\:0DB8\\:f00e\\:eb00\\:\\:1"), 80, "2001:0DB8:f00e:eb00::1", 50);
        assertListen(listen("tcp6:8080"), 8080, "::", 50);
        assertInstanceOf(TCP6ServerEndpoint.class, Endpoints.serverFromString(reactor, "tcp6:8080"));
    }

    @Test
    void tcp6ServerTakesPortBacklogInterfacePositionally() {
        // Twisted's _TCP6ServerParser: parseStreamServer(reactor, port, backlog=50, interface="::")
        assertListen(listen("tcp6:8080:5:\\:\\:1"), 8080, "::1", 5);
    }

    // ------------------------------------------------------------------ malformed servers

    @Test
    void unknownTypeIsNamed() {
        String m = serverError("tpc:8080");
        assertContains("unknown endpoint type 'tpc'", m);
        assertContains("tcp", m);
        assertContains("unknown endpoint type 'tpc'", clientError("tpc:host=a:port=1"));
    }

    @Test
    void bareNumberSuggestsTcp() {
        assertContains("did you mean \"tcp:8080\"", serverError("8080"));
    }

    @Test
    void unknownTypeListsEveryRegisteredType() {
        assertContains("(known types: ssl, tcp, tcp6, unix)", serverError("quic:443"));
        assertContains("(known types: ssl, tcp, tcp6, tls, unix)", clientError("quic:example.com:443"));
    }

    @Test
    void nonNumericPortIsNamed() {
        assertContains("tcp: port 'abc' is not a number", serverError("tcp:abc"));
        assertContains("tcp: port '' is not a number", serverError("tcp:"));
        assertContains("tcp: port '-1' is not a number", serverError("tcp:-1"));
        assertContains("tcp: port ' 80' is not a number", serverError("tcp: 80"));
        assertContains("tcp6: port 'x' is not a number", serverError("tcp6:x"));
    }

    @Test
    void portOutOfRangeIsNamed() {
        assertContains("tcp: port 65536 is out of range 0-65535", serverError("tcp:65536"));
        assertContains("tcp: port 99999999 is out of range", serverError("tcp:99999999"));
        assertContains("tcp: port '9999999999' is not a number", serverError("tcp:9999999999"));
    }

    @Test
    void missingPortIsNamed() {
        assertContains("tcp: missing port", serverError("tcp"));
        assertContains("tcp: missing port", serverError("tcp:interface=127.0.0.1"));
    }

    @Test
    void unknownParameterIsNamed() {
        assertContains("tcp: unknown parameter 'interfce'", serverError("tcp:80:interfce=127.0.0.1"));
        assertContains("tcp6: unknown parameter 'host'", serverError("tcp6:80:host=x"));
    }

    @Test
    void tooManyPositionalArgumentsAreNamed() {
        assertContains("tcp: too many positional arguments", serverError("tcp:80:127.0.0.1:50:extra"));
    }

    @Test
    void parameterGivenTwiceIsNamed() {
        assertContains("tcp: parameter 'port' given twice", serverError("tcp:80:port=81"));
    }

    @Test
    void badBacklogIsNamed() {
        assertContains("tcp: backlog 'many' is not a number", serverError("tcp:80:backlog=many"));
        assertContains("tcp: backlog 0 is out of range", serverError("tcp:80:backlog=0"));
    }

    @Test
    void listenFailureFailsTheDeferred() {
        reactor.listenTCP(8080, Factory.forProtocol(Nothing::new), 50, ""); // the port is in use
        Deferred<ListeningPort> d = Endpoints.serverFromString(reactor, "tcp:8080").listen(Factory.forProtocol(Nothing::new));
        Failure f = (Failure) d.currentResult();
        assertInstanceOf(CannotListenError.class, f.value());
        d.addErrback(x -> null);
    }

    // ------------------------------------------------------------------ tcp clients

    private MemoryReactor.TcpClient connect(String description) {
        ClientEndpoint ep = Endpoints.clientFromString(reactor, description);
        ep.connect(Factory.forProtocol(Nothing::new));
        return reactor.tcpClients().get(reactor.tcpClients().size() - 1);
    }

    @Test
    void tcpClientFromDocumentationExamples() {
        MemoryReactor.TcpClient c = connect("tcp:host=twistedmatrix.com:port=80:timeout=15");
        assertEquals("twistedmatrix.com", c.host());
        assertEquals(80, c.port());
        assertEquals(15.0, c.timeout());
        assertNull(c.bindAddress());

        c = connect("tcp:www.example.com:80");
        assertEquals("www.example.com", c.host());
        assertEquals(80, c.port());
        assertEquals(30.0, c.timeout());

        c = connect("tcp:host=www.example.com:port=80:timeout=10:bindAddress=127.0.0.2");
        assertEquals(10.0, c.timeout());
        assertEquals(new InetSocketAddress("127.0.0.2", 0), c.bindAddress());
    }

    @Test
    void tcpClientSinglePositionalIsPortWhenHostIsNamed() {
        MemoryReactor.TcpClient c = connect("tcp:8080:host=example.com");
        assertEquals("example.com", c.host());
        assertEquals(8080, c.port());
        c = connect("tcp:example.com:port=8081");
        assertEquals("example.com", c.host());
        assertEquals(8081, c.port());
    }

    @Test
    void tcpClientTimeoutMayHaveAFraction() {
        assertEquals(2.5, connect("tcp:h:1:timeout=2.5").timeout());
    }

    @Test
    void tcp6ClientTakesEscapedAddress() {
        MemoryReactor.TcpClient c = connect("tcp6:host=\\:\\:1:port=80");
        assertEquals("::1", c.host());
        assertEquals(80, c.port());
        assertInstanceOf(TCP6ClientEndpoint.class, Endpoints.clientFromString(reactor, "tcp6:\\:\\:1:80"));
        assertEquals("::1", connect("tcp6:[\\:\\:1]:80").host());
    }

    @Test
    void malformedClientsNameTheBadPart() {
        assertContains("tcp: missing port", clientError("tcp:example.com"));
        assertContains("tcp: missing host", clientError("tcp:port=80"));
        assertContains("tcp: port 'http' is not a number", clientError("tcp:example.com:http"));
        assertContains("tcp: port 0 is out of range 1-65535", clientError("tcp:example.com:0"));
        assertContains("tcp: timeout 'soon' is not a number", clientError("tcp:example.com:80:timeout=soon"));
        assertContains("tcp: timeout must be positive, not 0", clientError("tcp:example.com:80:timeout=0"));
        assertContains("tcp: timeout '-1' is not a number", clientError("tcp:example.com:80:timeout=-1"));
        assertContains("tcp: unknown parameter 'interface'", clientError("tcp:example.com:80:interface=x"));
        assertContains("tcp: too many positional arguments", clientError("tcp:a:1:2"));
        assertContains("tcp: host is empty", clientError("tcp::80"));
        assertContains("tcp: parameter 'host' given twice", clientError("tcp:a:80:host=b"));
    }

    // ------------------------------------------------------------------ plugins

    @Test
    void explicitParsersAddTypes() {
        ServerEndpointParser custom = new ServerEndpointParser() {
            @Override
            public String prefix() {
                return "fake";
            }

            @Override
            public ServerEndpoint parseServer(Reactor r, List<String> args, Map<String, String> kwargs) {
                assertEquals(List.of("a:b"), args);
                assertEquals(Map.of("k", "v=w"), kwargs);
                return f -> Deferred.succeed(null);
            }
        };
        ServerEndpoint ep = Endpoints.serverFromString(reactor, "FAKE:a\\:b:k=v=w", List.of(custom));
        assertNull(ep.listen(Factory.forProtocol(Nothing::new)).currentResult());
        assertContains("known types: fake", assertThrows(IllegalArgumentException.class,
                () -> Endpoints.serverFromString(reactor, "tcp:80", List.of(custom))).getMessage());
    }

    @Test
    void serviceLoaderFindsTcpAndTcp6() {
        assertTrue(Endpoints.serverTypes().containsAll(List.of("tcp", "tcp6")), Endpoints.serverTypes().toString());
    }
}
