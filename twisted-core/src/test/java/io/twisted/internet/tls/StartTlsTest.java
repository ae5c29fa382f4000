package io.twisted.internet.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twisted.internet.Protocol;
import io.twisted.internet.defer.Failure;
import io.twisted.internet.error.ConnectionDone;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** STARTTLS (RFC 3207 style) on a plain in-memory connection, with the layer slid in mid-stream. */
class StartTlsTest {

    /** A line protocol: records lines; on STARTTLS (optionally answering first) switches to TLS. */
    static class LineEnd extends Protocol implements HandshakeListener {
        final List<String> lines = new ArrayList<>();
        final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        final TlsOptions tlsOptions;
        int connectionMadeCalls;
        boolean tlsDone;
        Failure lost;

        LineEnd(TlsOptions tlsOptions) {
            this.tlsOptions = tlsOptions;
        }

        @Override
        public void connectionMade() {
            connectionMadeCalls++;
        }

        @Override
        public void dataReceived(ByteBuffer data) {
            while (data.hasRemaining()) {
                byte b = data.get();
                if (b != '\n') {
                    buffer.write(b);
                    continue;
                }
                String line = buffer.toString(StandardCharsets.US_ASCII).stripTrailing();
                buffer.reset();
                lines.add(line);
                if (lineReceived(line)) {
                    // switched: whatever followed the line in this buffer is TLS, hand it back
                    transport.unreadData(data);
                    return;
                }
            }
        }

        /** Returns true if the transport was switched to TLS. */
        boolean lineReceived(String line) {
            return false;
        }

        void send(String line) {
            transport.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        }

        void startTls() {
            transport.startTLS(tlsOptions);       // the shuttle's startTLS is TlsLayer.startTls(this, this, o)
        }

        @Override
        public void handshakeCompleted() {
            tlsDone = true;
        }

        @Override
        public void connectionLost(Failure reason) {
            lost = reason;
        }
    }

    static final class Server extends LineEnd {
        final boolean answerFirst;

        Server(boolean answerFirst) {
            super(TestPki.server());
            this.answerFirst = answerFirst;
        }

        @Override
        boolean lineReceived(String line) {
            if (line.equals("STARTTLS")) {
                if (answerFirst) {
                    send("220 go ahead");
                }
                startTls();
                return true;
            }
            if (line.equals("QUIT")) {
                send("221 bye");
                transport.loseConnection();
            }
            if (line.startsWith("EHLO")) {
                send("250 STARTTLS");
            }
            return false;
        }

        @Override
        public void handshakeCompleted() {
            super.handshakeCompleted();
            send("250 secure now");
        }
    }

    static final class Client extends LineEnd {
        final boolean pipelined;

        Client(boolean pipelined) {
            super(TestPki.client("localhost"));
            this.pipelined = pipelined;
        }

        @Override
        public void connectionMade() {
            super.connectionMade();
            if (!pipelined) {
                send("EHLO client");     // a pipelined client must not expect plaintext answers
            }
            send("STARTTLS");
            if (pipelined) {
                startTls();     // the ClientHello goes out right behind the STARTTLS line
            }
        }

        @Override
        boolean lineReceived(String line) {
            if (!pipelined && line.startsWith("220")) {
                startTls();
                return true;
            }
            if (line.equals("250 secure now")) {
                send("QUIT");
            }
            return false;
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 7, 100})
    void clientHelloRightBehindTheStartTlsLineReachesTheLayerThroughUnreadData(int seed) {
        Server server = new Server(false);
        Client client = new Client(true);
        Random random = new Random(seed);
        Shuttle s = new Shuttle(client, server)
                .chunks(seed == 0 ? () -> Integer.MAX_VALUE : () -> 1 + random.nextInt(seed == 1 ? 3 : 600)).connect();
        if (seed == 0) {
            // everything the client wrote arrives in one read: "EHLO..\r\nSTARTTLS\r\n<ClientHello>"
            s.client.deliverOne();
            assertTrue(s.client.out.isEmpty());
        }
        s.pump();
        assertConversationCompleted(server, client, s);
        assertEquals(List.of("STARTTLS", "QUIT"), server.lines);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 3})
    void serverAnswersThenBothSwitch(int seed) {
        Server server = new Server(true);
        Client client = new Client(false);
        Random random = new Random(seed);
        Shuttle s = new Shuttle(client, server).chunks(seed == 0 ? () -> Integer.MAX_VALUE : () -> 1 + random.nextInt(50)).connect();
        s.pump();
        assertConversationCompleted(server, client, s);
        assertEquals(List.of("250 STARTTLS", "220 go ahead", "250 secure now", "221 bye"), client.lines);
    }

    private static void assertConversationCompleted(Server server, Client client, Shuttle s) {
        assertNull(client.lost == null ? null : client.lost.value() instanceof ConnectionDone ? null : client.lost.value());
        assertTrue(server.tlsDone && client.tlsDone);
        assertEquals(1, server.connectionMadeCalls, "connectionMade is not called again");
        assertEquals(1, client.connectionMadeCalls);
        assertTrue(server.lines.contains("QUIT"), "QUIT arrived over TLS: " + server.lines);
        assertTrue(client.lines.contains("221 bye"), "" + client.lines);
        TlsLayer serverLayer = assertInstanceOf(TlsLayer.class, server.transport());
        assertSame(serverLayer, s.server.protocol(), "the lower transport now delivers to the layer");
        assertSame(server, serverLayer.protocol());
        assertInstanceOf(ConnectionDone.class, server.lost.value());
        assertInstanceOf(ConnectionDone.class, client.lost.value());
        assertEquals("TLSv1.3", serverLayer.session().getProtocol());
    }
}
