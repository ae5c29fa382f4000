package io.twisted.amp;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.twisted.internet.Reactor;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The real Python Twisted (Debian's python3-twisted under {@code /usr/bin/python3}) as an interop peer.
 * Missing, the tests skip; with {@code CI=true} they fail.
 */
public final class PythonTwisted {

    /** Debian's Python, the one that sees python3-twisted (not a pyenv python on PATH). */
    public static final String PYTHON = "/usr/bin/python3";

    private PythonTwisted() {
    }

    /** Skips (or, with CI=true, fails) when Python Twisted is not installed. */
    public static void require() throws Exception {
        boolean present = Files.isExecutable(Path.of(PYTHON));
        if (present) {
            Process p = new ProcessBuilder(PYTHON, "-c", "import twisted.protocols.amp, twisted.spread.pb")
                    .redirectErrorStream(true).start();
            present = p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
            p.destroyForcibly();
        }
        if ("true".equals(System.getenv("CI"))) {
            assertTrue(present, "python3-twisted is required with CI=true (apt-get install python3-twisted)");
        }
        Assumptions.assumeTrue(present, "python3-twisted not installed under " + PYTHON);
    }

    /** The path of a peer script in the test resources. */
    public static Path script(String resource) throws Exception {
        return Path.of(PythonTwisted.class.getResource("/interop/" + resource).toURI());
    }

    /** Runs {@code script args}, waits at most {@code seconds}; returns exit status and output. */
    public static Result run(String resource, int seconds, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(PYTHON, script(resource).toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (java.io.IOException e) {
                return "(cannot read output: " + e + ")";
            }
        });
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("python peer did not finish in " + seconds + " s: " + out.getNow("(no output)"));
        }
        return new Result(p.exitValue(), out.get(10, TimeUnit.SECONDS));
    }

    /** A finished peer. */
    public record Result(int exitCode, String output) {}

    /** A server peer: started, its port read from its first "PORT n" line. */
    public static final class Server implements AutoCloseable {
        public final Process process;
        public final int port;
        private final StringBuilder output = new StringBuilder();

        public Server(String resource, String... args) throws Exception {
            List<String> cmd = new ArrayList<>(List.of(PYTHON, script(resource).toString()));
            cmd.addAll(List.of(args));
            process = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            CompletableFuture<Integer> portLine = CompletableFuture.supplyAsync(() -> {
                try {
                    String line;
                    while ((line = r.readLine()) != null) {
                        synchronized (output) {
                            output.append(line).append('\n');
                        }
                        if (line.startsWith("PORT ")) {
                            return Integer.parseInt(line.substring(5).trim());
                        }
                    }
                    return -1;
                } catch (java.io.IOException e) {
                    return -1;
                }
            });
            int p = portLine.get(30, TimeUnit.SECONDS);
            if (p < 0) {
                process.destroyForcibly();
                fail("python server did not start: " + output());
            }
            port = p;
            Thread drain = new Thread(() -> {
                try {
                    String line;
                    while ((line = r.readLine()) != null) {
                        synchronized (output) {
                            output.append(line).append('\n');
                        }
                    }
                } catch (java.io.IOException ignored) {
                    // the process ended
                }
            }, "python-peer-output");
            drain.setDaemon(true);
            drain.start();
        }

        public String output() {
            synchronized (output) {
                return output.toString();
            }
        }

        @Override
        public void close() throws Exception {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    /** A real reactor running on its own thread, for the duration of a test. */
    public static final class ReactorThread implements AutoCloseable {
        public final Reactor reactor = Reactor.create();
        private final Thread thread;

        public ReactorThread(String name) {
            thread = new Thread(reactor::run, name);
            thread.setDaemon(true);
            thread.start();
        }

        /** Runs {@code task} on the reactor thread and returns what it returns. */
        public <T> T call(Callable<T> task) throws Exception {
            CompletableFuture<T> f = new CompletableFuture<>();
            reactor.callFromThread(() -> {
                try {
                    f.complete(task.call());
                } catch (Throwable t) {
                    f.completeExceptionally(t);
                }
            });
            return f.get(30, TimeUnit.SECONDS);
        }

        @Override
        public void close() throws Exception {
            reactor.callFromThread(reactor::stop);
            thread.join(10_000);
        }
    }
}
