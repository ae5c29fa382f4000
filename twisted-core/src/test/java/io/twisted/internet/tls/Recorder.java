package io.twisted.internet.tls;

import io.twisted.internet.Protocol;
import io.twisted.internet.defer.Failure;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** An application protocol that records what happens to it; optionally echoes. */
class Recorder extends Protocol implements HandshakeListener {
    final ByteArrayOutputStream received = new ByteArrayOutputStream();
    int connectionMadeCalls;
    int handshakes;
    Failure lost;
    int lostCalls;
    boolean echo;
    /** Written in connectionMade (before the handshake completes), if not null. */
    byte[] greeting;

    Recorder echoing() {
        echo = true;
        return this;
    }

    Recorder greeting(String s) {
        greeting = s.getBytes(StandardCharsets.UTF_8);
        return this;
    }

    @Override
    public void connectionMade() {
        connectionMadeCalls++;
        if (greeting != null) {
            transport.write(greeting);
        }
    }

    @Override
    public void handshakeCompleted() {
        handshakes++;
    }

    @Override
    public void dataReceived(ByteBuffer data) {
        if (echo) {
            ByteBuffer dup = data.duplicate();
            byte[] b = new byte[dup.remaining()];
            dup.get(b);
            received.write(b, 0, b.length);
            transport.write(data);            // the very buffer we were handed
        } else {
            byte[] b = new byte[data.remaining()];
            data.get(b);
            received.write(b, 0, b.length);
        }
    }

    @Override
    public void connectionLost(Failure reason) {
        lost = reason;
        lostCalls++;
    }

    String text() {
        return received.toString(StandardCharsets.UTF_8);
    }

    TlsTransport tls() {
        return (TlsTransport) transport;
    }
}
