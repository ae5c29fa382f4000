package io.twisted.twist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twisted.application.MultiService;
import io.twisted.application.Service;
import io.twisted.application.StreamServerEndpointService;
import io.twisted.application.UsageError;
import io.twisted.internet.Protocol;
import io.twisted.testing.MemoryReactor;
import io.twisted.testing.StringTransport;
import io.twisted.twist.portforward.ProxyFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The echo and portforward plugins build the right services from their options (fake reactor, no sockets). */
class PluginsTest {

    private final MemoryReactor fake = new MemoryReactor();

    @Test
    void echoListensOnEveryEndpointAndEchoes() {
        EchoServiceMaker maker = new EchoServiceMaker();
        Service s = maker.makeService(fake,
                maker.options().parse(List.of("--listen", "tcp:7001:interface=127.0.0.1", "--listen", "tcp6:7002")));
        assertInstanceOf(MultiService.class, s);
        s.privilegedStartService();
        s.startService();
        assertEquals(2, fake.tcpServers().size());
        assertEquals(7001, fake.tcpServers().get(0).port());
        assertEquals("127.0.0.1", fake.tcpServers().get(0).iface());
        assertEquals("::", fake.tcpServers().get(1).iface());

        Protocol echo = fake.tcpServers().get(0).factory().buildProtocol(null);
        StringTransport t = new StringTransport();
        echo.makeConnection(t);
        byte[] data = "hello\r\n\0\377".getBytes(StandardCharsets.ISO_8859_1);
        for (byte b : data) {
            echo.dataReceived(ByteBuffer.wrap(new byte[] {b}));
        }
        assertEquals(new String(data, StandardCharsets.ISO_8859_1), new String(t.value(), StandardCharsets.ISO_8859_1));

        assertTrue(s.stopService().isCalled());
        assertTrue(!fake.tcpServers().get(0).listeningPort().isListening() && !fake.tcpServers().get(1).listeningPort().isListening());
    }

    @Test
    void echoDefaultsToPort8000() {
        EchoServiceMaker maker = new EchoServiceMaker();
        Service s = maker.makeService(fake, maker.options().parse(List.of()));
        s.startService();
        assertEquals(8000, fake.tcpServers().get(0).port());
    }

    @Test
    void echoRejectsBadEndpointWithItsName() {
        EchoServiceMaker maker = new EchoServiceMaker();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> maker.makeService(fake, maker.options().parse(List.of("--listen", "tpc:80"))));
        assertTrue(e.getMessage().contains("unknown endpoint type 'tpc'"), e.getMessage());
    }

    @Test
    void portforwardListensAndForwardsToTheDestination() {
        PortForwardServiceMaker maker = new PortForwardServiceMaker();
        Service s = maker.makeService(fake,
                maker.options().parse(List.of("--port", "tcp:7003", "--dest_host", "10.1.2.3", "--dest_port", "7004")));
        s.startService();
        assertInstanceOf(StreamServerEndpointService.class, s);
        ProxyFactory f = (ProxyFactory) fake.tcpServers().get(0).factory();
        assertEquals(7003, fake.tcpServers().get(0).port());
        assertEquals("10.1.2.3", f.host());
        assertEquals(7004, f.port());
    }

    @Test
    void portforwardHasTwistedDefaults() {
        PortForwardServiceMaker maker = new PortForwardServiceMaker();
        maker.makeService(fake, maker.options().parse(List.of("--host", "h"))).startService();
        ProxyFactory f = (ProxyFactory) fake.tcpServers().get(0).factory();
        assertEquals(6666, fake.tcpServers().get(0).port());
        assertEquals("h", f.host());
        assertEquals(6665, f.port());
    }

    @Test
    void portforwardRejectsBadDestinationPort() {
        PortForwardServiceMaker maker = new PortForwardServiceMaker();
        UsageError e = assertThrows(UsageError.class,
                () -> maker.makeService(fake, maker.options().parse(List.of("--dest_port", "http"))));
        assertEquals("option --dest_port: 'http' is not a number", e.getMessage());
    }
}
