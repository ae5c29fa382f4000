package io.twisted.names.tap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twisted.application.ParsedOptions;
import io.twisted.application.Service;
import io.twisted.application.ServiceMaker;
import io.twisted.application.UsageError;
import io.twisted.names.dns.DnsMessage;
import io.twisted.names.dns.DnsMessageCodec;
import io.twisted.names.dns.DnsQuestion;
import io.twisted.names.dns.DnsType;
import io.twisted.testing.MemoryDatagramTransport;
import io.twisted.testing.MemoryReactor;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DnsServiceMakerTest {

    private static final String ZONE = """
            $ORIGIN example.com.
            $TTL 300
            @ SOA ns hm 1 2 3 4 5
              NS ns
            ns A 192.0.2.53
            """;

    private final DnsServiceMaker maker = new DnsServiceMaker();

    private Service make(MemoryReactor reactor, String... args) {
        ParsedOptions options = maker.options().parse(List.of(args));
        return maker.makeService(reactor, options);
    }

    @Test
    void isFoundByServiceLoader() {
        boolean found = false;
        for (ServiceMaker m : ServiceLoader.load(ServiceMaker.class)) {
            found |= m.tapname().equals("dns");
        }
        assertTrue(found);
        assertTrue(maker.options().help("twist dns", maker.description()).contains("--bindzone"));
        assertTrue(maker.options().help("twist dns", maker.description()).contains("--secondary"));
    }

    @Test
    void listensOnUdpAndTcpAndAnswersFromTheZone(@TempDir Path dir) throws Exception {
        Path zone = dir.resolve("example.zone");
        Files.writeString(zone, ZONE);
        MemoryReactor reactor = new MemoryReactor();
        Service s = make(reactor, "--port", "5353", "--interface", "127.0.0.1", "--bindzone", zone.toString());
        s.privilegedStartService();
        s.startService();
        assertEquals(1, reactor.udpPorts().size());
        assertEquals(5353, reactor.udpPorts().get(0).port());
        assertEquals("127.0.0.1", reactor.udpPorts().get(0).iface());
        assertEquals(5353, reactor.tcpServers().get(0).port());
        MemoryDatagramTransport udp = reactor.udpPorts().get(0).transport();
        InetSocketAddress client = new InetSocketAddress("127.0.0.1", 40000);
        udp.deliver(ByteBuffer.wrap(DnsMessageCodec.encode(DnsMessage.query(1, DnsQuestion.of("ns.example.com.", DnsType.A)))), client);
        DnsMessage r = DnsMessageCodec.decode(udp.takeSent().get(0).data());
        assertEquals("192.0.2.53", r.answers().get(0).rdata().toString());
        s.stopService();
        assertFalse(udp.isListening());
    }

    @Test
    void listenOptionsReplacePortAndInterface(@TempDir Path dir) throws Exception {
        Path zone = dir.resolve("example.zone");
        Files.writeString(zone, ZONE);
        MemoryReactor reactor = new MemoryReactor();
        Service s = make(reactor, "--listen", "tcp:1053:interface=127.0.0.1", "--listen", "udp:port=2053",
                "--bindzone", zone.toString());
        s.startService();
        assertEquals(List.of(1053, 2053), reactor.udpPorts().stream().map(MemoryReactor.UdpPort::port).toList());
        assertEquals(List.of(1053, 2053), reactor.tcpServers().stream().map(MemoryReactor.TcpServer::port).toList());
        assertThrows(UsageError.class, () -> make(reactor, "--listen", "ssl:53", "--bindzone", zone.toString()));
        assertThrows(UsageError.class, () -> make(reactor, "--listen", "tcp:99999", "--bindzone", zone.toString()));
    }

    @Test
    void badZonesAreUsageErrors(@TempDir Path dir) throws Exception {
        MemoryReactor reactor = new MemoryReactor();
        assertThrows(UsageError.class, () -> make(reactor));
        assertThrows(UsageError.class, () -> make(reactor, "--bindzone", dir.resolve("missing.zone").toString()));
        Path bad = dir.resolve("bad.zone");
        Files.writeString(bad, "$TTL 1\n$ORIGIN example.\n@ SOA ns hm 1 2 3 4 5\n@ NS ns\nwww A 1.2.3\n");
        UsageError e = assertThrows(UsageError.class, () -> make(reactor, "--bindzone", bad.toString()));
        assertTrue(e.getMessage().contains(":5:"), e.getMessage());
    }

    @Test
    void recursionOptions(@TempDir Path dir) throws Exception {
        Path hosts = dir.resolve("hosts");
        Files.writeString(hosts, "192.0.2.77 printer.lan\n");
        Path resolv = dir.resolve("resolv.conf");
        Files.writeString(resolv, "nameserver 127.0.0.1\n");
        MemoryReactor reactor = new MemoryReactor();
        Service s = make(reactor, "--port", "5300", "--hosts-file", hosts.toString(), "--resolv-conf", resolv.toString(),
                "--cache", "--allow-recursion", "127.0.0.0/8");
        s.startService();
        MemoryDatagramTransport udp = reactor.udpPorts().get(0).transport();
        udp.deliver(ByteBuffer.wrap(DnsMessageCodec.encode(DnsMessage.query(3, DnsQuestion.of("printer.lan.", DnsType.A)))),
                new InetSocketAddress("127.0.0.1", 40000));
        DnsMessage r = DnsMessageCodec.decode(udp.takeSent().get(0).data());
        assertEquals("192.0.2.77", r.answers().get(0).rdata().toString());
        assertTrue(r.isRecursionAvailable());
        assertThrows(UsageError.class, () -> make(reactor, "--port", "5301", "--cache"));
        assertThrows(UsageError.class, () -> make(reactor, "--port", "5302", "--hosts-file", hosts.toString(),
                "--allow-recursion", "nonsense"));
        assertThrows(UsageError.class, () -> make(reactor, "--port", "5303", "--resolv-conf", dir.resolve("none").toString()));
    }

    @Test
    void secondaryAndRecursiveOptions() {
        MemoryReactor reactor = new MemoryReactor();
        Service s = make(reactor, "--port", "5310", "--secondary", "example.net:192.0.2.53:5353", "--recursive");
        s.startService();
        MemoryReactor.TcpClient axfr = reactor.tcpClients().get(0);
        assertEquals("192.0.2.53", axfr.host());
        assertEquals(5353, axfr.port());
        s.stopService();
        make(reactor, "--port", "5311", "--secondary", "example.net:[2001:db8::53]:53");
        make(reactor, "--port", "5312", "--secondary", "example.net:192.0.2.53");
        assertThrows(UsageError.class, () -> make(reactor, "--secondary", "example.net"));
        assertThrows(UsageError.class, () -> make(reactor, "--secondary", "example.net:ns.example.net"));
        assertThrows(UsageError.class, () -> make(reactor, "--secondary", "example.net:192.0.2.53:0"));
        assertThrows(UsageError.class, () -> make(reactor, "--recursive", "--resolv-conf", "/etc/resolv.conf"));
    }

    /** A reactor whose kernel-picked ports are 50000, 50001, ... whether or not TCP uses them. */
    private static final class PickingReactor extends MemoryReactor {
        private int next = 50_000;

        @Override
        protected int allocatePort() {
            return next++;
        }
    }

    @Test
    void portZeroPicksAgainWhenTheUdpNumberIsTakenForTcp() {
        PickingReactor reactor = new PickingReactor();
        io.twisted.internet.ProtocolFactory other = io.twisted.internet.Factory.forProtocol(io.twisted.internet.Protocol::new);
        reactor.listenTCP(50_000, other, 50, "127.0.0.1");
        reactor.listenTCP(50_001, other, 50, "127.0.0.1");
        DnsPortService service = new DnsPortService(reactor,
                new io.twisted.names.server.DnsServerFactory(new io.twisted.names.server.DnsQueryHandler(List.of()), reactor), 0, "127.0.0.1");
        service.privilegedStartService();
        int udp = ((java.net.InetSocketAddress) service.udpPort().getHost()).getPort();
        assertEquals(50_002, udp);
        assertEquals(udp, ((java.net.InetSocketAddress) service.tcpPort().getHost()).getPort());

        PickingReactor full = new PickingReactor();
        for (int p = 50_000; p < 50_000 + DnsPortService.MAX_PORT_PICKS; p++) {
            full.listenTCP(p, other, 50, "127.0.0.1");
        }
        DnsPortService refused = new DnsPortService(full,
                new io.twisted.names.server.DnsServerFactory(new io.twisted.names.server.DnsQueryHandler(List.of()), full), 0, "127.0.0.1");
        assertThrows(io.twisted.internet.error.CannotListenError.class, refused::privilegedStartService);
        assertEquals(null, refused.udpPort(), "no UDP port is left open");
    }
}
