package io.twisted.internet.endpoints;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twisted.internet.Factory;
import io.twisted.internet.ListeningPort;
import io.twisted.internet.Protocol;
import io.twisted.internet.Reactor;
import io.twisted.internet.defer.Deferred;
import io.twisted.internet.defer.Failure;
import io.twisted.internet.error.ConnectError;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Endpoints from strings over the real reactor on 127.0.0.1, port 0: listen, connect, refused. */
class TcpEndpointsIntegrationTest {

    private final Reactor reactor = Reactor.create();
    private final Thread thread = new Thread(reactor::run, "endpoints-it");

    static final class Echo extends Protocol {
        @Override
        public void dataReceived(ByteBuffer data) {
            transport.write(data);
        }
    }

    static final class Hello extends Protocol {
        final CompletableFuture<String> reply = new CompletableFuture<>();
        final StringBuilder got = new StringBuilder();

        @Override
        public void connectionMade() {
            transport.write("hello".getBytes(StandardCharsets.US_ASCII));
        }

        @Override
        public void dataReceived(ByteBuffer data) {
            got.append(StandardCharsets.US_ASCII.decode(data));
            if (got.length() >= 5) {
                reply.complete(got.toString());
                transport.loseConnection();
            }
        }
    }

    private <T> T onReactor(java.util.concurrent.Callable<Deferred<T>> c) throws Exception {
        CompletableFuture<T> f = new CompletableFuture<>();
        reactor.callFromThread(() -> {
            try {
                c.call().addCallbacks(r -> f.complete(r), fl -> f.completeExceptionally(fl.value()));
            } catch (Exception e) {
                f.completeExceptionally(e);
            }
        });
        return f.get(30, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws InterruptedException {
        reactor.callFromThread(() -> {
            if (reactor.isRunning()) {
                reactor.stop();
            }
        });
        thread.join(30_000);
    }

    @Test
    void serverAndClientFromStringsTalk() throws Exception {
        thread.start();
        ListeningPort port = onReactor(() -> Endpoints.serverFromString(reactor, "tcp:0:interface=127.0.0.1")
                .listen(Factory.forProtocol(Echo::new)));
        int p = ((InetSocketAddress) port.getHost()).getPort();
        assertTrue(p > 0);
        Hello hello = onReactor(() -> Endpoints.connectProtocol(
                Endpoints.clientFromString(reactor, "tcp:host=127.0.0.1:port=" + p + ":timeout=10"), new Hello()));
        assertEquals("hello", hello.reply.get(30, TimeUnit.SECONDS));
        onReactor(port::stopListening);
    }

    @Test
    void refusedConnectionFailsTheDeferred() throws Exception {
        thread.start();
        // Find a port nobody listens on: listen, note it, stop listening.
        ListeningPort port = onReactor(() -> new TCP4ServerEndpoint(reactor, 0, 50, "127.0.0.1").listen(Factory.forProtocol(Echo::new)));
        int p = ((InetSocketAddress) port.getHost()).getPort();
        onReactor(port::stopListening);
        CompletableFuture<Failure> failed = new CompletableFuture<>();
        reactor.callFromThread(() -> new TCP4ClientEndpoint(reactor, "127.0.0.1", p).connect(Factory.forProtocol(Hello::new))
                .addCallbacks(r -> failed.complete(null), f -> failed.complete(f)));
        Failure f = failed.get(30, TimeUnit.SECONDS);
        assertInstanceOf(ConnectError.class, f.value());
    }
}
