package io.twisted.names.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twisted.internet.defer.Deferred;
import io.twisted.internet.error.DNSLookupError;
import io.twisted.names.dns.DnsMessage;
import io.twisted.names.dns.DnsMessageCodec;
import io.twisted.names.dns.DnsType;
import io.twisted.names.server.DnsQueryHandler;
import io.twisted.names.server.DnsServerFactory;
import io.twisted.names.zone.Zone;
import io.twisted.testing.MemoryDatagramTransport;
import io.twisted.testing.MemoryReactor;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The stub resolver against our own server's query handler, in memory. */
class ClientResolverTest {

    static final String ZONE = """
            $ORIGIN example.com.
            $TTL 300
            @ SOA ns hm 1 2 3 4 5
              NS ns
              MX 10 mail
            ns A 192.0.2.53
            www A 192.0.2.1
            alias CNAME www
            big TXT "%1$s" "%1$s" "%1$s"
            big TXT "%2$s" "%2$s" "%2$s"
            big TXT "%3$s" "%3$s" "%3$s"
            """.formatted("x".repeat(200), "y".repeat(200), "z".repeat(200));

    private static final InetSocketAddress S1 = new InetSocketAddress("192.0.2.1", 53);
    private static final InetSocketAddress S2 = new InetSocketAddress("192.0.2.2", 53);

    private final MemoryReactor reactor = new MemoryReactor();
    private final DnsQueryHandler handler = new DnsQueryHandler(List.of(Zone.fromMasterText(ZONE, null)));
    private final ClientResolver resolver = new ClientResolver(reactor, List.of(S1, S2), List.of(1.0, 3.0, 11.0), new Random(7));

    private MemoryDatagramTransport lastPort() {
        List<MemoryReactor.UdpPort> ports = reactor.udpPorts();
        return ports.get(ports.size() - 1).transport();
    }

    /** Answers the query the last port sent, as {@code server}. */
    private void answer(InetSocketAddress server) {
        MemoryDatagramTransport port = lastPort();
        MemoryDatagramTransport.Datagram q = port.takeSent().get(0);
        assertEquals(server, q.address());
        for (byte[] reply : handler.handle(q.data(), false, port.getHost())) {
            port.deliver(ByteBuffer.wrap(reply), server);
        }
    }

    private static <T> T result(Deferred<T> d) {
        Object[] box = new Object[1];
        d.addBoth(r -> box[0] = r);
        return cast(box[0]);
    }

    private static Throwable failure(Deferred<?> d) {
        Object[] box = new Object[1];
        d.addBoth(r -> box[0] = r);
        return ((io.twisted.internet.defer.Failure) box[0]).value();
    }

    @SuppressWarnings("unchecked")
    private static <T> T cast(Object o) {
        return (T) o;
    }

    @Test
    void looksUpOverUdpWithEdnsAndClosesThePort() {
        Deferred<DnsResult> d = resolver.lookupMailExchange("example.com");
        MemoryDatagramTransport port = lastPort();
        DnsMessage q = DnsMessageCodec.decode(port.sent().get(0).data());
        assertTrue(q.isRecursionDesired());
        assertEquals(1232, q.edns().udpPayloadSize());
        answer(S1);
        DnsResult r = result(d);
        assertEquals("10 mail.example.com.", r.answers(DnsType.MX).get(0).rdata().toString());
        assertFalse(port.isListening());
        assertTrue(reactor.getDelayedCalls().isEmpty());
    }

    @Test
    void ignoresRepliesFromStrangersWithWrongIdsOrGarbage() {
        Deferred<DnsResult> d = resolver.lookupAddress("www.example.com");
        MemoryDatagramTransport port = lastPort();
        byte[] query = port.sent().get(0).data();
        byte[] reply = handler.handle(query, false, port.getHost()).get(0);
        port.deliver(ByteBuffer.wrap(reply), new InetSocketAddress("198.51.100.1", 53));   // wrong source
        byte[] wrongId = reply.clone();
        wrongId[0] ^= 1;
        port.deliver(ByteBuffer.wrap(wrongId), S1);
        port.deliver(ByteBuffer.wrap(new byte[] {1, 2, 3}), S1);
        assertFalse(d.isCalled());
        port.deliver(ByteBuffer.wrap(reply), S1);
        assertEquals("192.0.2.1", ((DnsResult) result(d)).answers().get(0).rdata().toString());
    }

    @Test
    void queryIdsVary() {
        resolver.lookupAddress("www.example.com");
        int first = DnsMessageCodec.decode(lastPort().sent().get(0).data()).id();
        resolver.lookupAddress("www.example.com");
        int second = DnsMessageCodec.decode(lastPort().sent().get(0).data()).id();
        assertNotEquals(first, second);
    }

