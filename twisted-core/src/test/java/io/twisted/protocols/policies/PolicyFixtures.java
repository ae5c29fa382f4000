package io.twisted.protocols.policies;

import io.twisted.internet.HalfCloseableProtocol;
import io.twisted.internet.Protocol;
import io.twisted.internet.defer.Failure;
import io.twisted.internet.tls.TlsOptions;
import io.twisted.testing.StringTransport;
import io.twisted.testing.StringTransportWithDisconnection;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Protocols and transports shared by the policies tests. */
final class PolicyFixtures {

    private PolicyFixtures() {
    }

    static ByteBuffer ascii(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.US_ASCII));
    }

    /** Records what happens to it and echoes what it reads. */
    static class RecordingProtocol extends Protocol implements HalfCloseableProtocol {
        final List<String> events = new ArrayList<>();

        @Override
        public void connectionMade() {
            events.add("made");
        }

        @Override
        public void dataReceived(ByteBuffer data) {
            byte[] b = new byte[data.remaining()];
            data.duplicate().get(b);
            events.add("data:" + new String(b, StandardCharsets.US_ASCII));
            transport.write(data);
        }

        @Override
        public void connectionLost(Failure reason) {
            events.add("lost:" + reason.value().getClass().getSimpleName());
        }

        @Override
        public void readConnectionLost() {
            events.add("readLost");
        }

        @Override
        public void writeConnectionLost() {
            events.add("writeLost");
        }
    }

    /** A transport that tells its protocol connectionLost and whose startTLS swaps in a TLS layer. */
    static final class TlsCapableTransport extends StringTransportWithDisconnection {
        private Protocol protocol;
        final StringTransport tls = new StringTransport();

        @Override
        public void setProtocol(Protocol protocol) {
            super.setProtocol(protocol);
            this.protocol = protocol;
        }

        @Override
        public void startTLS(TlsOptions options) {
            protocol.setTransport(tls);
        }
    }

    /** Connects {@code wrapper} to a new transport that reports disconnection to it. */
    static TlsCapableTransport connect(Protocol wrapper) {
        TlsCapableTransport t = new TlsCapableTransport();
        t.setProtocol(wrapper);
        wrapper.makeConnection(t);
        return t;
    }
}
