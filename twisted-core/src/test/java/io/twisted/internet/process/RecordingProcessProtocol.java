package io.twisted.internet.process;

import io.twisted.testing.ReactorThread;
import io.twisted.internet.ReactorThreads;
import io.twisted.internet.defer.Failure;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Records every event of a process, notes any callback that runs off the reactor thread, and
 * completes futures for the milestones. Fields other than the futures belong to the reactor thread;
 * the test reads them after a future completed (which orders the reads after the writes).
 */
class RecordingProcessProtocol extends ProcessProtocol {

    private final ReactorThreads reactor;
    final List<String> events = new ArrayList<>();
    final List<String> offReactorThread = Collections.synchronizedList(new ArrayList<>());
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();
    int outCalls;
    int largestChunk;
    final CompletableFuture<Void> inLost = new CompletableFuture<>();
    final CompletableFuture<Failure> exited = new CompletableFuture<>();
    final CompletableFuture<Failure> ended = new CompletableFuture<>();

    RecordingProcessProtocol(ReactorThreads reactor) {
        this.reactor = reactor;
    }

    private void record(String event) {
        if (!reactor.isInReactorThread()) {
            offReactorThread.add(event + " on " + Thread.currentThread().getName());
        }
        events.add(event);
    }

    @Override
    public void connectionMade() {
        record("connectionMade");
    }

    @Override
    public void outReceived(ByteBuffer data) {
        if (!reactor.isInReactorThread()) {
            offReactorThread.add("outReceived on " + Thread.currentThread().getName());
        }
        outCalls++;
        largestChunk = Math.max(largestChunk, data.remaining());
        byte[] b = new byte[data.remaining()];
        data.get(b);
        out.writeBytes(b);
    }

    @Override
    public void errReceived(ByteBuffer data) {
        if (!reactor.isInReactorThread()) {
            offReactorThread.add("errReceived on " + Thread.currentThread().getName());
        }
        byte[] b = new byte[data.remaining()];
        data.get(b);
        err.writeBytes(b);
    }

    @Override
    public void inConnectionLost() {
        record("inConnectionLost");
        inLost.complete(null);
    }

    @Override
    public void outConnectionLost() {
        record("outConnectionLost");
    }

    @Override
    public void errConnectionLost() {
        record("errConnectionLost");
    }

    @Override
    public void processExited(Failure reason) {
        record("processExited");
        exited.complete(reason);
    }

    @Override
    public void processEnded(Failure reason) {
        record("processEnded");
        ended.complete(reason);
    }

    /** Waits for processEnded (at most 60 s) and returns its reason. */
    Failure awaitEnded() throws Exception {
        return ended.get(60, TimeUnit.SECONDS);
    }

    String outText() {
        return out.toString(StandardCharsets.UTF_8);
    }

    String errText() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
