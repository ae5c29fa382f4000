package io.twisted.web.tap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twisted.application.MultiService;
import io.twisted.application.Service;
import io.twisted.testing.ReactorThread;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code twist web --https}: a key and certificate made by Debian's {@code openssl} CLI, fetched by
 * the real {@code curl} over TLS. With CI=true a missing openssl or curl fails.
 */
class HttpsCurlInteropTest {

    @TempDir
    Path dir;

    static void require(String program) {
        boolean present = Files.isExecutable(Path.of(program));
        if ("true".equals(System.getenv("CI"))) {
            assertTrue(present, program + " is required with CI=true");
        }
        Assumptions.assumeTrue(present, program + " not installed");
    }

    static String run(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "timed out: " + cmd);
        String text = new String(out, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), cmd + ": " + text);
        return text;
    }

    @Test
    void servesStaticFilesOverTls() throws Exception {
        require("/usr/bin/openssl");
        require("/usr/bin/curl");
        Path key = dir.resolve("key.pem");
        Path cert = dir.resolve("cert.pem");
        run(List.of("/usr/bin/openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key.toString(),
                "-out", cert.toString(), "-subj", "/CN=localhost", "-days", "1"));
        Path site = Files.createDirectory(dir.resolve("site"));
        Files.writeString(site.resolve("hello.txt"), "hello over tls\n");
        try (ReactorThread thread = new ReactorThread("https")) {
            WebServiceMaker maker = new WebServiceMaker();
            MultiService service = (MultiService) maker.makeService(thread.reactor, maker.options().parse(List.of(
                    "--listen", "tcp:0:interface=127.0.0.1", "--path", site.toString(), "--https", "0",
                    "--privkey", key.toString(), "--certificate", cert.toString())));
            thread.run(service::startService);
            int port = thread.call(() -> {
                for (Service s : service) {
                    if (s instanceof WebServiceMaker.TlsListenService) {
                        return ((InetSocketAddress) ((WebServiceMaker.TlsListenService) s).port().getHost()).getPort();
                    }
                }
                throw new AssertionError("no TLS service");
            });
            String body = run(List.of("/usr/bin/curl", "-sS", "--max-time", "20", "--cacert", cert.toString(),
                    "--resolve", "localhost:" + port + ":127.0.0.1", "https://localhost:" + port + "/hello.txt"));
            assertEquals("hello over tls\n", body);
            thread.call(service::stopService);
        }
    }
}
