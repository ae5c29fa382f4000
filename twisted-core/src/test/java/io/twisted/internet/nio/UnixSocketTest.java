package io.twisted.internet.nio;

import io.twisted.testing.ReactorThread;
import static org.junit.jupiter.api.Assertions.*;

import io.twisted.internet.ClientFactory;
import io.twisted.internet.Connector;
import io.twisted.internet.Factory;
import io.twisted.internet.ListeningPort;
import io.twisted.internet.Protocol;
import io.twisted.internet.defer.Failure;
import io.twisted.internet.error.CannotListenError;
import io.twisted.internet.error.ConnectError;
import io.twisted.internet.error.ConnectionDone;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UnixSocketTest {

    @TempDir
    Path dir;

    private static Throwable cause(ThrowingCall c) {
        try {
            c.call();
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (Exception e) {
            return e;
        }
        return null;
    }

    interface ThrowingCall {
        void call() throws Exception;
    }

    @Test
    void echoOverUnixSocketWithModeAndCleanup() throws Exception {
        Path sock = dir.resolve("echo.sock");
        try (ReactorThread server = new ReactorThread("unix-server"); ReactorThread client = new ReactorThread("unix-client")) {
            ListeningPort p = server.call(() -> server.reactor.listenUNIX(sock.toString(),
                    Factory.forProtocol(TcpTransportTest.Echo::new), 50, 0600, false));
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(sock)));
            CompletableFuture<Boolean> ok = new CompletableFuture<>();
            client.run(() -> client.reactor.connectUNIX(sock.toString(),
                    new ClientFactory(() -> new TcpTransportTest.EchoChecker(3, 4 << 20, ok))));
            assertTrue(ok.get(60, TimeUnit.SECONDS));
            CompletableFuture<Void> stopped = new CompletableFuture<>();
            server.run(() -> p.stopListening().addCallback(x -> stopped.complete(null)));
            stopped.get(10, TimeUnit.SECONDS);
            assertFalse(Files.exists(sock), "socket file removed when the port stops");
        }
    }

    @Test
    void staleSocketFileIsReplacedButALiveOneIsNot() throws Exception {
        Path sock = dir.resolve("stale.sock");
        // A socket file whose server is gone: bind, then close without unlinking.
        ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        dead.bind(UnixDomainSocketAddress.of(sock));
        dead.close();
        assertTrue(Files.exists(sock));
        try (ReactorThread rt = new ReactorThread("unix-stale");
             ServerSocketChannel live = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            rt.call(() -> rt.reactor.listenUNIX(sock.toString(), Factory.forProtocol(Protocol::new)));
            Path liveSock = dir.resolve("live.sock");
            live.bind(UnixDomainSocketAddress.of(liveSock));
            Throwable t = cause(() -> rt.call(() -> rt.reactor.listenUNIX(liveSock.toString(), Factory.forProtocol(Protocol::new))));
            assertTrue(t instanceof CannotListenError, String.valueOf(t));
            assertTrue(t.getMessage().contains("another process is listening"), t.getMessage());
            Path regular = Files.writeString(dir.resolve("not-a-socket"), "keep me", StandardCharsets.US_ASCII);
            t = cause(() -> rt.call(() -> rt.reactor.listenUNIX(regular.toString(), Factory.forProtocol(Protocol::new))));
            assertTrue(t instanceof CannotListenError, String.valueOf(t));
            assertEquals("keep me", Files.readString(regular), "a regular file is never removed");
        }
    }

    @Test
    void lockFileGuardsThePathAndAStaleLockIsTakenOver() throws Exception {
        Path sock = dir.resolve("locked.sock");
        Path lock = dir.resolve("locked.sock.lock");
        // A lock left by a process that no longer runs.
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor(10, TimeUnit.SECONDS);
        Files.writeString(lock, Long.toString(gone.pid()));
        try (ReactorThread rt = new ReactorThread("unix-lock")) {
            ListeningPort p = rt.call(() -> rt.reactor.listenUNIX(sock.toString(), Factory.forProtocol(Protocol::new), 50, 0666, true));
            assertEquals(Long.toString(ProcessHandle.current().pid()), Files.readString(lock));
            // We hold it now: a second listener is refused by the lock.
            Throwable t = cause(() -> rt.call(() -> rt.reactor.listenUNIX(sock.toString(), Factory.forProtocol(Protocol::new), 50, 0666, true)));
            assertTrue(t instanceof CannotListenError && t.getMessage().contains("locked by running process"), String.valueOf(t));
            // checkPID connects to a live server.
            CompletableFuture<Failure> lost = new CompletableFuture<>();
            rt.run(() -> rt.reactor.connectUNIX(sock.toString(), new ClientFactory(() -> new Protocol() {
                @Override
                public void connectionMade() {
                    transport.loseConnection();
                }
            }) {
                @Override
                public void clientConnectionLost(Connector connector, Failure reason) {
                    lost.complete(reason);
                }
            }, 10, true));
            assertNotNull(lost.get(10, TimeUnit.SECONDS).check(ConnectionDone.class));
            CompletableFuture<Void> stopped = new CompletableFuture<>();
            rt.run(() -> p.stopListening().addCallback(x -> stopped.complete(null)));
            stopped.get(10, TimeUnit.SECONDS);
            assertFalse(Files.exists(lock), "lock removed when the port stops");
            // checkPID without a live lock fails at once.
            CompletableFuture<Failure> failed = new CompletableFuture<>();
            rt.run(() -> rt.reactor.connectUNIX(sock.toString(), new ClientFactory(Protocol::new) {
                @Override
                public void clientConnectionFailed(Connector connector, Failure reason) {
                    failed.complete(reason);
                }
            }, 10, true));
            Failure f = failed.get(10, TimeUnit.SECONDS);
            assertNotNull(f.check(ConnectError.class), f.toString());
        }
    }
}
