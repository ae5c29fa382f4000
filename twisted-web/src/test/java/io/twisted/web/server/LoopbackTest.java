package io.twisted.web.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twisted.internet.Protocol;
import io.twisted.internet.task.Clock;
import io.twisted.testing.LoopbackPump;
import io.twisted.web.files.File;
import io.twisted.web.http.HttpHeaders;
import io.twisted.web.http.HttpMessageListener;
import io.twisted.web.http.HttpParser;
import io.twisted.web.http.HttpVersion;
import io.twisted.web.resource.Resource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A client protocol built on the same {@link HttpParser} (response mode) talking to a {@link Site}
 * through the in-memory {@link LoopbackPump}: the one parser reads what the server writes, at
 * several delivery chunk sizes, with the pump's real flow control (watermarks) on the way.
 */
class LoopbackTest {

    /** Sends requests, parses responses with HttpParser in response mode. */
    static final class Client extends Protocol implements HttpMessageListener {
        final HttpParser parser = new HttpParser(HttpParser.Mode.RESPONSE, this);
        final List<String> statuses = new ArrayList<>();
        final List<byte[]> bodies = new ArrayList<>();
        final ByteArrayOutputStream current = new ByteArrayOutputStream();
        int maxBuffered;

        @Override
        public void dataReceived(ByteBuffer data) {
            while (data.hasRemaining()) {
                parser.feed(data);
                if (parser.isComplete()) {
                    parser.reset();
                }
            }
        }

        @Override
        public void statusLine(HttpVersion version, int status, String reason) {
            statuses.add(status + " " + reason);
        }

        @Override
        public void headersComplete(HttpHeaders headers) {
        }

        @Override
        public void bodyData(ByteBuffer data) {
            byte[] b = new byte[data.remaining()];
            data.get(b);
            current.write(b, 0, b.length);
        }

        @Override
        public void messageComplete(HttpHeaders trailers) {
            bodies.add(current.toByteArray());
            current.reset();
        }
    }

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 1000, Integer.MAX_VALUE})
    void clientOnTheSameParserReadsPipelinedResponses(int chunkSize) throws IOException {
        byte[] blob = new byte[chunkSize == 1 ? 20_000 : 300_000];
        new Random(5).nextBytes(blob);
        Files.write(dir.resolve("blob.bin"), blob);
        Resource root = new Resource();
        root.putChild("files", new File(dir));
        root.putChild("later", new Resource() {
            @Override
            public Object renderGET(Request request) {
                request.write("chunk one,");
                request.getSite().reactor().callLater(1, () -> {
                    request.write(" chunk two");
                    request.finish();
                });
                return NOT_DONE_YET;
            }
        });
        Clock clock = new Clock();
        Site site = new Site(root, clock);
        Client client = new Client();
        LoopbackPump pump = LoopbackPump.builder().clock(clock).chunkSize(chunkSize).watermarks(16 * 1024, 4 * 1024)
                .connect(site.buildProtocol(LoopbackPump.DEFAULT_CLIENT_ADDRESS), client);
        client.transport().write(("GET /later HTTP/1.1\r\nHost: a\r\n\r\n"
                + "GET /files/blob.bin HTTP/1.1\r\nHost: a\r\n\r\n"
                + "GET /files/nope HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        pump.pump();
        assertEquals(List.of(), client.bodies, "a response finished before its time");
        clock.advance(1);
        long maxQueued = 0;
        while (pump.flush()) {
            maxQueued = Math.max(maxQueued, pump.serverTransport().queuedBytes());
        }
        assertEquals(List.of("200 OK", "200 OK", "404 Not Found"), client.statuses);
        assertEquals("chunk one, chunk two", new String(client.bodies.get(0), StandardCharsets.UTF_8));
        assertArrayEquals(blob, client.bodies.get(1));
        assertTrue(pump.isClosed(), "Connection: close was not honoured");
        // the file producer pauses above the 16 KiB watermark: at most one more 64 KiB chunk is queued
        assertTrue(maxQueued <= 16 * 1024 + 64 * 1024 + 1024, "queued " + maxQueued);
    }
}
