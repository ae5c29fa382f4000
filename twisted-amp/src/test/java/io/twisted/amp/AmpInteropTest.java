package io.twisted.amp;

import static org.junit.jupiter.api.Assertions.*;

import io.twisted.amp.TestCommands.Calculator;
import io.twisted.amp.TestCommands.Divide;
import io.twisted.amp.TestCommands.Echo;
import io.twisted.amp.TestCommands.EchoArgs;
import io.twisted.amp.TestCommands.More;
import io.twisted.amp.TestCommands.MoreArgs;
import io.twisted.amp.TestCommands.Pair;
import io.twisted.amp.TestCommands.Ping;
import io.twisted.amp.TestCommands.Sum;
import io.twisted.internet.ClientFactory;
import io.twisted.internet.Factory;
import io.twisted.internet.ListeningPort;
import io.twisted.internet.defer.Deferred;
import io.twisted.internet.defer.Failure;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * AMP against the real Python Twisted (Debian python3-twisted 22.4, {@code interop/amp_peer.py}):
 * its client calls our server with every argument type, and our client calls its server.
 */
class AmpInteropTest {

    @BeforeAll
    static void peer() throws Exception {
        PythonTwisted.require();
    }

    /** Our side of the peer's command set: the calculator plus Echo and More, and a Ping back after Echo. */
    static final class JavaPeer extends Calculator {
        final List<Long> pongs = new ArrayList<>();

        @AmpResponder(Echo.class)
        EchoArgs echo(EchoArgs args) {
            callRemote(new Ping(), new Ping.Args(41)).addCallback(r -> pongs.add(r.pong()));
            return args;
        }

        final List<Long> pinged = new ArrayList<>();

        @AmpResponder(Ping.class)
        Ping.Result ping(Ping.Args args) {
            pinged.add(args.n());
            return new Ping.Result(args.n() + 1);
        }

        @AmpResponder(More.class)
        MoreArgs more(MoreArgs args) {
            return args;
        }
    }

    @Test
    void pythonClientCallsJavaServer() throws Exception {
        try (var rt = new PythonTwisted.ReactorThread("amp-interop-server")) {
            ListeningPort port = rt.call(() -> rt.reactor.listenTCP(0, Factory.forProtocol(JavaPeer::new), "127.0.0.1"));
            int p = ((InetSocketAddress) port.getHost()).getPort();
            PythonTwisted.Result r = PythonTwisted.run("amp_peer.py", 60, "client", Integer.toString(p));
            assertEquals(0, r.exitCode(), r.output());
            assertTrue(r.output().contains("AMP CLIENT OK"), r.output());
            assertFalse(r.output().contains("WRONG"), r.output());
        }
    }

    static final EchoArgs SAMPLE = new EchoArgs("h\u00e9llo \u2603", new byte[] {0, 1, 'b', 'i', 'n', (byte) 0xff}, true,
            List.of(1L, -2L, 205891132094649L), OffsetDateTime.of(2022, 1, 2, 3, 4, 5, 600_000_000, ZoneOffset.ofHoursMinutes(-3, -30)),
            new BigDecimal("3.1415926535"), List.of(new Pair("a", 1L), new Pair("b", 2L)), null);

