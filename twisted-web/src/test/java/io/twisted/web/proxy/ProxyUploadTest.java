package io.twisted.web.proxy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twisted.internet.Protocol;
import io.twisted.internet.PushProducer;
import io.twisted.internet.defer.Failure;
import io.twisted.testing.FakeTransport;
import io.twisted.testing.LoopbackPump;
import io.twisted.testing.MemoryReactor;
import io.twisted.web.resource.Resource;
import io.twisted.web.server.Request;
import io.twisted.web.server.RequestBodyReceiver;
import io.twisted.web.server.Site;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A large upload through the reverse (and the forward) proxy to a backend that reads it slowly: the request body is
 * streamed (never buffered whole at the proxy), the proxy holds a bounded number of bytes whatever
 * the upload's size, and the body arrives byte-exact. In memory: a client pump into the front site,
 * an upstream pump from the proxy to the backend site, both driven by one MemoryReactor.
 */
class ProxyUploadTest {

    static final int UPLOAD = 8 * 1024 * 1024;
    static final int CHUNK = 16 * 1024;
    static final int BACKEND_READ = 4 * 1024;
    /**
     * What the proxy may hold: its upstream queue (high watermark plus one delivered chunk) and the
     * input it stashed while paused (the site's pipeline bound plus one chunk).
     */
    static final long PROXY_BOUND = FakeTransport.DEFAULT_HIGH_WATERMARK + CHUNK
            + Site.DEFAULT_MAX_PIPELINE_BUFFER + CHUNK + 4096;

    final MemoryReactor reactor = new MemoryReactor();

    /** The backend: hashes what it receives, reading about {@link #BACKEND_READ} bytes per turn. */
    static final class SlowSink extends Resource implements RequestBodyReceiver {
        final MessageDigest sha = sha256();
        long received;
        long allowance;
        Request request;
        PushProducer producer;
        boolean complete;

        @Override
        public boolean isLeaf() {
            return true;
        }

        @Override
        public boolean streamsRequestBody(Request request) {
            return true;
        }

        @Override
        public Object renderPUT(Request request) {
            this.request = request;
            producer = request.receiveBody(this);
            return NOT_DONE_YET;
        }

        void readSome() {
            allowance = received + BACKEND_READ;
            if (producer != null) {
                producer.resumeProducing();
            }
        }

        @Override
        public void bodyDataReceived(ByteBuffer data) {
            received += data.remaining();
            sha.update(data);
            if (received >= allowance) {
                producer.pauseProducing();
            }
        }

        @Override
        public void bodyComplete() {
            complete = true;
            request.write("stored " + received + " " + HexFormat.of().formatHex(sha.digest()));
            request.finish();
        }

        @Override
        public void bodyFailed(Failure reason) {
            throw new AssertionError("the upload failed at the backend", reason.value());
        }
    }

    /** The client: records the response. */
    static final class Client extends Protocol {
        final ByteArrayOutputStream response = new ByteArrayOutputStream();

        @Override
        public void dataReceived(ByteBuffer data) {
            byte[] b = new byte[data.remaining()];
            data.get(b);
            response.write(b, 0, b.length);
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    @ParameterizedTest(name = "forward={0}, chunked={1}")
    @CsvSource({"false, false", "false, true", "true, false", "true, true"})
    void largeUploadToASlowBackendStaysBoundedAndArrivesByteExact(boolean forward, boolean chunked) {
        byte[] upload = new byte[UPLOAD];
        new Random(5).nextBytes(upload);
        String expectedSha = HexFormat.of().formatHex(sha256().digest(upload));

        Resource root = new Resource();
        root.putChild("store", new ReverseProxyResource("backend", 8080, "/in", reactor));
        Site front = new Site(forward ? new ForwardProxyResource(reactor) : root, reactor);
        String target = forward ? "http://backend:8080/in/blob" : "/store/blob";
        SlowSink sink = new SlowSink();
        Site backend = new Site(sink, reactor);

        Client client = new Client();
        LoopbackPump clientPump = LoopbackPump.builder().reactor(reactor).chunkSize(CHUNK).maxSteps(1_000_000)
                .connect(front.buildProtocol(LoopbackPump.DEFAULT_CLIENT_ADDRESS), client);
        FakeTransport toFront = clientPump.clientTransport();
        String framing = chunked ? "Transfer-Encoding: chunked" : "Content-Length: " + UPLOAD;
        toFront.write(("PUT " + target + " HTTP/1.1\r\nHost: front\r\n" + framing + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        if (chunked) {
            for (int off = 0; off < UPLOAD; off += 100_000) {
                int n = Math.min(100_000, UPLOAD - off);
                toFront.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                toFront.write(ByteBuffer.wrap(upload, off, n));
                toFront.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            toFront.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        } else {
            toFront.write(upload);
        }
        long wireSize = toFront.bytesWritten();

        // the proxy renders at once, and reads no body while it has nowhere to send it
        for (int i = 0; i < 20; i++) {
            clientPump.flush();
        }
        assertTrue(clientPump.serverTransport().isReadingPaused(), "the proxy kept reading before the backend connected");
        assertTrue(toFront.bytesDelivered() <= PROXY_BOUND, "delivered before connecting: " + toFront.bytesDelivered());

        MemoryReactor.TcpClient upstream = reactor.tcpClients().get(0);
        assertEquals("backend", upstream.host());
        LoopbackPump upstreamPump = LoopbackPump.builder().reactor(reactor).chunkSize(CHUNK).maxSteps(1_000_000)
                .connect(backend.buildProtocol(LoopbackPump.DEFAULT_CLIENT_ADDRESS), upstream.factory().buildProtocol(null));
        FakeTransport proxyToBackend = upstreamPump.clientTransport();

        boolean paused = false;
        for (int i = 0; i < 200_000 && !sink.complete; i++) {
            sink.readSome();
            clientPump.flush();
            upstreamPump.flush();
            long atProxy = toFront.bytesDelivered() - (wireSize - UPLOAD) - sink.received;
            assertTrue(proxyToBackend.queuedBytes() <= FakeTransport.DEFAULT_HIGH_WATERMARK + CHUNK,
                    "queued towards the backend: " + proxyToBackend.queuedBytes());
            assertTrue(atProxy <= PROXY_BOUND, "held between client and backend: " + atProxy);
            paused |= clientPump.serverTransport().isReadingPaused();
        }
        assertTrue(sink.complete, "the upload did not complete; backend got " + sink.received);
        assertTrue(paused, "the proxy never paused reading from the client");
        for (int i = 0; i < 100; i++) {
            upstreamPump.flush();
            clientPump.flush();
        }
        String response = client.response.toString(StandardCharsets.US_ASCII);
        assertTrue(response.startsWith("HTTP/1.1 200 OK\r\n"), response);
        assertTrue(response.contains("\r\nstored " + UPLOAD + " " + expectedSha + "\r\n"), response);
        assertTrue(response.endsWith("\r\n0\r\n\r\n"), response);
        assertEquals("/in/blob", sink.request.getPath());
        assertArrayEquals(new byte[0], sink.request.getContent());
    }
}
