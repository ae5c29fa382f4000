package io.twisted.web.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twisted.internet.PushProducer;
import io.twisted.internet.defer.Failure;
import io.twisted.internet.error.ConnectionLost;
import io.twisted.testing.Chunkings;
import io.twisted.testing.StringTransport.ProducerState;
import io.twisted.web.http.HttpLimits;
import io.twisted.web.resource.Resource;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Request bodies streamed to a resource that asks for them (in memory: StringTransport and Clock). */
class StreamedBodyTest {

    /** Streams the body of POSTs under it into {@link #received}; answers with its size once complete. */
    static final class Sink extends Resource implements RequestBodyReceiver {
        final ByteArrayOutputStream received = new ByteArrayOutputStream();
        final List<String> events = new ArrayList<>();
        boolean askAtOnce = true;
        Request request;
        PushProducer producer;
        Failure failure;

        @Override
        public boolean isLeaf() {
            return true;
        }

        @Override
        public boolean streamsRequestBody(Request request) {
            return true;
        }

        @Override
        public Object renderPOST(Request request) {
            this.request = request;
            events.add("render streamed=" + request.isBodyStreamed());
            if (askAtOnce) {
                ask();
            }
            return NOT_DONE_YET;
        }

        void ask() {
            producer = request.receiveBody(this);
        }

        @Override
        public void bodyDataReceived(ByteBuffer data) {
            byte[] b = new byte[data.remaining()];
            data.get(b);
            received.write(b, 0, b.length);
        }

        @Override
        public void bodyComplete() {
            events.add("complete");
            request.finishWith(("got " + received.size() + "\r\n").getBytes(StandardCharsets.US_ASCII));
        }

        @Override
        public void bodyFailed(Failure reason) {
            events.add("failed");
            failure = reason;
        }
    }

