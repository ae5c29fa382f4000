package io.twisted.protocols.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.twisted.internet.Factory;
import io.twisted.internet.ListeningPort;
import io.twisted.internet.Reactor;
import io.twisted.testing.Chunkings;
import io.twisted.testing.Chunkings.Chunking;
import io.twisted.testing.StringTransport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class EchoTest {

    private static final byte[] INPUT = "hello\r\n\0\u00ff binary\n".getBytes(StandardCharsets.ISO_8859_1);

    static Stream<Chunking> chunkings() {
        return Chunkings.of(INPUT).stream();
    }

    @ParameterizedTest
    @MethodSource("chunkings")
    void sendsBackEveryByteInOrder(Chunking chunking) {
        Echo echo = new Echo();
        StringTransport transport = new StringTransport();
        echo.makeConnection(transport);
        chunking.feedTo(echo);
        assertArrayEquals(INPUT, transport.value());
        assertFalse(transport.isDisconnecting());
    }

    @Test
    void echoesOverARealTcpConnectionOnLoopback() throws Exception {
        Reactor reactor = Reactor.create();
        CompletableFuture<InetSocketAddress> bound = new CompletableFuture<>();
        reactor.callWhenRunning(() -> {
            try {
                ListeningPort port =
                        reactor.listenTCP(0, Factory.forProtocol(Echo::new), "127.0.0.1");
                bound.complete((InetSocketAddress) port.getHost());
            } catch (RuntimeException e) {
                bound.completeExceptionally(e);
            }
        });
        Thread loop = new Thread(reactor::run, "echo-test-reactor");
        loop.setDaemon(true);
        loop.start();
        try (Socket client = new Socket()) {
            InetSocketAddress address = bound.get(30, TimeUnit.SECONDS);
            client.connect(address, 30_000);
            client.setSoTimeout(30_000);
            byte[] payload = new byte[256 * 1024];
            new Random(862).nextBytes(payload);
            Thread writer = new Thread(() -> {
                try {
                    client.getOutputStream().write(payload);
                    client.shutdownOutput();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            writer.start();
            byte[] echoed = client.getInputStream().readNBytes(payload.length);
            writer.join(30_000);
            assertArrayEquals(payload, echoed);
        } finally {
            reactor.callFromThread(reactor::stop);
            loop.join(30_000);
        }
    }

    @Test
    void writesTheVeryBufferItIsHanded() {
        List<ByteBuffer> written = new ArrayList<>();
        StringTransport transport = new StringTransport() {
            @Override
            public void write(ByteBuffer data) {
                written.add(data);
                super.write(data);
            }
        };
        Echo echo = new Echo();
        echo.makeConnection(transport);
        ByteBuffer in = ByteBuffer.wrap(INPUT);
        echo.dataReceived(in);
        assertEquals(1, written.size());
        assertSame(in, written.get(0));
        assertEquals(0, in.remaining());
    }
}
