package io.twisted.web.interop;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twisted.internet.ClientFactory;
import io.twisted.internet.Connector;
import io.twisted.internet.ListeningPort;
import io.twisted.internet.Protocol;
import io.twisted.internet.PushProducer;
import io.twisted.internet.ReactorTime;
import io.twisted.internet.defer.Failure;
import io.twisted.testing.ReactorThread;
import io.twisted.web.http.HttpLimits;
import io.twisted.web.proxy.ReverseProxyResource;
import io.twisted.web.resource.Resource;
import io.twisted.web.server.Request;
import io.twisted.web.server.RequestBodyReceiver;
import io.twisted.web.server.Site;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Over real sockets on 127.0.0.1: a 24 MiB upload (over the 10 MiB buffered-body limit, so it
 * only passes if streamed) through a {@link ReverseProxyResource} to a backend that pauses its
 * body every 256 KiB for a reactor turn; the backend sees the exact bytes.
 */
class ProxyUploadIntegrationTest {

    static final int UPLOAD = 24 * 1024 * 1024;

    /** Hashes the streamed body, pausing every 256 KiB until a later reactor turn. */
    static final class SlowSink extends Resource implements RequestBodyReceiver {
        private final ReactorTime reactor;
        private final MessageDigest sha;
        private Request request;
        private PushProducer producer;
        private long received;
        private long sincePause;

        SlowSink(ReactorTime reactor) throws Exception {
            this.reactor = reactor;
            this.sha = MessageDigest.getInstance("SHA-256");
        }

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

        @Override
        public void bodyDataReceived(ByteBuffer data) {
            received += data.remaining();
            sincePause += data.remaining();
            sha.update(data);
            if (sincePause >= 256 * 1024) {
                sincePause = 0;
                producer.pauseProducing();
                reactor.callLater(0.001, producer::resumeProducing);
            }
        }

        @Override
        public void bodyComplete() {
            request.write("stored " + received + " " + HexFormat.of().formatHex(sha.digest()));
            request.finish();
        }

        @Override
        public void bodyFailed(Failure reason) {
            // the client sees the connection drop
        }
    }

    /** Sends the upload with Connection: close and collects the whole response. */
    static final class Uploader extends Protocol {
        final byte[] body;
        final int port;
        final ByteArrayOutputStream response = new ByteArrayOutputStream();
        final CompletableFuture<String> done = new CompletableFuture<>();

        Uploader(byte[] body, int port) {
            this.body = body;
            this.port = port;
        }

        @Override
        public void connectionMade() {
            transport.write(("PUT /up/blob HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nConnection: close\r\n"
                    + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            transport.write(body);
        }

        @Override
        public void dataReceived(ByteBuffer data) {
            byte[] b = new byte[data.remaining()];
            data.get(b);
            response.write(b, 0, b.length);
        }

        @Override
        public void connectionLost(Failure reason) {
            done.complete(response.toString(StandardCharsets.ISO_8859_1));
        }
    }

    @Test
    @Timeout(60)
    void uploadOverTheBufferedLimitStreamsThroughTheProxyByteExact() throws Exception {
        byte[] upload = new byte[UPLOAD];
        new Random(9).nextBytes(upload);
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(upload));
        try (ReactorThread server = new ReactorThread("proxy-server");
             ReactorThread client = new ReactorThread("proxy-client")) {
            Site backend = new Site(new SlowSink(server.reactor), server.reactor);
            ListeningPort backendPort = server.call(() -> server.reactor.listenTCP(0, backend, "127.0.0.1"));
            int bp = ((InetSocketAddress) backendPort.getHost()).getPort();
            Resource root = new Resource();
            root.putChild("up", new ReverseProxyResource("127.0.0.1", bp, "/in", server.reactor));
            Site front = new Site(root, server.reactor);
            assertTrue(UPLOAD > HttpLimits.DEFAULTS.maxBody() && UPLOAD > front.limits().maxBody());
            ListeningPort frontPort = server.call(() -> server.reactor.listenTCP(0, front, "127.0.0.1"));
            int fp = ((InetSocketAddress) frontPort.getHost()).getPort();

            Uploader uploader = new Uploader(upload, fp);
            client.run(() -> client.reactor.connectTCP("127.0.0.1", fp, new ClientFactory(() -> uploader) {
                @Override
                public void clientConnectionFailed(Connector connector, Failure reason) {
                    uploader.done.completeExceptionally(reason.value());
                }
            }));
            String response = uploader.done.get(50, TimeUnit.SECONDS);
            assertTrue(response.startsWith("HTTP/1.1 200 OK\r\n"), response);
            assertTrue(response.contains("stored " + UPLOAD + " " + sha), response);
        }
    }
}
