package io.twisted.web.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code curl} (Debian's curl 7.88 here) against our server on 127.0.0.1: GET, HEAD, POST
 * form, multipart upload with {@code Expect: 100-continue}, ranges, conditional GET, keep-alive
 * and {@code --http1.0}. With CI=true a missing curl fails.
 */
class CurlInteropTest {

    static final String CURL = "/usr/bin/curl";

    @TempDir
    static Path dir;
    static LiveServer server;
    static byte[] blob;

    @BeforeAll
    static void start() throws Exception {
        Peer.require(CURL, "curl");
        blob = new byte[1_000_000];
        new Random(1).nextBytes(blob);
        Files.write(dir.resolve("blob.bin"), blob);
        Files.writeString(dir.resolve("index.html"), "<h1>hi</h1>\n");
        server = new LiveServer(dir);
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private Peer.Result curl(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(CURL, "-sS", "--max-time", "20"));
        cmd.addAll(Arrays.asList(args));
        Peer.Result r = Peer.run(cmd);
        assertEquals(0, r.exit(), "curl failed: " + r.stderr());
        return r;
    }

    @Test
    void getIsByteExact() throws Exception {
        assertArrayEquals(blob, curl(server.url("/files/blob.bin")).stdout());
        assertEquals("<h1>hi</h1>\n", curl(server.url("/files/")).out());
    }

    @Test
    void headShowsLengthAndNoBody() throws Exception {
        String out = curl("-I", server.url("/files/blob.bin")).out().toLowerCase(Locale.ROOT);
        assertTrue(out.startsWith("http/1.1 200 ok"), out);
        assertTrue(out.contains("content-length: 1000000\r\n"), out);
    }

    @Test
    void postedFormIsEchoedEscaped() throws Exception {
        assertEquals("You submitted: &lt;b&gt;x&lt;/b&gt; &amp; more",
                curl("--data-urlencode", "the-field=<b>x</b> & more", server.url("/form")).out());
    }

    @Test
    void multipartUploadWithExpectContinue() throws Exception {
        byte[] big = new byte[2_000_000];
        new Random(2).nextBytes(big);
        Path f = dir.resolve("up.bin");
        Files.write(f, big);
        Peer.Result r = curl("-v", "-F", "file=@" + f, "-F", "note=hello", server.url("/upload"));
        assertEquals("file up.bin 2000000 " + LiveServer.sha256(big) + "\nnote null 5 "
                + LiveServer.sha256("hello".getBytes()) + "\n", r.out());
        assertTrue(r.stderr().contains("HTTP/1.1 100 Continue"), "no interim 100: " + r.stderr());
    }

    @Test
    void rangeRequestsGive206() throws Exception {
        Peer.Result r = curl("-r", "10-19", "-w", "\n%{http_code}", server.url("/files/blob.bin"));
        byte[] out = r.stdout();
        assertEquals("\n206", new String(out, out.length - 4, 4));
        assertArrayEquals(Arrays.copyOfRange(blob, 10, 20), Arrays.copyOf(out, 10));
        String multi = curl("-r", "0-1,5-6", "-D", "-", "-o", "/dev/null", server.url("/files/blob.bin")).out();
        assertTrue(multi.toLowerCase(Locale.ROOT).contains("content-type: multipart/byteranges; boundary="), multi);
        assertEquals("416", curl("-r", "2000000-", "-o", "/dev/null", "-w", "%{http_code}", server.url("/files/blob.bin")).out());
    }

    @Test
    void conditionalGetGives304() throws Exception {
        String headers = curl("-I", server.url("/files/blob.bin")).out();
        String etag = headerValue(headers, "etag");
        String lastModified = headerValue(headers, "last-modified");
        assertEquals("304", curl("-H", "If-None-Match: " + etag, "-o", "/dev/null", "-w", "%{http_code}",
                server.url("/files/blob.bin")).out());
        assertEquals("304", curl("-z", lastModified, "-o", "/dev/null", "-w", "%{http_code}",
                server.url("/files/blob.bin")).out());
    }

    private static String headerValue(String headers, String name) {
        for (String line : headers.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith(name + ":")) {
                return line.substring(name.length() + 1).trim();
            }
        }
        throw new AssertionError("no " + name + " in " + headers);
    }

    @Test
    void keepAliveReusesOneConnection() throws Exception {
        Peer.Result r = curl("-o", "/dev/null", "-o", "/dev/null", "-o", "/dev/null", "-w", "%{num_connects} ",
                server.url("/count"), server.url("/files/blob.bin"), server.url("/count"));
        assertEquals("1 0 0 ", r.out());
    }

    @Test
    void http10ClientGetsAClosedDelimitedResponse() throws Exception {
        Peer.Result r = curl("--http1.0", "-D", "-", server.url("/form"));
        String out = r.out();
        assertTrue(out.startsWith("HTTP/1.1 200 OK\r\n"), out);
        assertTrue(out.contains("\r\nConnection: close\r\n"), out);
        assertTrue(out.endsWith("<input name=\"the-field\"></form>"), out);
        assertArrayEquals(blob, curl("--http1.0", server.url("/files/blob.bin")).stdout());
    }

    @Test
    void forwardProxyRelaysForCurl() throws Exception {
        io.twisted.web.server.Site proxySite = new io.twisted.web.server.Site(
                new io.twisted.web.proxy.ForwardProxyResource(server.thread.reactor), server.thread.reactor);
        io.twisted.internet.ListeningPort proxyPort = server.thread.call(
                () -> server.thread.reactor.listenTCP(0, proxySite, "127.0.0.1"));
        try {
            String proxy = "http://127.0.0.1:" + ((java.net.InetSocketAddress) proxyPort.getHost()).getPort();
            assertArrayEquals(blob, curl("-x", proxy, server.url("/files/blob.bin")).stdout());
            assertEquals("You submitted: a b", curl("-x", proxy, "--data-urlencode", "the-field=a b", server.url("/form")).out());
            assertEquals("502", curl("-x", proxy, "-o", "/dev/null", "-w", "%{http_code}", "http://127.0.0.1:1/").out());
        } finally {
            server.thread.call(proxyPort::stopListening);
        }
    }

    @Test
    void missingFileIs404AndTraversalIsRefused() throws Exception {
        assertEquals("404", curl("-o", "/dev/null", "-w", "%{http_code}", server.url("/files/nope")).out());
        assertEquals("404", curl("--path-as-is", "-o", "/dev/null", "-w", "%{http_code}",
                server.url("/files/../../../../etc/passwd")).out());
        assertEquals("404", curl("-o", "/dev/null", "-w", "%{http_code}",
                server.url("/files/%2e%2e/%2e%2e/%2e%2e/etc/passwd")).out());
    }
}
