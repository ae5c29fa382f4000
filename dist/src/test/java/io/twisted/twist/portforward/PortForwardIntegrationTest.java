package io.twisted.twist.portforward;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twisted.application.MultiService;
import io.twisted.application.StreamServerEndpointService;
import io.twisted.internet.Factory;
import io.twisted.internet.Protocol;
import io.twisted.internet.PushProducer;
import io.twisted.internet.Reactor;
import io.twisted.internet.defer.Failure;
import io.twisted.internet.endpoints.Endpoints;
import io.twisted.internet.endpoints.TCP4ServerEndpoint;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Port forwarding over the real reactor on 127.0.0.1 (ports chosen by the system): a client sends
 * 4 MiB through the forwarder to an echo server and must read the same bytes back; closing the
 * client closes the forwarded connection.
 */
class PortForwardIntegrationTest {

    static final class Echo extends Protocol {
        @Override
        public void dataReceived(ByteBuffer data) {
            transport.write(data);
        }
    }

    /** Streams {@code data} as a push producer, collects the echo, and hangs up once all came back. */
    static final class Sender extends Protocol implements PushProducer {
        final byte[] data;
        final ByteArrayOutputStream got = new ByteArrayOutputStream();
        final CompletableFuture<byte[]> done = new CompletableFuture<>();
        int sent;
        boolean paused;

        Sender(byte[] data) {
            this.data = data;
        }

        @Override
        public void connectionMade() {
            transport.registerProducer(this, true);
            resumeProducing();
        }

        @Override
        public void resumeProducing() {
            paused = false;
            while (!paused && sent < data.length) {
                int n = Math.min(32 * 1024, data.length - sent);
                transport.write(ByteBuffer.wrap(data, sent, n));
                sent += n;
            }
        }

        @Override
        public void pauseProducing() {
            paused = true;
        }

        @Override
        public void stopProducing() {
        }

        @Override
        public void dataReceived(ByteBuffer buf) {
            byte[] b = new byte[buf.remaining()];
            buf.get(b);
            got.write(b, 0, b.length);
            if (got.size() >= data.length) {
                transport.unregisterProducer();
                transport.loseConnection();
            }
        }

        @Override
        public void connectionLost(Failure reason) {
            done.complete(got.toByteArray());
        }
    }

    @Test
    void relaysThroughTheForwarderByteExact() throws Exception {
        byte[] data = new byte[4 << 20];
        new Random(6665).nextBytes(data);
        Reactor reactor = Reactor.create();
        Thread thread = new Thread(reactor::run, "portforward-it");
        MultiService services = new MultiService();
        CompletableFuture<Sender> started = new CompletableFuture<>();
        CompletableFuture<Failure> serverSideLost = new CompletableFuture<>();
        reactor.callWhenRunning(() -> {
            try {
                var echo = new StreamServerEndpointService(new TCP4ServerEndpoint(reactor, 0, 50, "127.0.0.1"),
                        Factory.forProtocol(Echo::new));
                echo.setServiceParent(services);
                services.startService();
                int echoPort = ((InetSocketAddress) echo.port().getHost()).getPort();
                var forward = new StreamServerEndpointService(new TCP4ServerEndpoint(reactor, 0, 50, "127.0.0.1"),
                        new ProxyFactory(reactor, "127.0.0.1", echoPort) {
                            @Override
                            public Protocol buildProtocol(java.net.SocketAddress address) {
                                ProxyServer s = new ProxyServer(reactor, "127.0.0.1", echoPort, 10) {
                                    @Override
                                    public void connectionLost(Failure reason) {
                                        super.connectionLost(reason);
                                        serverSideLost.complete(reason);
                                    }
                                };
                                s.setFactory(this);
                                return s;
                            }
                        });
                forward.setServiceParent(services);
                int forwardPort = ((InetSocketAddress) forward.port().getHost()).getPort();
                Endpoints.connectProtocol(Endpoints.clientFromString(reactor, "tcp:127.0.0.1:" + forwardPort), new Sender(data))
                        .addCallbacks(s -> started.complete(s), f -> started.completeExceptionally(f.value()));
            } catch (RuntimeException e) {
                started.completeExceptionally(e);
            }
        });
        thread.start();
        try {
            Sender sender = started.get(30, TimeUnit.SECONDS);
            assertArrayEquals(data, sender.done.get(60, TimeUnit.SECONDS));
            assertTrue(serverSideLost.get(30, TimeUnit.SECONDS) != null);
        } finally {
            CompletableFuture<Void> stopped = new CompletableFuture<>();
            reactor.callFromThread(() -> services.stopService().addBoth(r -> {
                stopped.complete(null);
                reactor.stop();
                return null;
            }));
            stopped.get(30, TimeUnit.SECONDS);
            thread.join(30_000);
        }
    }
}
