package io.twisted.names.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twisted.names.dns.DnsMessage;
import io.twisted.names.dns.DnsMessageCodec;
import io.twisted.names.dns.DnsName;
import io.twisted.names.dns.DnsQuestion;
import io.twisted.names.dns.DnsRcode;
import io.twisted.names.dns.DnsType;
import io.twisted.names.zone.Zone;
import io.twisted.testing.MemoryDatagramTransport;
import io.twisted.testing.MemoryReactor;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A secondary pulling from our own primary, in memory, driven by the SOA timers. */
class SecondaryZoneServiceTest {

    private static final InetSocketAddress PRIMARY = new InetSocketAddress("192.0.2.53", 53);
    private static final DnsName ORIGIN = DnsName.of("example.net.");

    private static Zone zone(long serial, String address) {
        return Zone.fromMasterText("""
                $ORIGIN example.net.
                $TTL 60
                @ SOA ns hm %d 10 5 30 60   ; refresh 10, retry 5, expire 30
                  NS ns
                ns A 192.0.2.53
                www A %s
                """.formatted(serial, address), null);
    }

    private final MemoryReactor reactor = new MemoryReactor();
    private final DnsQueryHandler primary = new DnsQueryHandler(List.of(zone(1, "192.0.2.1")));
    private final DnsQueryHandler secondary = new DnsQueryHandler(List.of());
    private final SecondaryZoneService service = new SecondaryZoneService(reactor, secondary, ORIGIN, PRIMARY);
    private int tcpSeen;

    private void serveTcpIfAsked() {
        List<MemoryReactor.TcpClient> clients = reactor.tcpClients();
        while (tcpSeen < clients.size()) {
            MemoryReactor.TcpClient c = clients.get(tcpSeen++);
            assertEquals("192.0.2.53", c.host());
            c.connector().connectTo(new DnsServerFactory(primary, reactor)).pump();
        }
    }

    private boolean answerSoaQuery() {
        List<MemoryReactor.UdpPort> ports = reactor.udpPorts();
        if (ports.isEmpty()) {
            return false;
        }
        MemoryDatagramTransport port = ports.get(ports.size() - 1).transport();
        List<MemoryDatagramTransport.Datagram> sent = port.takeSent();
        if (sent.isEmpty()) {
            return false;
        }
        DnsMessage q = DnsMessageCodec.decode(sent.get(0).data());
        assertEquals(DnsType.SOA, q.questions().get(0).type());
        port.deliver(ByteBuffer.wrap(primary.handle(sent.get(0).data(), false, port.getHost()).get(0)), PRIMARY);
        return true;
    }

    private String ask(String name) {
        byte[] q = DnsMessageCodec.encode(DnsMessage.query(1, DnsQuestion.of(name, DnsType.A)));
        DnsMessage r = DnsMessageCodec.decode(secondary.handle(q, false, PRIMARY).get(0));
        return r.rcode().equals(DnsRcode.NOERROR) ? r.answers().get(0).rdata().toString() : r.rcode().toString();
    }

    @Test
    void transfersRefreshesOnNewSerialsAndExpires() {
        service.startService();
        assertEquals("REFUSED", ask("www.example.net."));
        serveTcpIfAsked();
        assertEquals(1, service.zone().serial());
        assertEquals("192.0.2.1", ask("www.example.net."));

        reactor.advance(10);                       // REFRESH: same serial, no transfer
        assertTrue(answerSoaQuery());
        serveTcpIfAsked();
        assertEquals(1, tcpSeen);

        primary.putZone(zone(2, "192.0.2.2"));
        reactor.advance(10);                       // REFRESH: newer serial, transfer
        assertTrue(answerSoaQuery());
        serveTcpIfAsked();
        assertEquals(2, tcpSeen);
        assertEquals(2, service.zone().serial());
        assertEquals("192.0.2.2", ask("www.example.net."));

        for (int i = 0; i < 7; i++) {              // the primary stops answering: retries, then EXPIRE
            reactor.advance(5);
        }
        assertNull(service.zone());
        assertEquals("REFUSED", ask("www.example.net."));
        service.stopService();
    }

    @Test
    void retriesTheFirstTransferAfterAFailure() {
        service.startService();
        reactor.tcpClients().get(0).connector().fail(new io.twisted.internet.error.ConnectionRefusedError("refused"));
        tcpSeen = 1;
        assertNull(service.zone());
        reactor.advance(SecondaryZoneService.INITIAL_RETRY);
        serveTcpIfAsked();
        assertEquals(1, service.zone().serial());
        service.stopService();
        assertTrue(reactor.getDelayedCalls().isEmpty());
    }

    @Test
    void serialArithmetic() {
        assertTrue(SecondaryZoneService.serialGreater(2, 1));
        assertFalse(SecondaryZoneService.serialGreater(1, 2));
        assertFalse(SecondaryZoneService.serialGreater(5, 5));
        assertTrue(SecondaryZoneService.serialGreater(1, 0xffffffffL));       // wrapped
        assertFalse(SecondaryZoneService.serialGreater(0xffffffffL, 1));
    }

    @Test
    void notifyFromThePrimaryTriggersARefresh() {
        service.startService();
        serveTcpIfAsked();
        primary.putZone(zone(5, "192.0.2.5"));
        DnsMessage notify = DnsMessage.builder().id(77).opcode(io.twisted.names.dns.DnsOpcode.NOTIFY).authoritative(true)
                .addQuestion(new DnsQuestion(ORIGIN, DnsType.SOA, io.twisted.names.dns.DnsClass.IN)).build();
        byte[] wire = DnsMessageCodec.encode(notify);
        DnsMessage stranger = DnsMessageCodec.decode(secondary.handle(wire, false, new InetSocketAddress("198.51.100.1", 53)).get(0));
        assertEquals(DnsRcode.REFUSED, stranger.rcode());
        DnsMessage ack = DnsMessageCodec.decode(secondary.handle(wire, false, new InetSocketAddress("192.0.2.53", 40000)).get(0));
        assertEquals(DnsRcode.NOERROR, ack.rcode());
        assertTrue(ack.isAuthoritative());
        assertEquals(77, ack.id());
        reactor.advance(0);
        assertTrue(answerSoaQuery());
        serveTcpIfAsked();
        assertEquals(5, service.zone().serial());
        service.stopService();
    }
}
