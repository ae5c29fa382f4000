package io.twisted.internet.nio;

import static org.junit.jupiter.api.Assertions.*;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server out of file descriptors backs off instead of spinning on its ready listening socket,
 * and accepts again once descriptors are free. Runs the server in a child JVM under a low
 * {@code ulimit -n}.
 */
class AcceptBackoffTest {

    @TempDir
    Path dir;

    @Test
    void runningOutOfFileDescriptorsPausesAcceptingAndRecovers() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path log = dir.resolve("server.log");
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", "ulimit -n 96 && exec \"$0\" -Xshare:off -cp \"$1\" "
                + "io.twisted.internet.nio.AcceptBackoffServer", java,
                System.getProperty("java.class.path"));
        pb.redirectError(log.toFile());
        Process server = pb.start();
        System.err.println("server log: " + log);
        List<Socket> held = new ArrayList<>();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.US_ASCII));
            String first = out.readLine();
            assertNotNull(first, "server printed its port");
            int port = Integer.parseInt(first.substring(5));
            // Far more connections than the server has descriptors: the kernel completes them (backlog 500),
            // the server's accept() fails with EMFILE once its table is full.
            for (int i = 0; i < 150; i++) {
                held.add(new Socket("127.0.0.1", port));
            }
            // Let the server run into the limit for a while: a spinning accept loop would log thousands of lines.
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1000);
            while (System.nanoTime() < deadline && !Files.readString(log).contains("pausing accepts")) {
                Thread.sleep(20);
            }
            Thread.sleep(500);
            long pauses = Files.readAllLines(log).stream().filter(l -> l.contains("pausing accepts")).count();
            assertTrue(pauses >= 1, "the server noticed it could not accept");
            assertTrue(pauses < 60, "backed off instead of spinning: " + pauses + " pauses logged in about a second");
            for (Socket s : held) {
                s.close();
            }
            held.clear();
            // With descriptors free again, a new connection is accepted and echoed.
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
                s.setSoTimeout(20_000);
                s.getOutputStream().write("ping".getBytes(StandardCharsets.US_ASCII));
                byte[] b = s.getInputStream().readNBytes(4);
                assertEquals("ping", new String(b, StandardCharsets.US_ASCII));
            }
        } catch (Exception | AssertionError e) {
            throw new AssertionError("server log:\n" + Files.readString(log).lines().limit(60)
                    .collect(Collectors.joining("\n")), e);
        } finally {
            for (Socket s : held) {
                s.close();
            }
            server.destroyForcibly();
            server.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