    @Test
    void retriesTheNextServerAfterEachTimeoutThenFails() {
        Deferred<DnsResult> d = resolver.lookupAddress("www.example.com");
        assertEquals(S1, lastPort().sent().get(0).address());
        reactor.advance(1);
        assertEquals(S2, lastPort().sent().get(0).address());
        reactor.advance(3);
        assertEquals(S1, lastPort().sent().get(0).address());
        assertFalse(d.isCalled());
        reactor.advance(11);
        assertInstanceOf(DnsQueryTimeoutError.class, failure(d));
        assertEquals(3, reactor.udpPorts().size());
        assertTrue(reactor.udpPorts().stream().noneMatch(p -> p.transport().isListening()));
    }

    @Test
    void answerOnTheSecondAttempt() {
        Deferred<DnsResult> d = resolver.lookupAddress("alias.example.com");
        reactor.advance(1);
        answer(S2);
        DnsResult r = result(d);
        assertEquals(2, r.answers().size());
        assertEquals("192.0.2.1", r.answers(DnsType.A).get(0).rdata().toString());
    }

    @Test
    void errorRcodesBecomeErrors() {
        Deferred<DnsResult> nx = resolver.lookupAddress("nope.example.com");
        answer(S1);
        assertInstanceOf(DnsNameError.class, failure(nx));
        Deferred<DnsResult> refused = resolver.lookupAddress("www.example.org");
        answer(S1);
        DnsQueryError e = (DnsQueryError) failure(refused);
        assertEquals("REFUSED", e.rcode().toString());
        Deferred<String> host = resolver.getHostByName("nope.example.com");
        answer(S1);
        assertInstanceOf(DNSLookupError.class, failure(host));
    }

    @Test
    void truncatedAnswersAreAskedAgainOverTcp() {
        Deferred<DnsResult> d = resolver.lookupText("big.example.com");
        answer(S1);
        assertFalse(d.isCalled(), () -> String.valueOf(d.currentResult()));
        MemoryReactor.TcpClient tcp = reactor.tcpClients().get(0);
        assertEquals("192.0.2.1", tcp.host());
        assertEquals(53, tcp.port());
        tcp.connector().connectTo(new DnsServerFactory(handler, reactor)).pump();
        DnsResult r = result(d);
        assertEquals(3, r.answers().size());
    }

    @Test
    void getHostByNameGivesTheFirstAddress() {
        Deferred<String> d = resolver.getHostByName("alias.example.com");
        answer(S1);
        assertEquals("192.0.2.1", result(d));
    }

    @Test
    void hostsFileAndChain() {
        HostsResolver hosts = new HostsResolver("""
                # comment
                127.0.0.1 localhost
                192.0.2.9 printer printer.lan   # aliases
                2001:db8::9 printer
                not-an-address foo
                """);
        DnsResult r = result(hosts.lookupAddress("printer.lan"));
        assertEquals("192.0.2.9", r.answers().get(0).rdata().toString());
        DnsResult v6 = result(hosts.lookupIPV6Address("printer"));
        assertEquals("2001:db8::9", v6.answers().get(0).rdata().toString());
        assertInstanceOf(DnsNameError.class, failure(hosts.lookupAddress("foo")));

        ResolverChain chain = new ResolverChain(List.of(hosts, resolver));
        assertEquals("127.0.0.1", result(chain.getHostByName("localhost")));
        Deferred<String> viaDns = chain.getHostByName("www.example.com");
        answer(S1);
        assertEquals("192.0.2.1", result(viaDns));
    }

    @Test
    void parsesResolvConf() {
        ResolvConf c = ResolvConf.parse("""
                # generated
                nameserver 192.0.2.53
                nameserver 2001:db8::53
                nameserver bogus.example
                search example.com lan
                options ndots:2 timeout:3 attempts:4 rotate
                """);
        assertEquals(List.of(new InetSocketAddress("192.0.2.53", 53), new InetSocketAddress("2001:db8::53", 53)), c.nameservers());
        assertEquals(List.of("example.com", "lan"), c.search());
        assertEquals(2, c.ndots());
        assertEquals(3, c.timeout());
        assertEquals(4, c.attempts());
        ResolvConf empty = ResolvConf.parse("");
        assertEquals(53, empty.nameservers().get(0).getPort());
        assertTrue(empty.nameservers().get(0).getAddress().isLoopbackAddress());
        assertEquals(5, empty.timeout());
        assertEquals(2, empty.attempts());
    }
}
