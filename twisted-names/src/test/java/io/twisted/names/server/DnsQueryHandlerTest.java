package io.twisted.names.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twisted.names.dns.DnsClass;
import io.twisted.names.dns.DnsMessage;
import io.twisted.names.dns.DnsMessageCodec;
import io.twisted.names.dns.DnsName;
import io.twisted.names.dns.DnsOpcode;
import io.twisted.names.dns.DnsQuestion;
import io.twisted.names.dns.DnsRcode;
import io.twisted.names.dns.DnsRecord;
import io.twisted.names.dns.DnsType;
import io.twisted.names.dns.Edns;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DnsQueryHandlerTest {

    private static final InetSocketAddress PEER = new InetSocketAddress("192.0.2.9", 5353);
    private final DnsQueryHandler handler = new DnsQueryHandler(List.of(TestZones.example()));

    private List<DnsMessage> ask(DnsMessage query, boolean tcp) {
        List<DnsMessage> out = new ArrayList<>();
        for (byte[] b : handler.handle(DnsMessageCodec.encode(query), tcp, PEER)) {
            out.add(DnsMessageCodec.decode(b));
        }
        return out;
    }

    private DnsMessage ask(String name, DnsType type) {
        return ask(DnsMessage.query(4242, DnsQuestion.of(name, type)), false).get(0);
    }

    @Test
    void answersWithIdQuestionAndFlags() {
        DnsMessage r = ask("www.example.com.", DnsType.A);
        assertEquals(4242, r.id());
        assertTrue(r.isResponse());
        assertTrue(r.isAuthoritative());
        assertTrue(r.isRecursionDesired());
        assertFalse(r.isRecursionAvailable());
        assertEquals(DnsQuestion.of("www.example.com.", DnsType.A), r.questions().get(0));
        assertEquals("192.0.2.1", r.answers().get(0).rdata().toString());
        assertNull(r.edns());
    }

    @Test
    void refusesZonesNotServedAndOtherClasses() {
        assertEquals(DnsRcode.REFUSED, ask("www.example.org.", DnsType.A).rcode());
        DnsMessage chaos = DnsMessage.query(1, new DnsQuestion(DnsName.of("version.bind."), DnsType.TXT, DnsClass.CH));
        assertEquals(DnsRcode.REFUSED, ask(chaos, false).get(0).rcode());
    }

    @Test
    void rejectsOtherOpcodesAndQuestionCounts() {
        DnsMessage notify = DnsMessage.builder().id(1).opcode(DnsOpcode.UPDATE).addQuestion(DnsQuestion.of("example.com.", DnsType.SOA)).build();
        assertEquals(DnsRcode.NOTIMP, ask(notify, false).get(0).rcode());
        DnsMessage none = DnsMessage.builder().id(2).build();
        assertEquals(DnsRcode.FORMERR, ask(none, false).get(0).rcode());
        DnsMessage two = DnsMessage.builder().id(3).addQuestion(DnsQuestion.of("www.example.com.", DnsType.A))
                .addQuestion(DnsQuestion.of("mail.example.com.", DnsType.A)).build();
        assertEquals(DnsRcode.FORMERR, ask(two, false).get(0).rcode());
    }

    @Test
    void answersEdnsWithEdnsAndRejectsUnknownVersions() {
        DnsMessage q = DnsMessage.query(5, DnsQuestion.of("www.example.com.", DnsType.A)).toBuilder().edns(Edns.of(4096)).build();
        DnsMessage r = ask(q, false).get(0);
        assertEquals(Edns.DEFAULT_PAYLOAD, r.edns().udpPayloadSize());
        DnsMessage v1 = q.toBuilder().edns(new Edns(4096, 1, false, 0, List.of())).build();
        DnsMessage bad = ask(v1, false).get(0);
        assertEquals(DnsRcode.BADVERS, bad.rcode());
        assertEquals(0, bad.edns().version());
    }

    @Test
    void truncatesUdpAnswersToThePayloadSize() {
        DnsMessage plain = ask("big.example.com.", DnsType.TXT);
        assertTrue(plain.isTruncated());
        assertTrue(plain.answers().isEmpty());
        DnsMessage q = DnsMessage.query(6, DnsQuestion.of("big.example.com.", DnsType.TXT)).toBuilder().edns(Edns.of(4096)).build();
        DnsMessage edns = ask(q, false).get(0);
        assertFalse(edns.isTruncated());
        assertEquals(2, edns.answers().size());
        DnsMessage tcp = ask(DnsMessage.query(7, DnsQuestion.of("big.example.com.", DnsType.TXT)), true).get(0);
        assertFalse(tcp.isTruncated());
        assertEquals(2, tcp.answers().size());
    }

    @Test
    void transfersTheZoneOverTcpOnly() {
        DnsMessage axfr = DnsMessage.builder().id(9).addQuestion(DnsQuestion.of("example.com.", DnsType.AXFR)).build();
        assertEquals(DnsRcode.FORMERR, ask(axfr, false).get(0).rcode());
        List<DnsMessage> messages = ask(axfr, true);
        List<DnsRecord> records = new ArrayList<>();
        for (DnsMessage m : messages) {
            assertEquals(9, m.id());
            assertTrue(m.isAuthoritative());
            records.addAll(m.answers());
        }
        assertEquals(DnsType.SOA, records.get(0).type());
        assertEquals(DnsType.SOA, records.get(records.size() - 1).type());
        assertEquals(TestZones.example().records().size() + 1, records.size());
        DnsMessage sub = DnsMessage.builder().id(9).addQuestion(DnsQuestion.of("www.example.com.", DnsType.AXFR)).build();
        assertEquals(DnsRcode.NOTAUTH, ask(sub, true).get(0).rcode());
        DnsMessage ixfr = DnsMessage.builder().id(9).addQuestion(DnsQuestion.of("example.com.", DnsType.IXFR)).build();
        assertEquals(DnsRcode.NOTIMP, ask(ixfr, true).get(0).rcode());
    }

    @Test
    void splitsALargeTransferIntoSeveralMessages() {
        StringBuilder zone = new StringBuilder("$ORIGIN big.test.\n$TTL 60\n@ SOA ns hm 1 2 3 4 5\n@ NS ns\n");
        for (int i = 0; i < 2000; i++) {
            zone.append("h").append(i).append(" A 10.0.").append(i / 256).append('.').append(i % 256).append('\n');
        }
        DnsQueryHandler big = new DnsQueryHandler(List.of(io.twisted.names.zone.Zone.fromMasterText(zone.toString(), null)));
        List<byte[]> out = big.handle(DnsMessageCodec.encode(DnsMessage.builder().id(1)
                .addQuestion(DnsQuestion.of("big.test.", DnsType.AXFR)).build()), true, PEER);
        assertTrue(out.size() > 1);
        int total = 0;
        for (byte[] b : out) {
            assertTrue(b.length <= 65535);
            total += DnsMessageCodec.decode(b).answers().size();
        }
        assertEquals(2003, total);
    }

    @Test
    void formerrForUndecodableQueriesAndSilenceForResponsesAndRunts() {
        byte[] bad = {0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, (byte) 0xc0, 0x0c, 0, 1, 0, 1};
        List<byte[]> out = handler.handle(bad, false, PEER);
        DnsMessage r = DnsMessageCodec.decode(out.get(0));
        assertEquals(0x1234, r.id());
        assertEquals(DnsRcode.FORMERR, r.rcode());
        assertTrue(r.isResponse());
        assertTrue(r.isRecursionDesired());
        assertTrue(handler.handle(new byte[5], false, PEER).isEmpty());
        byte[] response = DnsMessageCodec.encode(DnsMessage.builder().id(1).response(true).build());
        assertTrue(handler.handle(response, false, PEER).isEmpty());
    }

    @Test
    void corruptedQueriesNeverThrowAndAlwaysGetAWellFormedAnswerOrNone() {
        byte[] good = DnsMessageCodec.encode(DnsMessage.query(1, DnsQuestion.of("www.example.com.", DnsType.A)).toBuilder()
                .edns(Edns.of(1232)).build());
        java.util.Random random = new java.util.Random(1035);
        for (int i = 0; i < 3000; i++) {
            byte[] bad = java.util.Arrays.copyOf(good, random.nextInt(good.length + 8));
            for (int k = 0; k < 3; k++) {
                if (bad.length > 0) {
                    bad[random.nextInt(bad.length)] = (byte) random.nextInt(256);
                }
            }
            for (boolean tcp : new boolean[] {false, true}) {
                for (byte[] reply : handler.handle(bad, tcp, PEER)) {
                    DnsMessage r = DnsMessageCodec.decode(reply);
                    assertTrue(r.isResponse());
                    assertTrue(tcp || reply.length <= 1232);
                }
            }
        }
    }
}
