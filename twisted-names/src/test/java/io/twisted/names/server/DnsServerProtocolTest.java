package io.twisted.names.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twisted.internet.Protocol;
import io.twisted.internet.task.Clock;
import io.twisted.names.dns.DnsMessage;
import io.twisted.names.dns.DnsMessageCodec;
import io.twisted.names.dns.DnsQuestion;
import io.twisted.names.dns.DnsRcode;
import io.twisted.names.dns.DnsType;
import io.twisted.testing.Bytes;
import io.twisted.testing.MemoryDatagramTransport;
import io.twisted.testing.MemoryReactor;
import io.twisted.testing.StringTransport;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The UDP and TCP server protocols, in memory. */
class DnsServerProtocolTest {

    private static final InetSocketAddress CLIENT = new InetSocketAddress("192.0.2.9", 40000);
    private final DnsServerFactory factory = new DnsServerFactory(new DnsQueryHandler(List.of(TestZones.example())), new Clock());

    private static byte[] query(int id, String name, DnsType type) {
        return DnsMessageCodec.encode(DnsMessage.query(id, DnsQuestion.of(name, type)));
    }

    private static byte[] framed(byte[]... messages) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] m : messages) {
            out.write(m.length >> 8);
            out.write(m.length & 0xff);
            out.write(m, 0, m.length);
        }
        return out.toByteArray();
    }

    private static List<DnsMessage> unframe(byte[] data) {
        List<DnsMessage> out = new ArrayList<>();
        int p = 0;
        while (p < data.length) {
            int len = (data[p] & 0xff) << 8 | data[p + 1] & 0xff;
            out.add(DnsMessageCodec.decode(Arrays.copyOfRange(data, p + 2, p + 2 + len)));
            p += 2 + len;
        }
        return out;
    }

    /** Whole, split at every point, one byte at a time. */
    private static List<List<byte[]>> chunkings(byte[] data) {
        List<List<byte[]>> all = new ArrayList<>();
        all.add(List.of(data));
        for (int i = 1; i < data.length; i++) {
            all.add(List.of(Arrays.copyOf(data, i), Arrays.copyOfRange(data, i, data.length)));
        }
        List<byte[]> bytes = new ArrayList<>();
        for (byte b : data) {
            bytes.add(new byte[] {b});
        }
        all.add(bytes);
        return all;
    }

    @Test
    void tcpAnswersPipelinedQueriesInAnyChunking() {
        byte[] input = framed(query(1, "www.example.com.", DnsType.A), query(2, "nope.example.com.", DnsType.A),
                query(3, "example.com.", DnsType.MX));
        for (List<byte[]> chunks : chunkings(input)) {
            StringTransport t = new StringTransport(new InetSocketAddress("127.0.0.1", 53), CLIENT);
            Protocol p = factory.buildProtocol(CLIENT);
            p.makeConnection(t);
            for (byte[] c : chunks) {
                p.dataReceived(ByteBuffer.wrap(c));
            }
            List<DnsMessage> replies = unframe(t.value());
            assertEquals(3, replies.size());
            assertEquals(List.of(1, 2, 3), replies.stream().map(DnsMessage::id).toList());
            assertEquals(DnsRcode.NXDOMAIN, replies.get(1).rcode());
            assertFalse(t.isDisconnecting());
        }
    }

    @Test
    void tcpSendsLargeAnswersWhole() {
        StringTransport t = new StringTransport(new InetSocketAddress("127.0.0.1", 53), CLIENT);
        Protocol p = factory.buildProtocol(CLIENT);
        p.makeConnection(t);
        p.dataReceived(ByteBuffer.wrap(framed(query(9, "big.example.com.", DnsType.TXT))));
        DnsMessage r = unframe(t.value()).get(0);
        assertFalse(r.isTruncated());
        assertEquals(2, r.answers().size());
    }

    @Test
    void tcpAnswersGarbageWithFormerrThenKeepsServing() {
        StringTransport t = new StringTransport(new InetSocketAddress("127.0.0.1", 53), CLIENT);
        Protocol p = factory.buildProtocol(CLIENT);
        p.makeConnection(t);
        byte[] loop = Bytes.toArray(Bytes.hex("abcd 0100 0001 0000 0000 0000 c0 0c 0001 0001"));
        p.dataReceived(ByteBuffer.wrap(framed(loop, query(5, "www.example.com.", DnsType.A))));
        List<DnsMessage> replies = unframe(t.value());
        assertEquals(DnsRcode.FORMERR, replies.get(0).rcode());
        assertEquals(0xabcd, replies.get(0).id());
        assertEquals(DnsRcode.NOERROR, replies.get(1).rcode());
    }

    @Test
    void tcpClosesOnARuntFrameAndWhenIdle() {
        Clock clock = new Clock();
        DnsServerFactory f = new DnsServerFactory(new DnsQueryHandler(List.of(TestZones.example())), clock).setIdleTimeout(10);
        StringTransport t = new StringTransport();
        Protocol p = f.buildProtocol(CLIENT);
        p.makeConnection(t);
        p.dataReceived(ByteBuffer.wrap(framed(new byte[3])));
        assertTrue(t.isDisconnecting());

        StringTransport idle = new StringTransport();
        Protocol q = f.buildProtocol(CLIENT);
        q.makeConnection(idle);
        clock.advance(9);
        q.dataReceived(ByteBuffer.wrap(framed(query(1, "www.example.com.", DnsType.A))));
        clock.advance(9);
        assertFalse(idle.isDisconnecting());
        clock.advance(1);
        assertTrue(idle.isDisconnecting());
        q.connectionLost(null);
        assertTrue(clock.getDelayedCalls().isEmpty());
    }

    @Test
    void udpAnswersAndSurvivesAMalformedCorpus() {
        MemoryReactor reactor = new MemoryReactor();
        reactor.listenUDP(53, factory.datagramProtocol());
        MemoryDatagramTransport port = reactor.udpPorts().get(0).transport();
        List<String> corpus = List.of(
                "",                                                          // empty: dropped
                "abcd",                                                      // runt: dropped
                "abcd 8100 0000 0000 0000 0000",                             // a response: dropped
                "abcd 0100 0001 0000 0000 0000",                             // missing question: FORMERR
                "abcd 0100 0001 0000 0000 0000 c0 0c 0001 0001",             // pointer loop: FORMERR
                "abcd 0100 0001 0000 0000 0000 01 61 c0 0c 0001 0001",       // two-step loop: FORMERR
                "abcd 0100 0001 0000 0000 0000 c0 40 0001 0001",             // forward pointer: FORMERR
                "abcd 0100 ffff ffff ffff ffff 00 0001 0001",                // huge counts: FORMERR
                "abcd 0100 0001 0000 0000 0000 41 61 00 0001 0001",          // extended label type: FORMERR
                "abcd 0100 0001 0000 0000 0001 00 0001 0001 00 0029 0200 00000000 00ff"); // bad OPT length
        int formerr = 0;
        for (String hex : corpus) {
            port.deliver(Bytes.hex(hex), CLIENT);
            for (MemoryDatagramTransport.Datagram d : port.takeSent()) {
                DnsMessage r = DnsMessageCodec.decode(d.data());
                assertEquals(DnsRcode.FORMERR, r.rcode(), hex);
                assertEquals(CLIENT, d.address());
                formerr++;
            }
            port.deliver(ByteBuffer.wrap(query(77, "www.example.com.", DnsType.A)), CLIENT);
            List<MemoryDatagramTransport.Datagram> sent = port.takeSent();
            assertEquals(1, sent.size());
            assertEquals(77, DnsMessageCodec.decode(sent.get(0).data()).id());
        }
        assertEquals(7, formerr);
    }

    @Test
    void udpTruncatesWithoutEdnsAt512() {
        MemoryReactor reactor = new MemoryReactor();
        reactor.listenUDP(53, factory.datagramProtocol());
        MemoryDatagramTransport port = reactor.udpPorts().get(0).transport();
        port.deliver(ByteBuffer.wrap(query(1, "big.example.com.", DnsType.TXT)), CLIENT);
        byte[] reply = port.takeSent().get(0).data();
        assertTrue(reply.length <= 512);
        assertTrue(DnsMessageCodec.decode(reply).isTruncated());
    }
}
