package io.twisted.web.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twisted.internet.ClientFactory;
import io.twisted.internet.Connector;
import io.twisted.internet.ListeningPort;
import io.twisted.internet.Protocol;
import io.twisted.internet.defer.Failure;
import io.twisted.testing.ReactorThread;
import io.twisted.web.files.File;
import io.twisted.web.http.HttpHeaders;
import io.twisted.web.http.HttpMessageListener;
import io.twisted.web.http.HttpParseException;
import io.twisted.web.http.HttpParser;
import io.twisted.web.http.HttpVersion;
import io.twisted.web.server.Site;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * 1,000 concurrent keep-alive clients each fetch a 1 MiB static file from one server reactor over
 * 127.0.0.1, then a small file on the same connection: every body is byte-exact (SHA-256) and
 * every connection stays open between the two requests. The clients run on a second reactor; each
 * reads its responses with the same {@link HttpParser} the server uses.
 */
class ConcurrentClientsIntegrationTest {

    static final int CLIENTS = 1_000;
    static final int SIZE = 1 << 20;

    @TempDir
    Path root;

    /** Shared results, written from the client reactor thread. */
    static final class Results {
        final CountDownLatch done = new CountDownLatch(CLIENTS);
        final AtomicInteger ok = new AtomicInteger();
        final Queue<String> failures = new ConcurrentLinkedQueue<>();
        byte[] bigSha;
    }

    /** GET /big.bin, then GET /small.txt on the same connection; checks both and closes. */
    static final class FetchClient extends Protocol implements HttpMessageListener {
        private final Results results;
        private final int id;
        private final HttpParser parser = new HttpParser(HttpParser.Mode.RESPONSE, this);
        private final MessageDigest sha = sha256();
        private final StringBuilder small = new StringBuilder();
        private int stage;
        private int status;
        private long bodyBytes;
        private boolean closeAnnounced;
        private boolean finished;

        FetchClient(Results results, int id) {
            this.results = results;
            this.id = id;
        }

        @Override
        public void connectionMade() {
            send("/big.bin");
        }

        private void send(String path) {
            transport.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        }

        @Override
        public void dataReceived(ByteBuffer data) {
            try {
                while (data.hasRemaining() && !finished) {
                    parser.feed(data);
                    if (parser.isComplete()) {
                        responseDone();
                        parser.reset();
                    }
                }
            } catch (HttpParseException e) {
                fail("unparsable response: " + e.getMessage());
            }
            data.position(data.limit());
        }

        @Override
        public void statusLine(HttpVersion version, int status, String reason) {
            this.status = status;
        }

        @Override
        public void headersComplete(HttpHeaders headers) {
            closeAnnounced = headers.containsToken("Connection", "close");
        }

        @Override
        public void bodyData(ByteBuffer data) {
            bodyBytes += data.remaining();
            if (stage == 0) {
                sha.update(data);
            } else {
                small.append(StandardCharsets.US_ASCII.decode(data));
            }
        }

        @Override
        public void messageComplete(HttpHeaders trailers) {
            // handled in dataReceived, once feed() returned
        }

        private void responseDone() {
            if (status != 200) {
                fail("status " + status + " at stage " + stage);
                return;
            }
            if (stage == 0) {
                if (bodyBytes != SIZE || !Arrays.equals(sha.digest(), results.bigSha)) {
                    fail("1 MiB body differs (" + bodyBytes + " bytes)");
                    return;
                }
                if (closeAnnounced) {
                    fail("the server closed a keep-alive connection");
                    return;
                }
                stage = 1;
                bodyBytes = 0;
                send("/small.txt");
                return;
            }
            if (!small.toString().equals("small " + "x".repeat(100))) {
                fail("small body differs: " + small);
                return;
            }
            finished = true;
            results.ok.incrementAndGet();
            results.done.countDown();
            transport.loseConnection();
        }

        private void fail(String why) {
            if (!finished) {
                finished = true;
                results.failures.add("client " + id + ": " + why);
                results.done.countDown();
                transport.abortConnection();
            }
        }

        @Override
        public void connectionLost(Failure reason) {
            fail("connection lost: " + reason.getErrorMessage());
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    @Timeout(120)
    void thousandKeepAliveClientsGetByteExactMegabyteBodies() throws Exception {
        byte[] big = new byte[SIZE];
        new Random(1).nextBytes(big);
        Files.write(root.resolve("big.bin"), big);
        Files.writeString(root.resolve("small.txt"), "small " + "x".repeat(100));
        Results results = new Results();
        results.bigSha = sha256().digest(big);

        try (ReactorThread server = new ReactorThread("web-server");
             ReactorThread clients = new ReactorThread("web-clients")) {
            Site site = new Site(new File(root), server.reactor);
            ListeningPort port = server.call(() -> server.reactor.listenTCP(0, site, 1024, "127.0.0.1"));
            int portNumber = ((InetSocketAddress) port.getHost()).getPort();
            List<Connector> connectors = new ArrayList<>();
            clients.run(() -> {
                for (int i = 0; i < CLIENTS; i++) {
                    FetchClient c = new FetchClient(results, i);
                    connectors.add(clients.reactor.connectTCP("127.0.0.1", portNumber, new ClientFactory(() -> c) {
                        @Override
                        public void clientConnectionFailed(Connector connector, Failure reason) {
                            c.fail("cannot connect: " + reason.getErrorMessage());
                        }
                    }));
                }
            });
            boolean all = results.done.await(90, TimeUnit.SECONDS);
            assertTrue(results.failures.isEmpty(), results.failures.size() + " failed, e.g. " + results.failures.peek());
            assertTrue(all, "only " + results.ok.get() + " of " + CLIENTS + " clients finished in time");
            assertEquals(CLIENTS, results.ok.get());
            assertEquals(CLIENTS, connectors.size());
            server.run(port::stopListening);
        }
    }
}
