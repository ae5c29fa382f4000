package io.twisted.internet.nio;

import static org.junit.jupiter.api.Assertions.*;

import io.twisted.internet.Factory;
import io.twisted.internet.ListeningPort;
import io.twisted.internet.Protocol;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ReactorPoolTest {

    @Test
    void connectionsSpreadOverTheReactorsAndEachStaysOnItsOwn() throws Exception {
        ReactorPool pool = ReactorPool.create(2);
        Map<String, AtomicInteger> perThread = new ConcurrentHashMap<>();
        AtomicInteger threadChanges = new AtomicInteger();
        List<ListeningPort> ports = pool.listenTCP(0, i -> Factory.forProtocol(() -> new Protocol() {
            Thread owner;

            @Override
            public void connectionMade() {
                owner = Thread.currentThread();
                perThread.computeIfAbsent(owner.getName(), k -> new AtomicInteger()).incrementAndGet();
            }

            @Override
            public void dataReceived(ByteBuffer data) {
                if (Thread.currentThread() != owner) {
                    threadChanges.incrementAndGet();
                }
                transport.write(data);
            }
        }), 128, "127.0.0.1");
        int port = ((InetSocketAddress) ports.get(0).getHost()).getPort();
        assertEquals(2, ports.size());
        assertEquals(port, ((InetSocketAddress) ports.get(1).getHost()).getPort(), "both reactors share the port");
        Thread runner = new Thread(pool::run, "pool-runner");
        runner.start();
        try {
            for (int i = 0; i < 200; i++) {
                try (Socket s = new Socket("127.0.0.1", port)) {
                    s.setSoTimeout(10_000);
                    s.getOutputStream().write(new byte[] {(byte) i, 2, 3});
                    assertArrayEquals(new byte[] {(byte) i, 2, 3}, s.getInputStream().readNBytes(3));
                }
            }
        } finally {
            pool.stop();
            runner.join(30_000);
        }
        assertFalse(runner.isAlive(), "the pool stopped");
        assertEquals(2, perThread.size(), "connections landed on both reactors: " + perThread);
        assertEquals(200, perThread.values().stream().mapToInt(AtomicInteger::get).sum());
        assertEquals(0, threadChanges.get(), "a connection never moves between reactors");
    }
}
