package io.twisted.internet.endpoints;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twisted.internet.Factory;
import io.twisted.internet.ListeningPort;
import io.twisted.internet.Protocol;
import io.twisted.internet.Reactor;
import io.twisted.internet.defer.Deferred;
import io.twisted.internet.defer.Failure;
import io.twisted.internet.tls.PrivateCertificate;
import io.twisted.internet.tls.SelfSigned;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ssl, unix and tls endpoint types over the real reactor: an {@code ssl:} server on 127.0.0.1
 * port 0 answering {@code ssl:} and {@code tls:} clients (certificates verified against a
 * {@link SelfSigned} root), a wrong host name refused, {@code unix:} server and client, and
 * {@link HostnameEndpoint} reaching a server that listens on IPv4 only through the name
 * {@code localhost} (whatever order the system resolver gives).
 */
@Timeout(60)
class SslUnixTlsEndpointsIntegrationTest {

    @TempDir
    Path dir;

    private final Reactor reactor = Reactor.create();
    private final Thread thread = new Thread(reactor::run, "endpoints-tls-it");
    private String key;
    private String cert;

    static final class Echo extends Protocol {
        @Override
        public void dataReceived(ByteBuffer data) {
            transport.write(data);
        }
    }

    static final class Hello extends Protocol {
        final CompletableFuture<String> reply = new CompletableFuture<>();
        final StringBuilder got = new StringBuilder();

        @Override
        public void connectionMade() {
            transport.write("hello".getBytes(StandardCharsets.US_ASCII));
        }

        @Override
        public void dataReceived(ByteBuffer data) {
            got.append(StandardCharsets.US_ASCII.decode(data));
            if (got.length() >= 5) {
                reply.complete(got.toString());
                transport.loseConnection();
            }
        }

        @Override
        public void connectionLost(Failure reason) {
            reply.completeExceptionally(reason.value());
        }
    }

    @BeforeEach
    void start() throws Exception {
        PrivateCertificate c = SelfSigned.create("localhost");
        key = dir.resolve("key.pem").toString();
        cert = dir.resolve("cert.pem").toString();
        c.writePem(Path.of(key), Path.of(cert));
        thread.start();
    }

    @AfterEach
    void stop() throws InterruptedException {
        reactor.callFromThread(() -> {
            if (reactor.isRunning()) {
                reactor.stop();
            }
        });
        thread.join(30_000);
    }

    private <T> T onReactor(Callable<Deferred<T>> c) throws Exception {
        CompletableFuture<T> f = new CompletableFuture<>();
        reactor.callFromThread(() -> {
            try {
                c.call().addCallbacks(r -> f.complete(r), fl -> f.completeExceptionally(fl.value()));
            } catch (Exception e) {
                f.completeExceptionally(e);
            }
        });
        return f.get(30, TimeUnit.SECONDS);
    }

    private static String q(String s) {
        return Endpoints.quoteStringArgument(s);
    }

    private int listenSsl() throws Exception {
        ListeningPort port = onReactor(() -> Endpoints.serverFromString(reactor,
                "ssl:0:interface=127.0.0.1:privateKey=" + q(key) + ":certKey=" + q(cert)).listen(Factory.forProtocol(Echo::new)));
        return ((InetSocketAddress) port.getHost()).getPort();
    }

    private String talk(String clientDescription) throws Exception {
        Hello hello = onReactor(() -> Endpoints.connectProtocol(Endpoints.clientFromString(reactor, clientDescription), new Hello()));
        return hello.reply.get(30, TimeUnit.SECONDS);
    }

    @Test
    void sslServerAnswersSslClientTrustingItsCertificate() throws Exception {
        int port = listenSsl();
        Files.createDirectories(dir.resolve("cas"));
        Files.copy(Path.of(cert), dir.resolve("cas/localhost.pem"));
        assertEquals("hello", talk("ssl:host=127.0.0.1:port=" + port + ":hostname=localhost:caCertsDir=" + q(dir.resolve("cas").toString())));
    }

    @Test
    void sslServerAnswersTlsClientOverHostnameEndpoint() throws Exception {
        int port = listenSsl();
        assertEquals("hello", talk("tls:localhost:" + port + ":trustRoots=" + q(cert)));
    }

    @Test
    void tlsClientOverAnExplicitEndpoint() throws Exception {
        int port = listenSsl();
        assertEquals("hello", talk("tls:localhost:" + port + ":trustRoots=" + q(cert) + ":endpoint=tcp\\:127.0.0.1\\:" + port));
    }

    @Test
    void tlsClientVerifiesTheHostNameOrAddress() throws Exception {
        int port = listenSsl();
        Hello hello = onReactor(() -> Endpoints.connectProtocol(Endpoints.clientFromString(reactor,
                "tls:127.0.0.1:" + port + ":trustRoots=" + q(cert) + ":endpoint=tcp\\:127.0.0.1\\:" + port), new Hello()));
        // The certificate names localhost and 127.0.0.1: the address passes, another name fails the handshake.
        assertEquals("hello", hello.reply.get(30, TimeUnit.SECONDS));
        Hello wrong = onReactor(() -> Endpoints.connectProtocol(Endpoints.clientFromString(reactor,
                "tls:wrong.example:" + port + ":trustRoots=" + q(cert) + ":endpoint=tcp\\:127.0.0.1\\:" + port), new Hello()));
        Exception e = org.junit.jupiter.api.Assertions.assertThrows(Exception.class, () -> wrong.reply.get(30, TimeUnit.SECONDS));
        assertTrue(wrong.got.length() == 0, "no data over an unverified connection");
        assertInstanceOf(java.util.concurrent.ExecutionException.class, e);
    }

    @Test
    void unixServerAndClient() throws Exception {
        String path = dir.resolve("echo.sock").toString();
        ListeningPort port = onReactor(() -> Endpoints.serverFromString(reactor, "unix:" + q(path) + ":mode=600:lockfile=0")
                .listen(Factory.forProtocol(Echo::new)));
        assertTrue(Files.exists(Path.of(path)));
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(Path.of(path))));
        assertEquals("hello", talk("unix:path=" + q(path) + ":timeout=10"));
        onReactor(port::stopListening);
    }

    @Test
    void hostnameEndpointReachesAnIpv4OnlyServerByName() throws Exception {
        ListeningPort port = onReactor(() -> Endpoints.serverFromString(reactor, "tcp:0:interface=127.0.0.1").listen(Factory.forProtocol(Echo::new)));
        int p = ((InetSocketAddress) port.getHost()).getPort();
        Hello hello = onReactor(() -> Endpoints.connectProtocol(new HostnameEndpoint(reactor, "localhost", p, 10, null), new Hello()));
        assertEquals("hello", hello.reply.get(30, TimeUnit.SECONDS));
    }
}