    static byte[] body(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + 7);
        }
        return b;
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void contentLengthBodyArrivesWholeAtEveryChunking() {
        byte[] content = body(3000);
        byte[] input = concat(ascii("POST /up HTTP/1.1\r\nHost: a\r\nContent-Length: 3000\r\n\r\n"), content);
        input = concat(input, ascii("GET /next HTTP/1.1\r\nHost: a\r\n\r\n"));
        for (Chunkings.Chunking c : Chunkings.of(input)) {
            Sink sink = new Sink();
            Resource root = new Resource();
            root.putChild("up", sink);
            Harness h = new Harness(root);
            h.send(c).drain();
            assertArrayEquals(content, sink.received.toByteArray(), c.toString());
            assertEquals(List.of("render streamed=true", "complete"), sink.events, c.toString());
            assertTrue(h.output().contains("got 3000\r\n"), c + ": " + h.output());
            assertEquals(List.of(200, 404), h.statuses(), c + ": " + h.output());
            assertFalse(h.closed(), c.toString());
        }
    }

    @Test
    void chunkedBodyArrivesDecodedAtEveryChunking() {
        byte[] input = ascii("POST /up HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5\r\nhello\r\n6;ext=1\r\n world\r\n0\r\nX-Trailer: t\r\n\r\n");
        for (Chunkings.Chunking c : Chunkings.of(input)) {
            Sink sink = new Sink();
            Harness h = new Harness(sink);
            h.send(c).drain();
            assertEquals("hello world", sink.received.toString(StandardCharsets.US_ASCII), c.toString());
            assertTrue(h.output().endsWith("got 11\r\n"), c + ": " + h.output());
        }
    }

    @Test
    void streamedBodyIsNotBoundByTheBufferedLimitButOrdinaryResourcesAre() {
        HttpLimits small = HttpLimits.DEFAULTS.withMaxBody(100);
        Sink sink = new Sink();
        Resource root = new Resource();
        root.putChild("up", sink);
        root.putChild("form", new Resource() {
            @Override
            public Object renderPOST(Request request) {
                return "form";
            }
        });
        Harness h = new Harness(root, small);
        h.send("POST /up HTTP/1.1\r\nHost: a\r\nContent-Length: 1000\r\n\r\n" + "x".repeat(1000)).drain();
        assertTrue(h.output().endsWith("got 1000\r\n"), h.output());
        h.send("POST /form HTTP/1.1\r\nHost: a\r\nContent-Length: 1000\r\n\r\n");
        assertEquals(List.of(200, 413), h.statuses());
        assertTrue(h.closed());
    }

    @Test
    void siteLimitOnStreamedBodiesGives413() {
        Sink sink = new Sink();
        Harness h = new Harness(sink);
        h.site.setMaxStreamedBody(10);
        h.send("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 11\r\n\r\n");
        assertEquals(List.of(413), h.statuses());
        assertNull(sink.request, "rendered a request over the limit");
    }

    @Test
    void pausingTheBodyStopsReadingFromTheClient() {
        Sink sink = new Sink();
        Harness h = new Harness(sink);
        h.send("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\nabc").drain();
        assertEquals("abc", sink.received.toString(StandardCharsets.US_ASCII));
        sink.producer.pauseProducing();
        assertEquals(ProducerState.PAUSED, h.transport.producerState());
        h.send("defg");
        assertEquals("abc", sink.received.toString(StandardCharsets.US_ASCII), "delivered while paused");
        h.clock.advance(Site.DEFAULT_IDLE_TIMEOUT * 2);
        assertFalse(h.closed(), "a paused body timed out");
        sink.producer.resumeProducing();
        assertEquals(ProducerState.PRODUCING, h.transport.producerState());
        assertEquals("abcdefg", sink.received.toString(StandardCharsets.US_ASCII));
        h.send("hij");
        assertEquals("abcdefghij", sink.received.toString(StandardCharsets.US_ASCII));
        assertTrue(h.output().endsWith("got 10\r\n"), h.output());
    }

    @Test
    void bodyIsNotReadBeforeTheResourceAsksAndContinueWaitsForIt() {
        Sink sink = new Sink();
        sink.askAtOnce = false;
        Harness h = new Harness(sink);
        h.send("POST / HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n").drain();
        assertEquals("", h.output(), "100 Continue before the resource asked");
        assertEquals(ProducerState.PAUSED, h.transport.producerState());
        h.send("hel");
        assertNotNull(sink.request);
        sink.ask();
        assertEquals("HTTP/1.1 100 Continue\r\n\r\n", h.output());
        assertEquals("", sink.received.toString(StandardCharsets.US_ASCII), "delivered from inside receiveBody");
        h.drain();
        assertEquals("hel", sink.received.toString(StandardCharsets.US_ASCII));
        h.send("lo").drain();
        assertTrue(h.output().endsWith("got 5\r\n"), h.output());
    }

    @Test
    void clientGoingAwayMidBodyFailsTheBody() {
        Sink sink = new Sink();
        Harness h = new Harness(sink);
        h.send("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\nabc").drain();
        h.channel.connectionLost(new Failure(new ConnectionLost("gone")));
        assertEquals(List.of("render streamed=true", "failed"), sink.events);
        assertTrue(sink.request.isDisconnected());
    }

    @Test
    void badChunkFramingMidBodyGives400AndFailsTheBody() {
        Sink sink = new Sink();
        Harness h = new Harness(sink);
        h.send("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\nzz\r\n").drain();
        assertEquals(List.of("render streamed=true", "failed"), sink.events);
        assertEquals(List.of(400), h.statuses());
        assertTrue(h.closed());
    }

    @Test
    void stalledBodyTimesOutWith408() {
        Sink sink = new Sink();
        Harness h = new Harness(sink);
        h.send("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\nabc").drain();
        h.clock.advance(Site.DEFAULT_IDLE_TIMEOUT + 1);
        assertEquals(List.of(408), h.statuses());
        assertEquals(List.of("render streamed=true", "failed"), sink.events);
        assertTrue(h.closed());
    }

    @Test
    void answeringBeforeTheBodyEndsClosesTheConnection() {
        Resource early = new Resource() {
            @Override
            public boolean isLeaf() {
                return true;
            }

            @Override
            public boolean streamsRequestBody(Request request) {
                return true;
            }

            @Override
            public Object renderPOST(Request request) {
                return "no thanks";
            }
        };
        Harness h = new Harness(early);
        h.send("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\nabc").drain();
        assertTrue(h.output().contains("Connection: close\r\n"), "[" + h.output() + "]");
        assertTrue(h.output().endsWith("no thanks"), h.output());
        assertTrue(h.closed());
    }

    @Test
    void ordinaryResourceStillGetsBufferedBodyAndForms() {
        List<String> seen = new ArrayList<>();
        Resource form = new Resource() {
            @Override
            public boolean isLeaf() {
                return true;
            }

            @Override
            public Object renderPOST(Request request) {
                seen.add(request.isBodyStreamed() + " " + request.getArg("a"));
                return "ok";
            }
        };
        Harness h = new Harness(form);
        h.send("POST / HTTP/1.1\r\nHost: a\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 3\r\n\r\na=1");
        assertEquals(List.of("false 1"), seen);
    }
}
