package io.twisted.amp;

import static org.junit.jupiter.api.Assertions.*;

import io.twisted.internet.ClientFactory;
import io.twisted.internet.Factory;
import io.twisted.internet.ListeningPort;
import io.twisted.internet.defer.Deferred;
import io.twisted.internet.tls.PrivateCertificate;
import io.twisted.internet.tls.SelfSigned;
import io.twisted.internet.tls.ServerTlsOptions;
import io.twisted.internet.tls.TlsLayer;
import io.twisted.internet.tls.TlsOptions;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * AMP StartTLS between us and the real Python Twisted (python3-twisted 22.4 with pyOpenSSL,
 * {@code interop/amp_tls_peer.py}), both directions: plain AMP, StartTLS, then a call over TLS.
 */
class AmpStartTlsInteropTest {

    @TempDir
    static Path dir;
    static PrivateCertificate cert;
    static Path key;
    static Path crt;

    @BeforeAll
    static void peerAndCertificate() throws Exception {
        PythonTwisted.require();
        cert = SelfSigned.create("localhost");
        key = dir.resolve("key.pem");
        crt = dir.resolve("cert.pem");
        Files.writeString(key, cert.privateKeyPem());
        Files.writeString(crt, cert.certificatePem());
    }

    record SumArgs(long a, long b) {}

    record SumResult(long total, Boolean tls) {}

    static final class Sum extends Command<SumArgs, SumResult> {
        Sum() {
            super(Command.builder("Sum", Schema.of(SumArgs.class, Field.of("a", Arguments.INTEGER), Field.of("b", Arguments.INTEGER)),
                    Schema.of(SumResult.class, Field.of("total", Arguments.INTEGER), Field.of("tls", Arguments.BOOLEAN))));
        }
    }

    /** Answers StartTLS with our certificate, and Sum saying whether TLS is on. */
    static final class TlsServer extends Amp {
        TlsServer() {
            responder(StartTls.COMMAND, ignored -> ServerTlsOptions.of(cert));
            responder(new Sum(), a -> new SumResult(a.a() + a.b(), transport instanceof TlsLayer));
        }
    }

    @Test
    void pythonClientStartsTlsWithJavaServer() throws Exception {
        try (var rt = new PythonTwisted.ReactorThread("amp-tls-server")) {
            ListeningPort port = rt.call(() -> rt.reactor.listenTCP(0, Factory.forProtocol(TlsServer::new), "127.0.0.1"));
            int p = ((InetSocketAddress) port.getHost()).getPort();
            PythonTwisted.Result r = PythonTwisted.run("amp_tls_peer.py", 60, "client", Integer.toString(p), crt.toString());
            assertEquals(0, r.exitCode(), r.output());
            assertTrue(r.output().contains("AMP TLS CLIENT OK"), r.output());
        }
    }

    @Test
    void javaClientStartsTlsWithPythonServer() throws Exception {
        try (var server = new PythonTwisted.Server("amp_tls_peer.py", "server", key.toString(), crt.toString());
             var rt = new PythonTwisted.ReactorThread("amp-tls-client")) {
            Amp client = new Amp();
            rt.call(() -> rt.reactor.connectTCP("127.0.0.1", server.port, new ClientFactory(() -> client)));
            CompletableFuture<Void> tls = rt.call(() -> client.startTls(
                    TlsOptions.forClient("localhost").withTrustRoots(cert.certificateChain())).toCompletableFuture());
            tls.get(30, TimeUnit.SECONDS);
            CompletableFuture<SumResult> sum = rt.call(() -> {
                Deferred<SumResult> d = client.callRemote(new Sum(), new SumArgs(20, 22));
                return d.toCompletableFuture();
            });
            SumResult r = sum.get(30, TimeUnit.SECONDS);
            assertEquals(42, r.total(), server.output());
            assertEquals(Boolean.TRUE, r.tls(), "the Python side reports TLS on its transport");
            assertTrue(rt.call(() -> client.transport() instanceof TlsLayer));
            rt.call(() -> {
                client.transport().loseConnection();
                return null;
            });
        }
    }
}
