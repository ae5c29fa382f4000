package io.twisted.names.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.twisted.names.dns.DnsFormatException;
import io.twisted.names.dns.DnsMessage;
import io.twisted.names.dns.DnsMessageCodec;

/**
 * The DNS codec on arbitrary datagrams: decoding gives a message or a {@link DnsFormatException}
 * (FORMERR), never another exception; a message that decodes encodes again, and that encoding
 * decodes to the same message.
 */
class DnsCodecFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void decodesOrRefuses(byte[] datagram) {
        DnsMessage m;
        try {
            m = DnsMessageCodec.decode(datagram);
        } catch (DnsFormatException e) {
            return;
        }
        byte[] again = DnsMessageCodec.encode(m);
        DnsMessage back = DnsMessageCodec.decode(again);
        if (!back.equals(m)) {
            throw new IllegalStateException("re-encoding changed the message:\n" + m + "\n" + back);
        }
    }
}
