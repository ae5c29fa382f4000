package io.twisted.internet.nio;

import io.twisted.testing.ReactorThread;
import static org.junit.jupiter.api.Assertions.*;

import io.twisted.internet.ClientFactory;
import io.twisted.internet.Factory;
import io.twisted.internet.ListeningPort;
import io.twisted.internet.Protocol;
import io.twisted.internet.defer.Failure;
import io.twisted.internet.tls.PrivateCertificate;
import io.twisted.internet.tls.SelfSigned;
import io.twisted.internet.tls.ServerTlsOptions;
import io.twisted.internet.tls.TlsOptions;
import io.twisted.internet.tls.TlsTransport;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** STARTTLS on live TCP connections, started by either side, with no byte lost at the switch. */
class StartTlsSocketTest {

    static PrivateCertificate cert;

    @BeforeAll
    static void certificate() {
        cert = SelfSigned.create("localhost");
    }

    /** Reads a plaintext command line; then switches to TLS and echoes. Hands bytes behind the line to the TLS layer. */
    static final class StartTlsEchoServer extends Protocol {
        final ByteArrayOutputStream plain = new ByteArrayOutputStream();
        boolean tls;

        @Override
        public void dataReceived(ByteBuffer data) {
            if (tls) {
                transport.write(data);
                return;
            }
            while (data.hasRemaining()) {
                byte b = data.get();
                plain.write(b);
                if (b == '\n') {
                    tls = true;
                    transport.startTLS(ServerTlsOptions.of(cert));
                    // The client's ClientHello may be right behind the command, in this very buffer.
                    transport.unreadData(data);
                    return;
                }
            }
        }
    }

    /** Sends the command and starts TLS at once (its ClientHello follows the command), then streams and checks an echo. */
    static final class EagerClient extends Protocol {
        final byte[] payload;
        final ByteArrayOutputStream got = new ByteArrayOutputStream();
        final CompletableFuture<byte[]> done = new CompletableFuture<>();

        EagerClient(byte[] payload) {
            this.payload = payload;
        }

        @Override
        public void connectionMade() {
            transport.write("STARTTLS\r\n".getBytes(StandardCharsets.US_ASCII));
            transport.startTLS(TlsOptions.forClient("localhost").withTrustRoots(cert.certificateChain()));
            transport.write(payload);
        }

        @Override
        public void dataReceived(ByteBuffer data) {
            byte[] b = new byte[data.remaining()];
            data.get(b);
            got.write(b, 0, b.length);
            if (got.size() >= payload.length) {
                done.complete(got.toByteArray());
                transport.loseConnection();
            }
        }

        @Override
        public void connectionLost(Failure reason) {
            done.completeExceptionally(reason.value());
        }
    }

    @Test
    void clientStartsTlsRightBehindItsCommandAndNothingIsLost() throws Exception {
        byte[] payload = new byte[1 << 20];
        new Random(5).nextBytes(payload);
        try (ReactorThread server = new ReactorThread("starttls-server"); ReactorThread client = new ReactorThread("starttls-client")) {
            ListeningPort p = server.call(() -> server.reactor.listenTCP(0, Factory.forProtocol(StartTlsEchoServer::new), "127.0.0.1"));
            EagerClient c = new EagerClient(payload);
            client.run(() -> client.reactor.connectTCP("127.0.0.1", ((InetSocketAddress) p.getHost()).getPort(), new ClientFactory(() -> c)));
            assertArrayEquals(payload, c.done.get(60, TimeUnit.SECONDS));
            assertTrue(client.call(() -> c.transport() instanceof TlsTransport));
        }
    }

    /** The server announces TLS and switches first; the client switches when it reads the announcement. */
    @Test
    void serverStartsTlsFirstAndTheClientFollows() throws Exception {
        try (ReactorThread server = new ReactorThread("starttls-server2"); ReactorThread client = new ReactorThread("starttls-client2")) {
            ListeningPort p = server.call(() -> server.reactor.listenTCP(0, Factory.forProtocol(() -> new Protocol() {
                @Override
                public void connectionMade() {
                    transport.write("READY\r\n".getBytes(StandardCharsets.US_ASCII));
                    transport.startTLS(ServerTlsOptions.of(cert));
                    transport.write("hello over tls".getBytes(StandardCharsets.US_ASCII));
                }
            }), "127.0.0.1"));
            CompletableFuture<String> got = new CompletableFuture<>();
            Protocol c = new Protocol() {
                final ByteArrayOutputStream buf = new ByteArrayOutputStream();
                boolean tls;

                @Override
                public void dataReceived(ByteBuffer data) {
                    while (!tls && data.hasRemaining()) {
                        byte b = data.get();
                        if (b == '\n') {
                            tls = true;
                            transport.startTLS(TlsOptions.forClient("localhost").withTrustRoots(cert.certificateChain()));
                            transport.unreadData(data);
                            return;
                        }
                    }
                    byte[] b = new byte[data.remaining()];
                    data.get(b);
                    buf.write(b, 0, b.length);
                    if (buf.size() == "hello over tls".length()) {
                        got.complete(buf.toString(StandardCharsets.US_ASCII));
                        transport.loseConnection();
                    }
                }
            };
            client.run(() -> client.reactor.connectTCP("127.0.0.1", ((InetSocketAddress) p.getHost()).getPort(), new ClientFactory(() -> c)));
            assertEquals("hello over tls", got.get(30, TimeUnit.SECONDS));
        }
    }

    @Test
    void startTlsWorksThroughAClientEndpoint() throws Exception {
        byte[] payload = new byte[64 * 1024];
        new Random(6).nextBytes(payload);
        try (ReactorThread server = new ReactorThread("starttls-server3"); ReactorThread client = new ReactorThread("starttls-client3")) {
            ListeningPort p = server.call(() -> server.reactor.listenTCP(0, Factory.forProtocol(StartTlsEchoServer::new), "127.0.0.1"));
            EagerClient c = new EagerClient(payload);
            client.run(() -> io.twisted.internet.endpoints.Endpoints.connectProtocol(
                    io.twisted.internet.endpoints.Endpoints.clientFromString(client.reactor,
                            "tcp:127.0.0.1:" + ((InetSocketAddress) p.getHost()).getPort()), c));
            assertArrayEquals(payload, c.done.get(60, TimeUnit.SECONDS));
        }
    }
}
