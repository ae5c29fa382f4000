package io.twisted.testing;

import io.twisted.internet.Producer;
import io.twisted.internet.process.ProcessProtocol;
import io.twisted.internet.process.ProcessTransport;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The transport {@link MemoryReactor#spawnProcess} hands a {@link ProcessProtocol}: no process
 * runs; what the protocol writes to stdin, the descriptors it closes and the signals it sends are
 * recorded, and a test plays the child's part by calling the protocol's callbacks itself
 * ({@code outReceived}, {@code processEnded}, ...).
 */
public final class MemoryProcessTransport implements ProcessTransport {

    private final ProcessProtocol protocol;
    private final String executable;
    private final List<String> args;
    private final Map<String, String> env;
    private final Path path;
    private final long pid;
    private final ByteArrayOutputStream stdin = new ByteArrayOutputStream();
    private final List<String> signals = new ArrayList<>();
    private boolean stdinClosed;
    private boolean stdoutClosed;
    private boolean stderrClosed;
    private boolean readingPaused;
    private Producer producer;

    MemoryProcessTransport(ProcessProtocol protocol, String executable, List<String> args, Map<String, String> env, Path path, long pid) {
        this.protocol = protocol;
        this.executable = executable;
        this.args = List.copyOf(args);
        this.env = env;
        this.path = path;
        this.pid = pid;
    }

    public ProcessProtocol protocol() {
        return protocol;
    }

    public String executable() {
        return executable;
    }

    public List<String> args() {
        return args;
    }

    /** The environment given, or {@code null} for "inherit". */
    public Map<String, String> env() {
        return env;
    }

    /** The working directory given, or {@code null}. */
    public Path path() {
        return path;
    }

    /** What the protocol wrote to the child's stdin. */
    public byte[] stdinValue() {
        return stdin.toByteArray();
    }

    public String stdinAsString() {
        return stdin.toString(StandardCharsets.UTF_8);
    }

    /** The signals sent, in order, as given ("TERM", "KILL", ...). */
    public List<String> signals() {
        return List.copyOf(signals);
    }

    public boolean isStdinClosed() {
        return stdinClosed;
    }

    public boolean isStdoutClosed() {
        return stdoutClosed;
    }

    public boolean isStderrClosed() {
        return stderrClosed;
    }

    /** Whether the protocol paused reading the child's output. */
    public boolean isReadingPaused() {
        return readingPaused;
    }

    public Producer producer() {
        return producer;
    }

    @Override
    public long pid() {
        return pid;
    }

    @Override
    public void write(ByteBuffer data) {
        byte[] b = new byte[data.remaining()];
        data.get(b);
        if (!stdinClosed) {
            stdin.write(b, 0, b.length);
        }
    }

    @Override
    public void closeStdin() {
        if (!stdinClosed) {
            stdinClosed = true;
            protocol.inConnectionLost();
        }
    }

    @Override
    public void closeStdout() {
        stdoutClosed = true;
    }

    @Override
    public void closeStderr() {
        stderrClosed = true;
    }

    @Override
    public void loseConnection() {
        closeStdin();
        closeStdout();
        closeStderr();
    }

    @Override
    public void signalProcess(String signal) {
        signals.add(signal);
    }

    @Override
    public void registerProducer(Producer producer, boolean streaming) {
        if (this.producer != null) {
            throw new IllegalStateException("a producer is already registered: " + this.producer);
        }
        this.producer = producer;
    }

    @Override
    public void unregisterProducer() {
        producer = null;
    }

    @Override
    public void pauseProducing() {
        readingPaused = true;
    }

    @Override
    public void resumeProducing() {
        readingPaused = false;
    }

    @Override
    public void stopProducing() {
        loseConnection();
    }
}
