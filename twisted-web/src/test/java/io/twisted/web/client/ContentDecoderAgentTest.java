package io.twisted.web.client;

import static io.twisted.web.client.AgentTest.failure;
import static io.twisted.web.client.AgentTest.result;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.twisted.internet.defer.Deferred;
import io.twisted.testing.Chunkings;
import io.twisted.testing.Chunkings.Chunking;
import io.twisted.web.client.FakeHttpServer.Answer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import java.util.zip.DataFormatException;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Gzip decoding: the decoder under every chunking, and the agent end to end in memory. */
class ContentDecoderAgentTest {

    static byte[] gzip(byte[] data) {
        try {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            try (GZIPOutputStream g = new GZIPOutputStream(b)) {
                g.write(data);
            }
            return b.toByteArray();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static final byte[] PLAIN = "hello gzip, hello gzip, hello gzip!".getBytes(StandardCharsets.US_ASCII);

    static Stream<Chunking> gzipped() {
        // Two members back to back (RFC 1952 section 2.2), the second with a file name (FNAME).
        byte[] a = gzip(PLAIN);
        byte[] b = gzip("tail".getBytes(StandardCharsets.US_ASCII));
        byte[] named = new byte[b.length + 4];
        System.arraycopy(b, 0, named, 0, 10);
        named[3] = 8; // FNAME
        named[10] = 'f';
        named[11] = '.';
        named[12] = 'z';
        named[13] = 0;
        System.arraycopy(b, 10, named, 14, b.length - 10);
        byte[] both = new byte[a.length + named.length];
        System.arraycopy(a, 0, both, 0, a.length);
        System.arraycopy(named, 0, both, a.length, named.length);
        return Chunkings.of(both).stream();
    }

    @ParameterizedTest
    @MethodSource("gzipped")
    void decodesUnderEveryChunking(Chunking chunking) {
        GzipDecoder decoder = new GzipDecoder();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        chunking.forEach(buf -> {
            try {
                decoder.decode(buf, b -> {
                    byte[] x = new byte[b.remaining()];
                    b.get(x);
                    out.writeBytes(x);
                });
            } catch (DataFormatException e) {
                throw new AssertionError(e);
            }
        });
        assertEquals(new String(PLAIN, StandardCharsets.US_ASCII) + "tail", out.toString(StandardCharsets.US_ASCII));
        assertEquals(true, decoder.isComplete());
    }

    @Test
    void rejectsCorruptCrc() {
        byte[] g = gzip(PLAIN);
        g[g.length - 8] ^= 1;
        GzipDecoder decoder = new GzipDecoder();
        org.junit.jupiter.api.Assertions.assertThrows(DataFormatException.class,
                () -> decoder.decode(java.nio.ByteBuffer.wrap(g), b -> b.position(b.limit())));
    }

    private static String gzipResponse(byte[] body) {
        return "HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: " + body.length + "\r\n\r\n"
                + new String(body, StandardCharsets.ISO_8859_1);
    }

    @Test
    void agentAsksForAndDecodesGzip() {
        MemoryNetwork net = new MemoryNetwork(r -> Answer.of(gzipResponse(gzip(PLAIN))), 5);
        Response[] seen = new Response[1];
        Deferred<byte[]> d = new ContentDecoderAgent(new Agent(net.reactor)).request("GET", "http://h/")
                .addCallbackDeferred(r -> {
                    seen[0] = r;
                    return Bodies.readBody(r);
                });
        net.drive();
        assertArrayEquals(PLAIN, result(d));
        assertEquals("gzip", net.requests.get(0).headers().get("Accept-Encoding"));
        assertNull(seen[0].headers().get("Content-Encoding"));
        assertNull(seen[0].headers().get("Content-Length"));
    }

    @Test
    void truncatedGzipFails() {
        byte[] g = gzip(PLAIN);
        byte[] cut = java.util.Arrays.copyOf(g, g.length - 3);
        MemoryNetwork net = new MemoryNetwork(r -> Answer.of(gzipResponse(cut)));
        Deferred<byte[]> d = new ContentDecoderAgent(new Agent(net.reactor)).request("GET", "http://h/")
                .addCallbackDeferred(Bodies::readBody);
        net.drive();
        assertInstanceOf(ResponseFailed.class, failure(d).value());
    }

    @Test
    void passesIdentityThrough() {
        MemoryNetwork net = new MemoryNetwork(r -> Answer.of(FakeHttpServer.ok("plain")));
        Deferred<byte[]> d = new ContentDecoderAgent(new Agent(net.reactor)).request("GET", "http://h/")
                .addCallbackDeferred(Bodies::readBody);
        net.drive();
        assertEquals("plain", new String(result(d), StandardCharsets.US_ASCII));
    }
}
