package io.twisted.web.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twisted.internet.defer.Deferred;
import io.twisted.internet.tls.PrivateCertificate;
import io.twisted.internet.tls.SelfSigned;
import io.twisted.internet.tls.TlsOptions;
import io.twisted.testing.ReactorThread;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our Agent against a server nobody here wrote: Python 3's {@code http.server} (Debian's
 * {@code /usr/bin/python3}, 3.11 when written), run as {@code -m http.server} and as the small
 * {@code http_peer.py} (HTTP/1.1, gzip, connection counting, TLS with a SelfSigned certificate).
 */
class PythonHttpServerInteropTest {

    private static final String GZIP_TEXT = "gzip from python ".repeat(200);

    @TempDir
    Path dir;
    private ReactorThread thread;
    private byte[] file;

    @BeforeEach
    void setUp() throws Exception {
        file = new byte[300_000];
        new Random(7).nextBytes(file);
        Files.write(dir.resolve("file.bin"), file);
        Files.createDirectories(dir.resolve("sub"));
        Files.writeString(dir.resolve("sub/index.html"), "<p>index of sub</p>");
        thread = new ReactorThread("python-interop");
    }

    @AfterEach
    void tearDown() throws Exception {
        thread.close();
    }

    private <T> T await(Callable<Deferred<T>> start) throws Exception {
        return thread.call(() -> start.call().toCompletableFuture()).get(15, TimeUnit.SECONDS);
    }

    private static String causes(Throwable e) {
        StringBuilder sb = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            sb.append(t).append(" / ");
        }
        return sb.toString();
    }

    @Test
    void fetchesByteExactFromHttpServerModule() throws Exception {
        try (PythonServer py = PythonServer.httpServerModule(dir)) {
            Agent agent = new Agent(thread.reactor);
            byte[] body = await(() -> agent.request("GET", "http://127.0.0.1:" + py.port + "/file.bin")
                    .addCallbackDeferred(Bodies::readBody));
            assertArrayEquals(file, body);
        }
    }

    @Test
    void followsDirectoryRedirectOfHttpServerModule() throws Exception {
        try (PythonServer py = PythonServer.httpServerModule(dir)) {
            RedirectAgent agent = new RedirectAgent(new Agent(thread.reactor));
            Response[] last = new Response[1];
            String body = await(() -> agent.request("GET", "http://127.0.0.1:" + py.port + "/sub").addCallbackDeferred(r -> {
                last[0] = r;
                return HttpClient.text(r);
            }));
            assertEquals("<p>index of sub</p>", body);
            assertEquals(301, last[0].previousResponse().code());
            assertEquals("/sub/", last[0].requestUri().getPath());
        }
    }

    @Test
    void decodesGzipFollowsRedirectAndReusesPooledConnection() throws Exception {
        try (PythonServer py = PythonServer.peer(dir, null, null)) {
            String base = "http://127.0.0.1:" + py.port;
            HttpClient client = thread.call(() -> HttpClient.create(thread.reactor));
            assertEquals(GZIP_TEXT, await(() -> client.get(base + "/gzip").addCallbackDeferred(HttpClient::text)));
            assertEquals(GZIP_TEXT, await(() -> client.get(base + "/redirect").addCallbackDeferred(HttpClient::text)));
            assertArrayEquals(file, await(() -> client.get(base + "/file.bin").addCallbackDeferred(HttpClient::content)));
            assertEquals("1", await(() -> client.get(base + "/connections").addCallbackDeferred(HttpClient::text)),
                    "every request on one pooled connection");
        }
    }

    @Test
    void fetchesOverTlsWithVerifiedHostname() throws Exception {
        PrivateCertificate cert = SelfSigned.create("127.0.0.1");
        Path certFile = dir.resolve("cert.pem");
        Path keyFile = dir.resolve("key.pem");
        cert.writePem(keyFile, certFile);
        try (PythonServer py = PythonServer.peer(dir, certFile, keyFile)) {
            String url = "https://127.0.0.1:" + py.port + "/file.bin";
            Agent trusting = Agent.builder(thread.reactor)
                    .pool(thread.call(() -> new HttpConnectionPool(thread.reactor)))
                    .tls(host -> TlsOptions.forClient(host).withTrustRoots(cert.certificateChain())).build();
            assertArrayEquals(file, await(() -> trusting.request("GET", url).addCallbackDeferred(Bodies::readBody)));
            HttpClient client = new HttpClient(new RedirectAgent(new ContentDecoderAgent(trusting)));
            assertEquals(GZIP_TEXT, await(() -> client.get("https://127.0.0.1:" + py.port + "/redirect")
                    .addCallbackDeferred(HttpClient::text)));
            assertEquals("1", await(() -> client.get("https://127.0.0.1:" + py.port + "/connections")
                    .addCallbackDeferred(HttpClient::text)));

            // Verification is on by default: the JDK's trust roots do not know this certificate.
            Agent defaults = new Agent(thread.reactor);
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> await(() -> defaults.request("GET", url).addCallbackDeferred(Bodies::readBody)));
            String chain = causes(e);
            assertTrue(chain.contains("TlsError") && chain.contains("certification path"), chain);
        }
    }

    @Test
    void refusesCertificateForAnotherName() throws Exception {
        PrivateCertificate cert = SelfSigned.create("other.example");
        Path certFile = dir.resolve("cert.pem");
        Path keyFile = dir.resolve("key.pem");
        cert.writePem(keyFile, certFile);
        try (PythonServer py = PythonServer.peer(dir, certFile, keyFile)) {
            Agent agent = Agent.builder(thread.reactor)
                    .tls(host -> TlsOptions.forClient(host).withTrustRoots(cert.certificateChain())).build();
            ExecutionException e = assertThrows(ExecutionException.class, () -> await(() -> agent
                    .request("GET", "https://127.0.0.1:" + py.port + "/file.bin").addCallbackDeferred(Bodies::readBody)));
            String chain = causes(e);
            assertTrue(chain.contains("TlsError") && chain.contains("hostname verification failed"), chain);
        }
    }
}