    @Test
    void javaClientCallsPythonServer() throws Exception {
        try (var server = new PythonTwisted.Server("amp_peer.py", "server");
             var rt = new PythonTwisted.ReactorThread("amp-interop-client")) {
            JavaPeer client = new JavaPeer();
            CompletableFuture<JavaPeer> connected = new CompletableFuture<>();
            rt.call(() -> rt.reactor.connectTCP("127.0.0.1", server.port, new ClientFactory(() -> client) {
                @Override
                public void clientConnectionFailed(io.twisted.internet.Connector c, Failure reason) {
                    connected.completeExceptionally(reason.value());
                }
            }));
            // connectionMade has run once the first call can be made; calls go from the reactor thread.
            CompletableFuture<Sum.Result> sum = call(rt, () -> client.callRemote(new Sum(), new Sum.Args(13, 81)));
            assertEquals(94, sum.get(30, TimeUnit.SECONDS).total());
            assertEquals(0.25, call(rt, () -> client.callRemote(new Divide(), new Divide.Args(1, 4))).get(30, TimeUnit.SECONDS).result());
            var zero = call(rt, () -> client.callRemote(new Divide(), new Divide.Args(1, 0)));
            var e = assertThrows(java.util.concurrent.ExecutionException.class, () -> zero.get(30, TimeUnit.SECONDS));
            assertInstanceOf(ArithmeticException.class, e.getCause());
            assertEquals("division by zero", e.getCause().getMessage());

            EchoArgs echoed = call(rt, () -> client.callRemote(new Echo(), SAMPLE)).get(30, TimeUnit.SECONDS);
            assertEquals(SAMPLE.text(), echoed.text());
            assertArrayEquals(SAMPLE.data(), echoed.data());
            assertEquals(SAMPLE.flag(), echoed.flag());
            assertEquals(SAMPLE.items(), echoed.items());
            assertEquals(SAMPLE.when(), echoed.when());
            assertEquals(SAMPLE.dec(), echoed.dec());
            assertEquals(SAMPLE.pairs(), echoed.pairs());
            assertNull(echoed.opt());

            for (double x : new double[] {0.1, -2.5e-7, 1e16, Double.MIN_VALUE, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
                MoreArgs sent = new MoreArgs(x, Path.of("/tmp/caf\u00e9"), BigInteger.TWO.pow(70).negate());
                MoreArgs got;
                try {
                    got = call(rt, () -> client.callRemote(new More(), sent)).get(30, TimeUnit.SECONDS);
                } catch (java.util.concurrent.ExecutionException ex) {
                    throw new AssertionError("More " + x + " failed; python server said:\n" + server.output(), ex);
                }
                assertEquals(sent, got, "More " + x);
            }

            Command<Void, Void> nothing = Command.builder("NoSuchCommand", Schema.empty(), Schema.empty()).build();
            var unhandled = call(rt, () -> client.callRemote(nothing, null));
            e = assertThrows(java.util.concurrent.ExecutionException.class, () -> unhandled.get(30, TimeUnit.SECONDS));
            assertInstanceOf(UnhandledCommand.class, e.getCause());

            // the server called Ping(41) on us after Echo
            assertEquals(List.of(41L), rt.call(() -> List.copyOf(client.pinged)), server.output());
            rt.call(() -> {
                client.transport().loseConnection();
                return null;
            });
        }
    }

    static final ProtocolSwitchCommand<Void> SWITCH = new ProtocolSwitchCommand<>("SwitchToEcho", Schema.empty());

    @Test
    void pythonClientSwitchesJavaServerToRawBytes() throws Exception {
        try (var rt = new PythonTwisted.ReactorThread("amp-interop-switch-server")) {
            ListeningPort port = rt.call(() -> rt.reactor.listenTCP(0,
                    Factory.forProtocol(() -> new Amp().responder(SWITCH, ignored -> new AmpProtocolTest.Echo())), "127.0.0.1"));
            int p = ((InetSocketAddress) port.getHost()).getPort();
            PythonTwisted.Result r = PythonTwisted.run("amp_peer.py", 60, "switch", Integer.toString(p));
            assertEquals(0, r.exitCode(), r.output());
            assertTrue(r.output().contains("AMP SWITCH OK"), r.output());
        }
    }

    @Test
    void javaClientSwitchesPythonServerToRawBytes() throws Exception {
        try (var server = new PythonTwisted.Server("amp_peer.py", "server");
             var rt = new PythonTwisted.ReactorThread("amp-interop-switch-client")) {
            Amp client = new Amp();
            rt.call(() -> rt.reactor.connectTCP("127.0.0.1", server.port, new ClientFactory(() -> client)));
            CompletableFuture<String> echoed = new CompletableFuture<>();
            io.twisted.internet.Protocol raw = new io.twisted.internet.Protocol() {
                final StringBuilder got = new StringBuilder();

                @Override
                public void connectionMade() {
                    transport.write("hello raw bytes".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                }

                @Override
                public void dataReceived(java.nio.ByteBuffer data) {
                    got.append(java.nio.charset.StandardCharsets.US_ASCII.decode(data));
                    if (got.length() >= 15) {
                        echoed.complete(got.toString());
                    }
                }
            };
            call(rt, () -> client.switchProtocol(SWITCH, null, Factory.forProtocol(() -> raw))).get(30, TimeUnit.SECONDS);
            assertEquals("hello raw bytes", echoed.get(30, TimeUnit.SECONDS), server.output());
            rt.call(() -> {
                raw.transport().loseConnection();
                return null;
            });
        }
    }

    static <T> CompletableFuture<T> call(PythonTwisted.ReactorThread rt, java.util.concurrent.Callable<Deferred<T>> call) throws Exception {
        return rt.call(() -> call.call().toCompletableFuture());
    }
}
