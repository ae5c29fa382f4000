package io.twisted.internet.nio;

import io.twisted.testing.ReactorThread;
import static org.junit.jupiter.api.Assertions.*;

import io.twisted.internet.ClientFactory;
import io.twisted.internet.Connector;
import io.twisted.internet.Factory;
import io.twisted.internet.ListeningPort;
import io.twisted.internet.Protocol;
import io.twisted.internet.defer.Failure;
import io.twisted.internet.tls.PrivateCertificate;
import io.twisted.internet.tls.SelfSigned;
import io.twisted.internet.tls.ServerTlsOptions;
import io.twisted.internet.tls.TlsError;
import io.twisted.internet.tls.TlsOptions;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our TLS over real sockets against OpenSSL's command-line peers (Debian's openssl 3.0):
 * our client to {@code openssl s_server}, {@code openssl s_client} to our server, byte-exact.
 */
class TlsOpenSslInteropTest {

    static final String OPENSSL = "/usr/bin/openssl";

    @TempDir
    static Path dir;
    static PrivateCertificate cert;
    static Path key;
    static Path crt;

    @BeforeAll
    static void peerAndCertificate() throws Exception {
        boolean present = Files.isExecutable(Path.of(OPENSSL));
        if ("true".equals(System.getenv("CI"))) {
            assertTrue(present, OPENSSL + " is required with CI=true (Debian package openssl)");
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(present, "openssl not installed");
        cert = SelfSigned.create("localhost");
        key = dir.resolve("key.pem");
        crt = dir.resolve("cert.pem");
        cert.writePem(key, crt);
    }

    static int freePort() throws Exception {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    static void waitListening(int port, Process p) throws Exception {
        for (int i = 0; i < 200; i++) {
            assertTrue(p.isAlive(), "openssl exited early");
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (java.io.IOException e) {
                Thread.sleep(50);
            }
        }
        fail("openssl did not listen on " + port);
    }

    @Test
    void ourClientTalksToOpensslServerByteExact() throws Exception {
        int port = freePort();
        // -naccept 1 probes would be used up by waitListening's probe connection, so allow two.
        Process server = new ProcessBuilder(OPENSSL, "s_server", "-accept", "127.0.0.1:" + port, "-key", key.toString(),
                "-cert", crt.toString(), "-quiet", "-naccept", "2").redirectErrorStream(false).start();
        try {
            waitListening(port, server);
            byte[] toServer = new byte[256 * 1024];
            new Random(1).nextBytes(toServer);
            byte[] toClient = "hello from openssl s_server\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            CompletableFuture<byte[]> clientGot = new CompletableFuture<>();
            try (ReactorThread rt = new ReactorThread("tls-client")) {
                rt.run(() -> rt.reactor.connectSSL("127.0.0.1", port, new ClientFactory(() -> new Protocol() {
                    final ByteArrayOutputStream got = new ByteArrayOutputStream();

                    @Override
                    public void connectionMade() {
                        transport.write(toServer);
                    }

                    @Override
                    public void dataReceived(ByteBuffer data) {
                        byte[] b = new byte[data.remaining()];
                        data.get(b);
                        got.write(b, 0, b.length);
                        if (got.size() >= toClient.length) {
                            clientGot.complete(got.toByteArray());
                            transport.loseConnection();
                        }
                    }
                }), TlsOptions.forClient("localhost").withTrustRoots(cert.certificateChain())));
                InputStream out = server.getInputStream();
                byte[] serverGot = out.readNBytes(toServer.length);
                assertArrayEquals(toServer, serverGot, "openssl s_server received our bytes exactly");
                OutputStream in = server.getOutputStream();
                in.write(toClient);
                in.flush();
                assertArrayEquals(toClient, clientGot.get(30, TimeUnit.SECONDS));
            }
        } finally {
            server.destroyForcibly();
            server.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void opensslClientTalksToOurEchoServerByteExact() throws Exception {
        try (ReactorThread rt = new ReactorThread("tls-server")) {
            ListeningPort p = rt.call(() -> rt.reactor.listenSSL(0, Factory.forProtocol(TcpTransportTest.Echo::new),
                    ServerTlsOptions.of(cert), 50, "127.0.0.1"));
            int port = ((InetSocketAddress) p.getHost()).getPort();
            Process client = new ProcessBuilder(OPENSSL, "s_client", "-connect", "127.0.0.1:" + port, "-servername", "localhost",
                    "-CAfile", crt.toString(), "-verify_return_error", "-quiet").start();
            try {
                byte[] payload = new byte[256 * 1024];
                new Random(2).nextBytes(payload);
                Thread writer = new Thread(() -> {
                    try {
                        client.getOutputStream().write(payload);
                        client.getOutputStream().flush();
                    } catch (java.io.IOException ignored) {
                        // the reader reports what arrived
                    }
                });
                writer.start();
                byte[] echoed = client.getInputStream().readNBytes(payload.length);
                assertEquals(payload.length, echoed.length, "bytes echoed through openssl s_client");
                assertTrue(Arrays.equals(payload, echoed), "byte-exact echo through openssl s_client");
                writer.join(10_000);
            } finally {
                client.destroyForcibly();
                client.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void defaultClientOptionsRefuseACertificateForAnotherName() throws Exception {
        PrivateCertificate other = SelfSigned.create("other.example");
        try (ReactorThread rt = new ReactorThread("tls-mismatch")) {
            ListeningPort p = rt.call(() -> rt.reactor.listenSSL(0, Factory.forProtocol(TcpTransportTest.Echo::new),
                    ServerTlsOptions.of(other), 50, "127.0.0.1"));
            int port = ((InetSocketAddress) p.getHost()).getPort();
            CompletableFuture<Failure> lost = new CompletableFuture<>();
            // The certificate is trusted (it is its own root) but names other.example, not localhost.
            rt.run(() -> rt.reactor.connectSSL("127.0.0.1", port, new ClientFactory(() -> new Protocol() {
                @Override
                public void connectionLost(Failure reason) {
                    lost.complete(reason);
                }
            }), TlsOptions.forClient("localhost").withTrustRoots(other.certificateChain())));
            Failure f = lost.get(30, TimeUnit.SECONDS);
            assertNotNull(f.check(TlsError.class), f.toString());
            assertTrue(f.getErrorMessage().toLowerCase().contains("hostname"), f.getErrorMessage());
        }
    }
}
