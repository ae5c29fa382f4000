package io.twisted.twist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code twist echo} as a real process on 127.0.0.1 (port chosen by the system): it echoes, and
 * SIGTERM stops it cleanly (the service stops, the port closes, the runner reports it) within the
 * time limit.
 */
class TwistProcessTest {

    private static final Pattern LISTENING = Pattern.compile("listening on /127\\.0\\.0\\.1:(\\d+)");

    @Test
    void echoesAndStopsCleanlyOnSigterm() throws Exception {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(List.of(javaBin, "-cp", System.getProperty("java.class.path"),
                Twist.class.getName(), "echo", "--listen", "tcp:0:interface=127.0.0.1"))
                .redirectErrorStream(true).start();
        StringBuffer log = new StringBuffer();
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    log.append(line).append('\n');
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) {
                        port.complete(Integer.parseInt(m.group(1)));
                    }
                }
            } catch (Exception e) {
                port.completeExceptionally(e);
            }
            port.completeExceptionally(new AssertionError("twist ended before listening:\n" + log));
        }, "twist-output");
        reader.setDaemon(true);
        reader.start();
        try {
            int echoPort = port.get(60, TimeUnit.SECONDS);
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", echoPort), 10_000);
                s.setSoTimeout(10_000);
                OutputStream out = s.getOutputStream();
                byte[] hello = "Hello, echo!\r\n".getBytes(StandardCharsets.US_ASCII);
                out.write(hello);
                assertEquals(new String(hello, StandardCharsets.US_ASCII),
                        new String(s.getInputStream().readNBytes(hello.length), StandardCharsets.US_ASCII));
            }
            // SIGTERM through the handle: Process.destroy() would also close our end of its output.
            p.toHandle().destroy();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "twist did not exit after SIGTERM:\n" + log);
            reader.join(10_000);
            String text = log.toString();
            assertTrue(text.contains("received a signal, shutting down"), "exit " + p.exitValue() + ":\n" + text);
            assertTrue(text.contains("Port " + echoPort + " Closed"), text);
            assertTrue(text.contains("twist echo stopped"), text);
        } finally {
            p.destroyForcibly();
        }
    }
}
