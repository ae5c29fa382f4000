package io.twisted.internet.process;

import io.twisted.internet.Producer;
import io.twisted.internet.PushProducer;
import io.twisted.internet.ReactorThreads;
import io.twisted.internet.defer.Failure;
import io.twisted.internet.error.ProcessExitedAlready;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A started child process: the {@link ProcessTransport} its protocol sees.
 *
 * <p>Three daemon threads do the blocking I/O (an {@link OutputReader} each for stdout and
 * stderr, a {@link StdinWriter} for stdin, started on first use); everything they learn reaches
 * this object through {@link ReactorThreads#callFromThread}, so its state and every protocol
 * callback belong to the reactor thread. {@link Process#onExit()} reports the exit the same way.
 * {@code processEnded} is called once the process has exited and all three pipes are closed; stdin
 * counts as closed when the process exits (pending writes are dropped), because Java cannot tell
 * when the last holder of the pipe's read end lets go.
 */
final class ChildProcess implements ProcessTransport {

    static final System.Logger LOG = System.getLogger("io.twisted.internet.process");

    /** Queued stdin bytes above which a registered push producer is paused. */
    static final int DEFAULT_HIGH_WATERMARK = 64 * 1024;
    /** Queued stdin bytes at or below which a paused push producer is resumed. */
    static final int DEFAULT_LOW_WATERMARK = 16 * 1024;
    /** The most bytes of {@code kill}'s error output kept for an exception message. */
    private static final int KILL_OUTPUT_LIMIT = 4096;

    private final ReactorThreads reactor;
    private final ProcessProtocol protocol;
    private final Process process;
    private final long pid;
    private final String name;
    private final StdinWriter stdin;
    private final OutputReader stdout;
    private final OutputReader stderr;
    private final long highWatermark = DEFAULT_HIGH_WATERMARK;
    private final long lowWatermark = DEFAULT_LOW_WATERMARK;

    // Reactor thread only.
    private boolean readPaused;
    private boolean draining;
    private boolean stdinClosing;
    private boolean inLost;
    private Failure exitReason;
    private boolean ended;
    private Producer producer;
    private boolean streamingProducer;
    private boolean producerPaused;

    ChildProcess(ReactorThreads reactor, ProcessProtocol protocol, Process process) {
        this.reactor = reactor;
        this.protocol = protocol;
        this.process = process;
        this.pid = process.pid();
        this.name = "twisted-process-" + pid;
        this.stdin = new StdinWriter(process.getOutputStream(), reactor, this, name + "-stdin", lowWatermark);
        this.stdout = new OutputReader(1, process.getInputStream(), reactor, this);
        this.stderr = new OutputReader(2, process.getErrorStream(), reactor, this);
    }

    /** Connects the protocol, then starts reading and watching for the exit. */
    void start() {
        try {
            protocol.makeConnection(this);
        } catch (Throwable t) {
            logCallbackError("connectionMade", t);
        }
        stdout.start(name + "-stdout");
        stderr.start(name + "-stderr");
        process.onExit().whenComplete((p, t) -> reactor.callFromThread(() -> exited(exitValue())));
    }

    private int exitValue() {
        try {
            return process.exitValue();
        } catch (IllegalThreadStateException e) {
            return -1; // cannot happen once onExit completed
        }
    }

    /** For tests: the reader of {@code childFd} (1 or 2). */
    OutputReader reader(int childFd) {
        return childFd == 1 ? stdout : stderr;
    }

    @Override
    public long pid() {
        return pid;
    }

    // ------------------------------------------------------------------ stdin

    @Override
    public void write(ByteBuffer data) {
        if (stdinClosing || inLost) {
            data.position(data.limit());
            return;
        }
        if (!data.hasRemaining()) {
            return;
        }
        long queued = stdin.enqueue(data);
        if (producer != null && streamingProducer && !producerPaused && queued > highWatermark) {
            producerPaused = true;
            try {
                ((PushProducer) producer).pauseProducing();
            } catch (Throwable t) {
                logCallbackError("pauseProducing", t);
            }
        }
    }

    @Override
    public void closeStdin() {
        if (stdinClosing || inLost) {
            return;
        }
        stdinClosing = true;
        stdin.close();
    }

    @Override
    public void registerProducer(Producer producer, boolean streaming) {
        if (this.producer != null) {
            throw new IllegalStateException("Cannot register producer " + producer + ", because producer "
                    + this.producer + " was never unregistered.");
        }
        if (streaming && !(producer instanceof PushProducer)) {
            throw new IllegalArgumentException("a streaming producer must be a PushProducer: " + producer);
        }
        if (stdinClosing || inLost) {
            producer.stopProducing();
            return;
        }
        this.producer = producer;
        this.streamingProducer = streaming;
        this.producerPaused = false;
        stdin.setWantDrained(!streaming);
        if (!streaming) {
            producer.resumeProducing();
        } else if (stdin.queued() > highWatermark) {
            producerPaused = true;
            ((PushProducer) producer).pauseProducing();
        }
    }

    @Override
    public void unregisterProducer() {
        producer = null;
        producerPaused = false;
        stdin.setWantDrained(false);
    }

    /** The stdin queue fell to the low watermark or emptied. */
    void stdinProgress() {
        Producer p = producer;
        if (p == null || inLost) {
            return;
        }
        long queued = stdin.queued();
        try {
            if (streamingProducer && producerPaused && queued <= lowWatermark) {
                producerPaused = false;
                p.resumeProducing();
            } else if (!streamingProducer && queued == 0) {
                p.resumeProducing();
            }
        } catch (Throwable t) {
            logCallbackError("resumeProducing", t);
        }
    }

    /** Stdin is closed: by {@link #closeStdin}, a write error, or the process exiting. */
    void stdinClosed(IOException error) {
        if (inLost) {
            return;
        }
        inLost = true;
        if (error != null) {
            LOG.log(System.Logger.Level.DEBUG, "writing to the stdin of process " + pid + " failed", error);
        }
        Producer p = producer;
        producer = null;
        producerPaused = false;
        if (p != null) {
            try {
                p.stopProducing();
            } catch (Throwable t) {
                logCallbackError("stopProducing", t);
            }
        }
        childConnectionLost(0);
        maybeEnded();
    }

    // ------------------------------------------------------------------ stdout and stderr

    @Override
    public void closeStdout() {
        closeOutput(stdout);
    }

    @Override
    public void closeStderr() {
        closeOutput(stderr);
    }

    private void closeOutput(OutputReader reader) {
        if (reader.closing) {
            return;
        }
        reader.closing = true;
        reader.close();
        for (OutputReader.Chunk c; (c = reader.pending.poll()) != null; ) {
            if (!c.isEof()) {
                reader.release(c.buffer());
            }
        }
        // Twisted reports the loss on the next reactor iteration, not inside closeChildFD.
        reactor.callFromThread(() -> outputLost(reader));
    }

    /** A chunk (or the end) arrived from {@code reader}'s thread. */
    void outputArrived(OutputReader reader, OutputReader.Chunk chunk) {
        if (reader.closing) {
            if (!chunk.isEof()) {
                reader.release(chunk.buffer());
            }
            return;
        }
        if (readPaused || !reader.pending.isEmpty()) {
            reader.pending.add(chunk);
            return;
        }
        deliver(reader, chunk);
    }

    private void deliver(OutputReader reader, OutputReader.Chunk chunk) {
        if (chunk.isEof()) {
            reader.closing = true;
            outputLost(reader);
            return;
        }
        try {
            protocol.childDataReceived(reader.childFd, ByteBuffer.wrap(chunk.buffer(), 0, chunk.length()));
        } catch (Throwable t) {
            logCallbackError(reader.childFd == 1 ? "outReceived" : "errReceived", t);
            closeOutput(reader);
        } finally {
            reader.release(chunk.buffer());
        }
    }

    private void deliverPending(OutputReader reader) {
        OutputReader.Chunk c;
        while (!readPaused && !reader.closing && (c = reader.pending.poll()) != null) {
            deliver(reader, c);
        }
    }

    private void outputLost(OutputReader reader) {
        if (reader.lost) {
            return;
        }
        reader.lost = true;
        childConnectionLost(reader.childFd);
        maybeEnded();
    }

    /** Stops delivering output, and reading it before the next chunk. */
    @Override
    public void pauseProducing() {
        if (readPaused) {
            return;
        }
        readPaused = true;
        stdout.setPaused(true);
        stderr.setPaused(true);
    }

    /** Delivers what arrived while paused, then reads again. */
    @Override
    public void resumeProducing() {
        if (!readPaused) {
            return;
        }
        readPaused = false;
        if (draining) {
            return; // the outer deliverPending carries on
        }
        draining = true;
        try {
            deliverPending(stdout);
            deliverPending(stderr);
        } finally {
            draining = false;
        }
        if (!readPaused) {
            stdout.setPaused(false);
            stderr.setPaused(false);
        }
    }

    /** Closes every pipe, as {@link #loseConnection()}. */
    @Override
    public void stopProducing() {
        loseConnection();
    }

    @Override
    public void loseConnection() {
        closeStdin();
        closeStderr();
        closeStdout();
    }

    // ------------------------------------------------------------------ exit and signals

    /** The process has exited with {@code exitValue}. */
    void exited(int exitValue) {
        if (exitReason != null) {
            return;
        }
        exitReason = ExitStatus.reason(exitValue);
        try {
            protocol.processExited(exitReason);
        } catch (Throwable t) {
            logCallbackError("processExited", t);
        }
        if (!inLost) {
            stdin.abandon();
            stdinClosed(null);
        }
        maybeEnded();
    }

    private void maybeEnded() {
        if (ended || exitReason == null || !inLost || !stdout.lost || !stderr.lost) {
            return;
        }
        ended = true;
        try {
            protocol.processEnded(exitReason);
        } catch (Throwable t) {
            logCallbackError("processEnded", t);
        }
    }

    @Override
    public void signalProcess(String signal) {
        String sig = ExitStatus.normalizeSignal(signal);
        if (!process.isAlive()) {
            throw new ProcessExitedAlready();
        }
        boolean sent;
        if (ExitStatus.isTerm(sig)) {
            sent = process.toHandle().destroy();
        } else if (ExitStatus.isKill(sig)) {
            sent = process.toHandle().destroyForcibly();
        } else {
            sent = kill(sig);
        }
        if (!sent) {
            throw new ProcessExitedAlready();
        }
    }

    /** Runs {@code kill -SIG pid}; false if the process is gone. */
    private boolean kill(String sig) {
        Process k;
        try {
            k = new ProcessBuilder("kill", "-" + sig, Long.toString(pid)).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run kill to send SIG" + sig + " to process " + pid, e);
        }
        String output;
        int status;
        try (InputStream in = k.getInputStream()) {
            k.getOutputStream().close();
            output = new String(in.readNBytes(KILL_OUTPUT_LIMIT), StandardCharsets.UTF_8).trim();
            status = k.waitFor();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run kill to send SIG" + sig + " to process " + pid, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            k.destroyForcibly();
            throw new IllegalStateException("interrupted while sending SIG" + sig + " to process " + pid, e);
        }
        if (status == 0) {
            return true;
        }
        if (!process.isAlive()) {
            return false;
        }
        throw new IllegalArgumentException("cannot send SIG" + sig + " to process " + pid + ": " + output);
    }

    // ------------------------------------------------------------------ protocol calls

    private void childConnectionLost(int childFd) {
        try {
            protocol.childConnectionLost(childFd);
        } catch (Throwable t) {
            logCallbackError("childConnectionLost(" + childFd + ")", t);
        }
    }

    private void logCallbackError(String callback, Throwable t) {
        LOG.log(System.Logger.Level.ERROR, "Unhandled error in " + callback + " of " + protocol.getClass().getName()
                + " for process " + pid, t);
    }

    @Override
    public String toString() {
        return "ChildProcess[pid=" + pid + "]";
    }
}
