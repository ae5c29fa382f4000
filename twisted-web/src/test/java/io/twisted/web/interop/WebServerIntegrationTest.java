package io.twisted.web.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real reactor on 127.0.0.1 port 0, with raw sockets and the JDK's {@link HttpClient}:
 * pipelining, refused smuggling closing the socket, many concurrent byte-exact downloads.
 */
class WebServerIntegrationTest {

    @TempDir
    static Path dir;
    static LiveServer server;
    static byte[] blob;

    @BeforeAll
    static void start() throws Exception {
        blob = new byte[1 << 20];
        new Random(3).nextBytes(blob);
        Files.write(dir.resolve("blob.bin"), blob);
        server = new LiveServer(dir);
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private static byte[] exchange(String request) throws Exception {
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            in.transferTo(b); // until the server closes: a hang fails by timeout
            return b.toByteArray();
        }
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrderOnOneConnection() throws Exception {
        String out = new String(exchange("GET /count HTTP/1.1\r\nHost: a\r\n\r\nGET /files/nope HTTP/1.1\r\nHost: a\r\n\r\n"
                + "GET /count HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"), StandardCharsets.ISO_8859_1);
        int first = out.indexOf("I am request #");
        int missing = out.indexOf("HTTP/1.1 404 ");
        int last = out.lastIndexOf("I am request #");
        assertTrue(first > 0 && missing > first && last > missing, out);
    }

    @Test
    void clientThatHalfClosesAfterItsRequestsGetsTheAnswers() throws Exception {
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(("GET /files/blob.bin HTTP/1.1\r\nHost: a\r\n\r\nGET /count HTTP/1.1\r\nHost: a\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            s.shutdownOutput();
            byte[] all = s.getInputStream().readAllBytes();
            String text = new String(all, StandardCharsets.ISO_8859_1);
            assertTrue(text.startsWith("HTTP/1.1 200 OK\r\n"), text.substring(0, Math.min(200, text.length())));
            assertTrue(text.contains("I am request #"), "second response missing");
            int start = text.indexOf("\r\n\r\n") + 4;
            assertArrayEquals(blob, java.util.Arrays.copyOfRange(all, start, start + blob.length));
        }
    }

    @Test
    void smugglingAttemptGets400AndClose() throws Exception {
        String out = new String(exchange("POST /form HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /count HTTP/1.1\r\nHost: a\r\n\r\n"), StandardCharsets.ISO_8859_1);
        assertTrue(out.startsWith("HTTP/1.1 400 Bad Request\r\n"), out);
        assertEquals(-1, out.indexOf("I am request"), "the smuggled request was answered");
    }

    @Test
    void concurrentJdkClientsGetByteExactBodies() throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        List<CompletableFuture<HttpResponse<byte[]>>> all = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            all.add(client.sendAsync(HttpRequest.newBuilder(URI.create(server.url("/files/blob.bin")))
                    .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofByteArray()));
        }
        for (CompletableFuture<HttpResponse<byte[]>> f : all) {
            HttpResponse<byte[]> r = f.get(30, TimeUnit.SECONDS);
            assertEquals(200, r.statusCode());
            assertArrayEquals(blob, r.body());
        }
    }

    @Test
    void reverseProxyToItselfOverRealSockets() throws Exception {
        server.thread.run(() -> server.site.root().putChild("proxy",
                new io.twisted.web.proxy.ReverseProxyResource("127.0.0.1", server.port(), "/files", server.thread.reactor)));
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpResponse<byte[]> r = client.send(HttpRequest.newBuilder(URI.create(server.url("/proxy/blob.bin")))
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, r.statusCode());
        assertArrayEquals(blob, r.body());
        HttpResponse<byte[]> ranged = client.send(HttpRequest.newBuilder(URI.create(server.url("/proxy/blob.bin")))
                .header("Range", "bytes=5-9").timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(206, ranged.statusCode());
        assertArrayEquals(java.util.Arrays.copyOfRange(blob, 5, 10), ranged.body());
    }

    @Test
    void accessLogRecordsCombinedFormat() throws Exception {
        exchange("GET /count?x=%22 HTTP/1.1\r\nHost: a\r\nUser-Agent: probe\r\nReferer: http://r/\r\nConnection: close\r\n\r\n");
        String line = server.accessLog.stream().filter(l -> l.contains("/count?x=%22")).findFirst().orElseThrow();
        assertTrue(line.matches("127\\.0\\.0\\.1 - - \\[\\d\\d/\\w\\w\\w/\\d{4}:\\d\\d:\\d\\d:\\d\\d \\+0000\\] "
                + "\"GET /count\\?x=%22 HTTP/1\\.1\" 200 \\d+ \"http://r/\" \"probe\""), line);
    }
}
