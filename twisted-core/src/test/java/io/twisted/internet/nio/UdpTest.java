package io.twisted.internet.nio;

import io.twisted.testing.ReactorThread;
import static org.junit.jupiter.api.Assertions.*;

import io.twisted.internet.DatagramProtocol;
import io.twisted.internet.DatagramTransport;
import io.twisted.internet.error.MessageLengthError;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class UdpTest {

    static final class EchoDatagram extends DatagramProtocol {
        @Override
        public void datagramReceived(ByteBuffer data, SocketAddress address) {
            transport.write(data, address);
        }
    }

    /** Sends numbered datagrams one at a time, each after the previous one came back equal. */
    static final class PingPong extends DatagramProtocol {
        final SocketAddress server;
        final int count;
        final CompletableFuture<Integer> done = new CompletableFuture<>();
        int next;
        final ByteBuffer out = ByteBuffer.allocate(512);

        PingPong(SocketAddress server, int count) {
            this.server = server;
            this.count = count;
        }

        @Override
        public void startProtocol() {
            send();
        }

        private void send() {
            out.clear();
            out.putInt(next);
            for (int i = 0; i < 100 + next % 300; i++) {
                out.put((byte) (next * 31 + i));
            }
            out.flip();
            transport.write(out, server);
        }

        @Override
        public void datagramReceived(ByteBuffer data, SocketAddress address) {
            int n = data.getInt();
            if (n != next || data.remaining() != 100 + next % 300) {
                done.complete(next);
                return;
            }
            for (int i = 0; i < 100 + next % 300; i++) {
                if (data.get() != (byte) (next * 31 + i)) {
                    done.complete(next);
                    return;
                }
            }
            next++;
            if (next == count) {
                done.complete(next);
            } else {
                send();
            }
        }
    }

    @Test
    void echoRoundTripsTenThousandDatagrams() throws Exception {
        try (ReactorThread server = new ReactorThread("udp-server"); ReactorThread client = new ReactorThread("udp-client")) {
            DatagramTransport port = server.call(() -> server.reactor.listenUDP(0, new EchoDatagram(), "127.0.0.1", 8192));
            int p = ((InetSocketAddress) port.getHost()).getPort();
            PingPong pp = new PingPong(new InetSocketAddress("127.0.0.1", p), 10_000);
            client.call(() -> client.reactor.listenUDP(0, pp, "127.0.0.1", 8192));
            assertEquals(10_000, pp.done.get(60, TimeUnit.SECONDS));
        }
    }

    @Test
    void connectedPortHearsConnectionRefused() throws Exception {
        int closed;
        try (java.net.DatagramSocket s = new java.net.DatagramSocket(0, java.net.InetAddress.getByName("127.0.0.1"))) {
            closed = s.getLocalPort();
        }
        try (ReactorThread rt = new ReactorThread("udp-refused")) {
            CompletableFuture<Boolean> refused = new CompletableFuture<>();
            DatagramProtocol proto = new DatagramProtocol() {
                @Override
                public void startProtocol() {
                    transport.connect("127.0.0.1", closed);
                    transport.write(ByteBuffer.wrap(new byte[] {1, 2, 3}));
                    // The ICMP error shows on the next operation, send or receive.
                    rt.reactor.callLater(0.05, () -> transport.write(ByteBuffer.wrap(new byte[] {4})));
                }

                @Override
                public void connectionRefused() {
                    refused.complete(true);
                }
            };
            rt.call(() -> rt.reactor.listenUDP(0, proto, "127.0.0.1", 8192));
            assertTrue(refused.get(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void oversizeDatagramIsRefusedWithMessageLengthError() throws Exception {
        try (ReactorThread rt = new ReactorThread("udp-oversize")) {
            DatagramTransport t = rt.call(() -> rt.reactor.listenUDP(0, new DatagramProtocol(), "127.0.0.1", 8192));
            MessageLengthError e = assertThrows(MessageLengthError.class, () -> {
                try {
                    rt.call(() -> {
                        t.write(ByteBuffer.allocate(70_000), new InetSocketAddress("127.0.0.1", 9));
                        return null;
                    });
                } catch (java.util.concurrent.ExecutionException ee) {
                    throw ee.getCause();
                }
            });
            assertTrue(e.getMessage().contains("70000"), e.getMessage());
        }
    }

    @Test
    void writeWithoutAddressOnUnconnectedPortSaysSo() throws Exception {
        try (ReactorThread rt = new ReactorThread("udp-unconnected")) {
            DatagramTransport t = rt.call(() -> rt.reactor.listenUDP(0, new DatagramProtocol(), "127.0.0.1", 8192));
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> {
                try {
                    rt.call(() -> {
                        t.write(ByteBuffer.allocate(1));
                        return null;
                    });
                } catch (java.util.concurrent.ExecutionException ee) {
                    throw ee.getCause();
                }
            });
            assertTrue(e.getMessage().contains("not connected"));
        }
    }

    @Test
    void multicastLoopbackDeliversToTheGroup() throws Exception {
        try (ReactorThread rt = new ReactorThread("udp-mcast")) {
            CompletableFuture<String> got = new CompletableFuture<>();
            DatagramProtocol listener = new DatagramProtocol() {
                @Override
                public void datagramReceived(ByteBuffer data, SocketAddress address) {
                    byte[] b = new byte[data.remaining()];
                    data.get(b);
                    got.complete(new String(b, java.nio.charset.StandardCharsets.US_ASCII));
                }
            };
            DatagramTransport port = rt.call(() -> rt.reactor.listenMulticast(0, listener, "", 8192, true));
            int p = ((InetSocketAddress) port.getHost()).getPort();
            boolean joined = rt.call(() -> {
                try {
                    port.setOutgoingInterface("127.0.0.1");
                    port.joinGroup("228.0.0.5", "127.0.0.1");
                    port.setLoopbackMode(true);
                    port.setTTL(1);
                    return true;
                } catch (IllegalStateException e) {
                    return false;
                }
            });
            assertTrue(joined, "joined 228.0.0.5 on the loopback interface");
            rt.run(() -> port.write(ByteBuffer.wrap("hello group".getBytes(java.nio.charset.StandardCharsets.US_ASCII)),
                    new InetSocketAddress("228.0.0.5", p)));
            assertEquals("hello group", got.get(10, TimeUnit.SECONDS));
            assertEquals(1, (int) rt.call(port::getTTL));
            assertTrue(rt.call(port::getLoopbackMode));
        }
    }
}
