package io.twisted.web.files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twisted.internet.PushProducer;
import io.twisted.web.http.HttpDates;
import io.twisted.web.server.Harness;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FileTest {

    static final Instant MTIME = Instant.parse("2025-06-01T12:00:00Z");

    @TempDir
    Path root;
    @TempDir
    Path outside;
    byte[] blob;

    @BeforeEach
    void makeTree() throws IOException {
        blob = new byte[200_000];
        new Random(42).nextBytes(blob);
        Files.write(root.resolve("blob.bin"), blob);
        Files.setLastModifiedTime(root.resolve("blob.bin"), FileTime.from(MTIME));
        Files.createDirectory(root.resolve("site"));
        Files.writeString(root.resolve("site/index.html"), "<h1>hi</h1>\n");
        Files.createDirectory(root.resolve("list"));
        Files.writeString(root.resolve("list/<script>.txt"), "x");
        Files.writeString(root.resolve("list/a b.txt"), "y");
        Files.writeString(root.resolve("empty.txt"), "");
        Files.writeString(outside.resolve("secret.txt"), "root:x:0:0");
        Files.createSymbolicLink(root.resolve("out"), outside.resolve("secret.txt"));
        Files.createSymbolicLink(root.resolve("outdir"), outside);
        Files.createSymbolicLink(root.resolve("in.bin"), root.resolve("blob.bin"));
    }

    private Harness get(String target, String... headers) {
        StringBuilder sb = new StringBuilder("GET " + target + " HTTP/1.1\r\nHost: a\r\n");
        for (String h : headers) {
            sb.append(h).append("\r\n");
        }
        return new Harness(new File(root)).send(sb.append("\r\n").toString()).drain();
    }

    static String head(Harness h) {
        String out = h.output();
        return out.substring(0, out.indexOf("\r\n\r\n") + 4);
    }

    static byte[] body(Harness h) {
        String out = h.output();
        return out.substring(out.indexOf("\r\n\r\n") + 4).getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void servesWholeFileByteExactWithValidators() {
        Harness h = get("/blob.bin");
        String head = head(h);
        assertTrue(head.startsWith("HTTP/1.1 200 OK\r\n"), head);
        assertTrue(head.contains("\r\nContent-Length: 200000\r\n"), head);
        assertTrue(head.contains("\r\nContent-Type: application/octet-stream\r\n"), head);
        assertTrue(head.contains("\r\nLast-Modified: Sun, 01 Jun 2025 12:00:00 GMT\r\n"), head);
        assertTrue(head.contains("\r\nAccept-Ranges: bytes\r\n"), head);
        assertTrue(head.contains("\r\nETag: \"30d40-"), head);
        assertArrayEquals(blob, body(h));
        assertFalse(h.closed());
    }

    @Test
    void headGivesLengthWithoutBody() {
        Harness h = new Harness(new File(root)).send("HEAD /blob.bin HTTP/1.1\r\nHost: a\r\n\r\n").drain();
        assertTrue(h.output().contains("\r\nContent-Length: 200000\r\n"));
        assertEquals(0, body(h).length);
    }

    @Test
    void emptyFileHasZeroLength() {
        Harness h = get("/empty.txt");
        assertTrue(head(h).contains("\r\nContent-Length: 0\r\n"));
        assertTrue(head(h).contains("\r\nContent-Type: text/plain\r\n"));
    }

    @Test
    void singleRangeGives206() {
        Harness h = get("/blob.bin", "Range: bytes=10-19");
        assertTrue(head(h).startsWith("HTTP/1.1 206 Partial Content\r\n"), head(h));
        assertTrue(head(h).contains("\r\nContent-Range: bytes 10-19/200000\r\n"));
        assertArrayEquals(Arrays.copyOfRange(blob, 10, 20), body(h));
    }

    @Test
    void suffixAndOpenRanges() {
        assertArrayEquals(Arrays.copyOfRange(blob, 199_995, 200_000), body(get("/blob.bin", "Range: bytes=-5")));
        assertArrayEquals(Arrays.copyOfRange(blob, 199_990, 200_000), body(get("/blob.bin", "Range: bytes=199990-")));
        assertArrayEquals(Arrays.copyOfRange(blob, 199_990, 200_000), body(get("/blob.bin", "Range: bytes=199990-999999")));
    }

    @Test
    void multipleRangesGiveMultipartByteranges() {
        Harness h = get("/blob.bin", "Range: bytes=0-2, 100-104");
        String head = head(h);
        assertTrue(head.startsWith("HTTP/1.1 206 "), head);
        String boundary = head.substring(head.indexOf("boundary=") + 9, head.indexOf("\r\n", head.indexOf("boundary=")));
        String body = new String(body(h), StandardCharsets.ISO_8859_1);
        String expected = "\r\n--" + boundary + "\r\nContent-Type: application/octet-stream\r\nContent-Range: bytes 0-2/200000\r\n\r\n"
                + new String(blob, 0, 3, StandardCharsets.ISO_8859_1)
                + "\r\n--" + boundary + "\r\nContent-Type: application/octet-stream\r\nContent-Range: bytes 100-104/200000\r\n\r\n"
                + new String(blob, 100, 5, StandardCharsets.ISO_8859_1) + "\r\n--" + boundary + "--\r\n";
        assertEquals(expected, body);
        assertTrue(head.contains("\r\nContent-Length: " + expected.length() + "\r\n"));
    }

    @Test
    void unsatisfiableRangeGives416() {
        Harness h = get("/blob.bin", "Range: bytes=200000-");
        assertTrue(head(h).startsWith("HTTP/1.1 416 "), head(h));
        assertTrue(head(h).contains("\r\nContent-Range: bytes */200000\r\n"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Range: bytes=5-1", "Range: bytes=x-3", "Range: lines=1-2", "Range: bytes=", "Range: bytes=,", "Range: bytes=1-2;"})
    void invalidRangeIsIgnored(String range) {
        Harness h = get("/blob.bin", range);
        assertTrue(head(h).startsWith("HTTP/1.1 200 "), range + " gave " + head(h));
        assertEquals(200_000, body(h).length);
    }

    @Test
    void emptyListElementsAreAllowed() {
        assertArrayEquals(Arrays.copyOfRange(blob, 1, 3), body(get("/blob.bin", "Range: bytes=1-2,")));
    }

    @Test
    void ifRangeMismatchServesWholeFile() {
        Harness h = get("/blob.bin", "Range: bytes=0-1", "If-Range: \"other\"");
        assertTrue(head(h).startsWith("HTTP/1.1 200 "));
    }

    @Test
    void conditionalGetGives304() {
        String etag = etagOf(get("/blob.bin"));
        Harness h = get("/blob.bin", "If-None-Match: \"zzz\", " + etag);
        assertTrue(head(h).startsWith("HTTP/1.1 304 Not Modified\r\n"), head(h));
        assertEquals(0, body(h).length);
        assertFalse(head(h).contains("Content-Length"));
        assertTrue(head(get("/blob.bin", "If-None-Match: W/" + etag)).startsWith("HTTP/1.1 304 "));
        assertTrue(head(get("/blob.bin", "If-None-Match: \"nope\"")).startsWith("HTTP/1.1 200 "));
        assertTrue(head(get("/blob.bin", "If-Modified-Since: " + HttpDates.format(MTIME))).startsWith("HTTP/1.1 304 "));
        assertTrue(head(get("/blob.bin", "If-Modified-Since: " + HttpDates.format(MTIME.minusSeconds(1))))
                .startsWith("HTTP/1.1 200 "));
        // If-None-Match wins over If-Modified-Since (RFC 9110 section 13.2.2)
        assertTrue(head(get("/blob.bin", "If-None-Match: \"nope\"", "If-Modified-Since: " + HttpDates.format(MTIME)))
                .startsWith("HTTP/1.1 200 "));
    }

    private static String etagOf(Harness h) {
        String head = head(h);
        int i = head.indexOf("ETag: ") + 6;
        return head.substring(i, head.indexOf("\r\n", i));
    }

    @Test
    void directoryWithoutSlashRedirects() {
        Harness h = get("/site?x=1");
        assertTrue(head(h).startsWith("HTTP/1.1 301 "), head(h));
        assertTrue(head(h).contains("\r\nLocation: /site/?x=1\r\n"));
    }

    @Test
    void directoryServesIndexFile() {
        Harness h = get("/site/");
        assertTrue(head(h).contains("\r\nContent-Type: text/html; charset=utf-8\r\n"));
        assertEquals("<h1>hi</h1>\n", new String(body(h), StandardCharsets.UTF_8));
    }

    @Test
    void listingEscapesNames() {
        String body = new String(body(get("/list/")), StandardCharsets.UTF_8);
        assertTrue(body.contains("<a href=\"%3Cscript%3E.txt\">&lt;script&gt;.txt</a>"), body);
        assertTrue(body.contains("<a href=\"a%20b.txt\">a b.txt</a>"), body);
        assertFalse(body.contains("<script>"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/list/..%2f..%2fetc%2fpasswd",
        "/list/%2e%2e/%2e%2e/etc/passwd", "/out", "/outdir/secret.txt", "/site/index.html/x", "/nope", "/list/%00",
        "/..%5c..%5cetc"})
    void neverServesOutsideTheRoot(String target) {
        Harness h = get(target);
        assertTrue(head(h).startsWith("HTTP/1.1 404 "), target + " gave " + head(h));
        assertFalse(h.output().contains("root:"));
    }

    @Test
    void symlinkInsideTheRootIsServed() {
        assertArrayEquals(blob, body(get("/in.bin")));
    }

    @Test
    void otherMethodsGet405() {
        Harness h = new Harness(new File(root)).send("POST /blob.bin HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n");
        assertTrue(h.output().startsWith("HTTP/1.1 405 "));
        assertTrue(h.output().contains("\r\nAllow: GET, HEAD\r\n"));
    }

    @Test
    void pausedProducerWritesNothingUntilResumed() throws IOException {
        byte[] big = new byte[FileProducer.CHUNK_SIZE * FileProducer.CHUNKS_PER_TURN * 3];
        new Random(7).nextBytes(big);
        Files.write(root.resolve("big.bin"), big);
        Harness h = new Harness(new File(root)).send("GET /big.bin HTTP/1.1\r\nHost: a\r\n\r\n");
        PushProducer producer = (PushProducer) h.transport.producer();
        assertTrue(h.transport.isStreaming());
        producer.pauseProducing();
        h.drain();
        assertEquals("", h.output(), "wrote while paused");
        producer.resumeProducing();
        h.drain();
        assertArrayEquals(big, body(h));
        assertEquals(null, h.transport.producer(), "producer not unregistered");
    }

    /** A transport that pauses its producer whenever more than {@code window} bytes were written since the last resume. */
    static final class WindowTransport extends io.twisted.testing.StringTransportWithDisconnection {
        final int window;
        int sinceResume;
        int maxSinceResume;

        WindowTransport(int window) {
            this.window = window;
        }

        @Override
        public void write(java.nio.ByteBuffer data) {
            sinceResume += data.remaining();
            maxSinceResume = Math.max(maxSinceResume, sinceResume);
            super.write(data);
            if (sinceResume > window && producer() instanceof PushProducer) {
                ((PushProducer) producer()).pauseProducing();
            }
        }

        void resume() {
            sinceResume = 0;
            ((PushProducer) producer()).resumeProducing();
        }
    }

    @Test
    void slowClientCostsBoundedMemory() throws IOException {
        byte[] big = new byte[3_000_000];
        new Random(9).nextBytes(big);
        Files.write(root.resolve("big.bin"), big);
        io.twisted.internet.task.Clock clock = new io.twisted.internet.task.Clock();
        io.twisted.web.server.Site site = new io.twisted.web.server.Site(new File(root), clock);
        WindowTransport t = new WindowTransport(100_000);
        io.twisted.internet.Protocol channel = site.buildProtocol(t.getPeer());
        t.setProtocol(channel);
        channel.makeConnection(t);
        channel.dataReceived(java.nio.ByteBuffer.wrap("GET /big.bin HTTP/1.1\r\nHost: a\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
        int resumes = 0;
        while (t.producer() != null) {
            clock.advance(0);
            if (t.producer() != null) {
                t.resume();
                resumes++;
            }
        }
        assertTrue(resumes >= 20, "the producer was paused only " + resumes + " times");
        assertTrue(t.maxSinceResume <= 100_000 + FileProducer.CHUNK_SIZE + 1000, "wrote " + t.maxSinceResume + " bytes past a pause");
        String out = t.valueAsString(StandardCharsets.ISO_8859_1);
        assertArrayEquals(big, out.substring(out.indexOf("\r\n\r\n") + 4).getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void stopProducingEndsTheStream() throws IOException {
        Files.write(root.resolve("big.bin"), new byte[FileProducer.CHUNK_SIZE * FileProducer.CHUNKS_PER_TURN * 3]);
        Harness h = new Harness(new File(root)).send("GET /big.bin HTTP/1.1\r\nHost: a\r\n\r\n");
        h.transport.producer().stopProducing();
        h.drain();
        assertEquals("", h.output());
    }
}
