package io.twisted.web.client;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;

/**
 * A Python HTTP server on 127.0.0.1 with a system-chosen port, read from its first line of output
 * ("Serving HTTP on 127.0.0.1 port N" or "PORT N"). A missing /usr/bin/python3 skips the test, or
 * fails it with CI=true.
 */
final class PythonServer implements AutoCloseable {

    static final String PYTHON = "/usr/bin/python3";
    private static final Pattern PORT = Pattern.compile("(?:port |PORT )(\\d+)");

    private final Process process;
    final int port;

    private PythonServer(List<String> command) throws Exception {
        process = new ProcessBuilder(command).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> {
            try {
                return out.readLine();
            } catch (IOException e) {
                return null;
            }
        });
        String line;
        try {
            line = first.get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            process.destroyForcibly();
            throw new AssertionError("python server did not start: " + command, e);
        }
        Matcher m = line == null ? null : PORT.matcher(line);
        if (m == null || !m.find()) {
            process.destroyForcibly();
            throw new AssertionError("python server said " + line + " instead of its port: " + command);
        }
        port = Integer.parseInt(m.group(1));
        // Keep draining its output so it never blocks on a full pipe.
        InputStream rest = process.getInputStream();
        Thread drain = new Thread(() -> {
            try {
                rest.transferTo(java.io.OutputStream.nullOutputStream());
            } catch (IOException ignored) {
                // the process ended
            }
        }, "python-drain");
        drain.setDaemon(true);
        drain.start();
    }

    /** Requires python3: with CI=true a missing one fails. */
    static void requirePython() {
        boolean present = Files.isExecutable(Path.of(PYTHON));
        if ("true".equals(System.getenv("CI"))) {
            assertTrue(present, PYTHON + " is required with CI=true (Debian package python3)");
        }
        Assumptions.assumeTrue(present, PYTHON + " not installed");
    }

    /** {@code python3 -m http.server} serving {@code dir}. */
    static PythonServer httpServerModule(Path dir) throws Exception {
        requirePython();
        return new PythonServer(List.of(PYTHON, "-u", "-m", "http.server", "0", "--bind", "127.0.0.1", "--directory",
                dir.toString()));
    }

    /** The test resource {@code http_peer.py} serving {@code dir}, over TLS when {@code cert} is given. */
    static PythonServer peer(Path dir, Path cert, Path key) throws Exception {
        requirePython();
        Path script = dir.resolve("http_peer.py");
        try (InputStream in = PythonServer.class.getResourceAsStream("http_peer.py")) {
            Files.copy(in, script, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        return cert == null
                ? new PythonServer(List.of(PYTHON, "-u", script.toString(), dir.toString()))
                : new PythonServer(List.of(PYTHON, "-u", script.toString(), dir.toString(), cert.toString(), key.toString()));
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
