package io.twisted.internet.process;

import io.twisted.testing.ReactorThread;
import static org.junit.jupiter.api.Assertions.*;

import io.twisted.internet.PushProducer;
import io.twisted.internet.defer.Failure;
import io.twisted.internet.error.ProcessDone;
import io.twisted.internet.error.ProcessExitedAlready;
import io.twisted.internet.error.ProcessTerminated;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Real child processes (POSIX tools: sh, cat, env, pwd, sleep, head, yes, wc) on a real reactor. */
@DisabledOnOs(OS.WINDOWS)
class ProcessSpawnerTest {

    private ReactorThread rt;

    @BeforeEach
    void startReactor() {
        rt = new ReactorThread("process-test-reactor");
    }

    @AfterEach
    void stopReactor() throws Exception {
        rt.close();
    }

    private ProcessTransport spawn(ProcessProtocol p, String executable, List<String> args) throws Exception {
        return spawn(p, executable, args, null, null);
    }

    private ProcessTransport spawn(ProcessProtocol p, String executable, List<String> args, Map<String, String> env,
            Path path) throws Exception {
        return rt.call(() -> ProcessSpawner.spawnProcess(rt.reactor, p, executable, args, env, path));
    }

    private static ProcessTerminated terminated(Failure f) {
        assertInstanceOf(ProcessTerminated.class, f.value(), f::getTraceback);
        return (ProcessTerminated) f.value();
    }

    @Test
    void catEchoesTenMebibytesByteExactAndEndsWithExitCode3() throws Exception {
        byte[] data = new byte[10 * 1024 * 1024];
        new Random(42).nextBytes(data);
        var p = new RecordingProcessProtocol(rt.reactor);
        ProcessTransport t = spawn(p, "/bin/sh", List.of("sh", "-c", "cat; exit 3"));
        rt.run(() -> {
            ByteBuffer buf = ByteBuffer.wrap(data);
            t.write(buf);
            assertFalse(buf.hasRemaining(), "write consumes the buffer");
            t.closeStdin();
        });
        ProcessTerminated e = terminated(p.awaitEnded());
        assertEquals(3, e.exitCode());
        assertNull(e.signal());
        assertEquals(3, e.status());
        assertTrue(Arrays.equals(data, p.out.toByteArray()), "stdout differs from what was written");
        assertTrue(p.largestChunk <= OutputReader.CHUNK_SIZE, "chunk of " + p.largestChunk);
        assertTrue(p.outCalls >= data.length / OutputReader.CHUNK_SIZE, "10 MiB in " + p.outCalls + " chunks");
        assertTrue(p.outCalls <= data.length / 1024, "read in tiny pieces: " + p.outCalls + " chunks");
        assertEquals(List.of(), p.offReactorThread);
    }

    @Test
    void stderrArrivesInErrReceived() throws Exception {
        var p = new RecordingProcessProtocol(rt.reactor);
        spawn(p, "/bin/sh", List.of("sh", "-c", "echo hi >&2"));
        assertInstanceOf(ProcessDone.class, p.awaitEnded().value());
        assertEquals("hi\n", p.errText());
        assertEquals("", p.outText());
    }

    @Test
    void exitZeroGivesProcessDoneToProcessExitedAndProcessEnded() throws Exception {
        var p = new RecordingProcessProtocol(rt.reactor);
        spawn(p, "/bin/sh", List.of("sh", "-c", "exit 0"));
        assertInstanceOf(ProcessDone.class, p.awaitEnded().value());
        assertInstanceOf(ProcessDone.class, p.exited.get().value());
    }

    @Test
    void envReplacesTheWholeEnvironment() throws Exception {
        var p = new RecordingProcessProtocol(rt.reactor);
        spawn(p, "/usr/bin/env", List.of("env"), Map.of("A", "1", "B", "two words"), null);
        assertInstanceOf(ProcessDone.class, p.awaitEnded().value());
        Set<String> lines = new TreeSet<>(Arrays.asList(p.outText().split("\n")));
        assertEquals(Set.of("A=1", "B=two words"), lines);
    }

    @Test
    void nullEnvInheritsTheEnvironment() throws Exception {
        var p = new RecordingProcessProtocol(rt.reactor);
        spawn(p, "/bin/sh", List.of("sh", "-c", "echo \"$PATH\""));
        assertInstanceOf(ProcessDone.class, p.awaitEnded().value());
        assertEquals(System.getenv("PATH") + "\n", p.outText());
    }

    @Test
    void pathSetsTheWorkingDirectory(@TempDir Path dir) throws Exception {
        var p = new RecordingProcessProtocol(rt.reactor);
        spawn(p, "/bin/sh", List.of("sh", "-c", "pwd -P"), null, dir);
        assertInstanceOf(ProcessDone.class, p.awaitEnded().value());
        assertEquals(dir.toRealPath() + "\n", p.outText());
    }

    @Test
    void argsAfterArgv0ArePassed() throws Exception {
        var p = new RecordingProcessProtocol(rt.reactor);
        spawn(p, "/bin/sh", List.of("ignored-argv0", "-c", "printf '%s|' \"$@\"", "x", "a b", "", "c"));
        assertInstanceOf(ProcessDone.class, p.awaitEnded().value());
        assertEquals("a b||c|", p.outText());
    }

    @Test
    void missingExecutableThrowsFromSpawnProcess() throws Exception {
        var p = new RecordingProcessProtocol(rt.reactor);
        var e = assertThrows(UncheckedIOException.class,
                () -> spawn(p, "/nonexistent/twisted-no-such-program", List.of("x")));
        assertTrue(e.getMessage().contains("/nonexistent/twisted-no-such-program"), e.getMessage());
        assertEquals(List.of(), rt.call(() -> List.copyOf(p.events)), "the protocol was never connected");
    }

    @Test
    void missingWorkingDirectoryThrowsFromSpawnProcess(@TempDir Path dir) throws Exception {
        var p = new RecordingProcessProtocol(rt.reactor);
        Path missing = dir.resolve("missing");
        var e = assertThrows(UncheckedIOException.class,
                () -> spawn(p, "/bin/sh", List.of("sh", "-c", "exit 0"), null, missing));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    }

    @Test
    void terminateEndsSleepAndReportsTheSignal() throws Exception {
        var p = new RecordingProcessProtocol(rt.reactor);
        ProcessTransport t = spawn(p, "sleep", List.of("sleep", "100"));
        assertTrue(t.pid() > 0);
        rt.run(() -> t.signalProcess("TERM"));
        ProcessTerminated e = terminated(p.awaitEnded());
        assertEquals(15, e.signal());
        assertNull(e.exitCode());
        assertEquals(128 + 15, e.status());
        assertTrue(e.getMessage().contains("by signal 15"), e.getMessage());
        assertThrows(ProcessExitedAlready.class, () -> rt.run(() -> t.signalProcess("TERM")));
        assertThrows(ProcessExitedAlready.class, () -> rt.run(() -> t.signalProcess("INT")));
    }

    @ParameterizedTest
    @CsvSource({"KILL,9", "SIGKILL,9", "9,9", "INT,2", "hup,1", "SIGALRM,14", "15,15"})
    void signalsByNameOrNumberAreDelivered(String signal, int number) throws Exception {
        var p = new RecordingProcessProtocol(rt.reactor);
        ProcessTransport t = spawn(p, "sleep", List.of("sleep", "100"));
        rt.run(() -> t.signalProcess(signal));
        assertEquals(number, terminated(p.awaitEnded()).signal());
    }

    @Test
    void malformedOrUnknownSignalIsRejected() throws Exception {
        var p = new RecordingProcessProtocol(rt.reactor);
        ProcessTransport t = spawn(p, "sleep", List.of("sleep", "100"));
        assertThrows(IllegalArgumentException.class, () -> rt.run(() -> t.signalProcess("TERM; rm")));
        assertThrows(IllegalArgumentException.class, () -> rt.run(() -> t.signalProcess("-9")));
        assertThrows(IllegalArgumentException.class, () -> rt.run(() -> t.signalProcess("NOSUCHSIGNAL")));
        assertFalse(p.ended.isDone());
        rt.run(() -> t.signalProcess("KILL"));
        assertEquals(9, terminated(p.awaitEnded()).signal());
    }

    @Test
    void callbacksRunOnTheReactorThreadWithProcessEndedLast() throws Exception {
        var p = new RecordingProcessProtocol(rt.reactor);
        spawn(p, "/bin/sh", List.of("sh", "-c", "echo out; echo err >&2; exit 7"));
        assertEquals(7, terminated(p.awaitEnded()).exitCode());
        assertEquals(List.of(), p.offReactorThread);
        List<String> events = rt.call(() -> List.copyOf(p.events));
        assertEquals("connectionMade", events.get(0));
        assertEquals("processEnded", events.get(events.size() - 1));
        assertEquals(Set.of("connectionMade", "inConnectionLost", "outConnectionLost", "errConnectionLost",
                "processExited", "processEnded"), Set.copyOf(events));
        assertEquals(6, events.size(), "each event once: " + events);
        assertEquals("out\n", p.outText());
        assertEquals("err\n", p.errText());
    }

    @Test
    void closeStdinGivesInConnectionLostWhileTheProcessRuns() throws Exception {
        CompletableFuture<Void> catDone = new CompletableFuture<>();
        var p = new RecordingProcessProtocol(rt.reactor) {
            @Override
            public void outReceived(ByteBuffer data) {
                super.outReceived(data);
                if (outText().endsWith("cat-done\n")) {
                    catDone.complete(null);
                }
            }
        };
        // cat ends at EOF on stdin; the shell then sleeps, so the process outlives stdin.
        ProcessTransport t = spawn(p, "/bin/sh", List.of("sh", "-c", "cat; echo cat-done; exec sleep 100"));
        rt.run(() -> {
            t.write("abc\n".getBytes(StandardCharsets.US_ASCII));
            t.closeStdin();
            t.write("dropped\n".getBytes(StandardCharsets.US_ASCII));
        });
        p.inLost.get(60, TimeUnit.SECONDS);
        catDone.get(60, TimeUnit.SECONDS);
        assertFalse(p.exited.isDone());
        rt.run(() -> t.signalProcess("TERM"));
        assertEquals(15, terminated(p.awaitEnded()).signal());
        assertEquals("abc\ncat-done\n", p.outText());
        List<String> events = rt.call(() -> List.copyOf(p.events));
        assertEquals(1, events.stream().filter("inConnectionLost"::equals).count(), events.toString());
        assertTrue(events.indexOf("inConnectionLost") < events.indexOf("processExited"), events.toString());
    }

    @Test
    void pausingReadingStopsDeliveryAndResumingDeliversTheRest() throws Exception {
        int total = 8 * 1024 * 1024;
        CountDownLatch parked = new CountDownLatch(1);
        var p = new RecordingProcessProtocol(rt.reactor) {
            @Override
            public void outReceived(ByteBuffer data) {
                super.outReceived(data);
                if (outCalls == 1) {
                    transport.pauseProducing();
                }
            }
        };
        ProcessTransport t = rt.call(() -> {
            ProcessTransport tr = ProcessSpawner.spawnProcess(rt.reactor, p, "head",
                    List.of("head", "-c", Integer.toString(total), "/dev/zero"), null, null);
            ((ChildProcess) tr).reader(1).setParkHook(parked::countDown);
            return tr;
        });
        assertTrue(parked.await(60, TimeUnit.SECONDS), "the stdout reader never stopped");
        // Every chunk the reader posted before it stopped has reached the reactor by now.
        int[] seen = rt.call(() -> new int[] {p.outCalls, p.out.size(), ((ChildProcess) t).reader(1).pending.size()});
        assertEquals(1, seen[0], "outReceived calls while paused");
        assertTrue(seen[2] <= OutputReader.MAX_IN_FLIGHT, "pending chunks: " + seen[2]);
        assertTrue(ProcessHandle.of(t.pid()).map(ProcessHandle::isAlive).orElse(false),
                "head must be blocked on a full pipe, not finished");
        assertFalse(p.ended.isDone());
        rt.run(t::resumeProducing);
        assertInstanceOf(ProcessDone.class, p.awaitEnded().value());
        assertEquals(total, p.out.size());
        byte[] zeros = new byte[total];
        assertTrue(Arrays.equals(zeros, p.out.toByteArray()));
    }

    @Test
    void pushProducerIsPausedAboveHighWatermarkAndResumedBelowLow() throws Exception {
        int total = 4 * 1024 * 1024;
        var p = new RecordingProcessProtocol(rt.reactor);
        ProcessTransport t = spawn(p, "wc", List.of("wc", "-c"));
        var producer = new PushProducer() {
            final byte[] block = new byte[32 * 1024];
            int sent;
            int pauses;
            int resumes;
            boolean paused;

            void produce() {
                while (!paused && sent < total) {
                    t.write(block);
                    sent += block.length;
                }
                if (sent == total && !paused) {
                    t.unregisterProducer();
                    t.closeStdin();
                    sent++; // done
                }
            }

            @Override
            public void pauseProducing() {
                pauses++;
                paused = true;
            }

            @Override
            public void resumeProducing() {
                resumes++;
                paused = false;
                produce();
            }

            @Override
            public void stopProducing() {
            }
        };
        rt.run(() -> {
            t.registerProducer(producer, true);
            producer.produce();
        });
        assertInstanceOf(ProcessDone.class, p.awaitEnded().value());
        assertEquals(Integer.toString(total), p.outText().trim());
        int[] counts = rt.call(() -> new int[] {producer.pauses, producer.resumes});
        assertTrue(counts[0] >= 1, "never paused");
        assertEquals(counts[0], counts[1], "each pause is followed by a resume");
    }

    @Test
    void pullProducerIsAskedForMoreEachTimeTheQueueEmpties() throws Exception {
        int blocks = 50;
        var p = new RecordingProcessProtocol(rt.reactor);
        ProcessTransport t = spawn(p, "wc", List.of("wc", "-c"));
        var producer = new io.twisted.internet.PullProducer() {
            int calls;

            @Override
            public void resumeProducing() {
                calls++;
                if (calls <= blocks) {
                    t.write(new byte[10_000]);
                } else {
                    t.unregisterProducer();
                    t.closeStdin();
                }
            }

            @Override
            public void stopProducing() {
            }
        };
        rt.run(() -> t.registerProducer(producer, false));
        assertInstanceOf(ProcessDone.class, p.awaitEnded().value());
        assertEquals(Integer.toString(blocks * 10_000), p.outText().trim());
        assertEquals(blocks + 1, rt.call(() -> producer.calls));
    }

    @Test
    void producerIsStoppedWhenStdinIsLost() throws Exception {
        var p = new RecordingProcessProtocol(rt.reactor);
        ProcessTransport t = spawn(p, "/bin/sh", List.of("sh", "-c", "exec sleep 100"));
        CompletableFuture<Void> stopped = new CompletableFuture<>();
        rt.run(() -> t.registerProducer(new PushProducer() {
            @Override
            public void pauseProducing() {
            }

            @Override
            public void resumeProducing() {
            }

            @Override
            public void stopProducing() {
                stopped.complete(null);
            }
        }, true));
        rt.run(() -> t.signalProcess("KILL"));
        stopped.get(60, TimeUnit.SECONDS);
        p.awaitEnded();
    }

    @Test
    void closeStdoutStopsDeliveryAndTheWriterGetsABrokenPipe() throws Exception {
        var p = new RecordingProcessProtocol(rt.reactor) {
            int afterClose;
            boolean closed;

            @Override
            public void outReceived(ByteBuffer data) {
                if (closed) {
                    afterClose++;
                }
                super.outReceived(data);
                if (!closed) {
                    closed = true;
                    transport.closeStdout();
                }
            }
        };
        spawn(p, "yes", List.of("yes"));
        Failure f = p.awaitEnded();
        ProcessTerminated e = terminated(f);
        // SIGPIPE when the child does not ignore it, otherwise yes reports the write error.
        assertTrue(Integer.valueOf(13).equals(e.signal()) || Integer.valueOf(1).equals(e.exitCode()), e.getMessage());
        assertEquals(0, rt.call(() -> p.afterClose));
        List<String> events = rt.call(() -> List.copyOf(p.events));
        assertEquals(1, events.stream().filter("outConnectionLost"::equals).count(), events.toString());
    }

    @Test
    void loseConnectionClosesAllThreePipes() throws Exception {
        var p = new RecordingProcessProtocol(rt.reactor);
        ProcessTransport t = spawn(p, "/bin/sh", List.of("sh", "-c", "exec sleep 100"));
        rt.run(t::loseConnection);
        p.inLost.get(60, TimeUnit.SECONDS);
        List<String> events = rt.call(() -> List.copyOf(p.events));
        assertTrue(events.containsAll(List.of("inConnectionLost", "outConnectionLost", "errConnectionLost")),
                events.toString());
        assertFalse(p.ended.isDone(), "the process still runs");
        rt.run(() -> t.signalProcess("KILL"));
        assertEquals(9, terminated(p.awaitEnded()).signal());
    }

    @Test
    void anExceptionInOutReceivedClosesStdoutOnly() throws Exception {
        var p = new RecordingProcessProtocol(rt.reactor) {
            @Override
            public void outReceived(ByteBuffer data) {
                super.outReceived(data);
                throw new IllegalStateException("boom (expected by the test)");
            }
        };
        spawn(p, "/bin/sh", List.of("sh", "-c", "echo x; echo y >&2; exit 0"));
        assertInstanceOf(ProcessDone.class, p.awaitEnded().value());
        assertEquals(1, rt.call(() -> p.outCalls));
        assertEquals("y\n", p.errText());
    }

    @Test
    void ioThreadsAreNamedDaemons() throws Exception {
        var p = new RecordingProcessProtocol(rt.reactor);
        ProcessTransport t = spawn(p, "/bin/sh", List.of("sh", "-c", "exec sleep 100"));
        rt.run(() -> t.write(new byte[] {'x'})); // starts the stdin writer
        String prefix = "twisted-process-" + t.pid() + "-";
        Set<String> names = new TreeSet<>();
        for (Thread th : Thread.getAllStackTraces().keySet()) {
            if (th.getName().startsWith(prefix)) {
                assertTrue(th.isDaemon(), th.getName() + " is not a daemon");
                names.add(th.getName().substring(prefix.length()));
            }
        }
        assertEquals(Set.of("stdin", "stdout", "stderr"), names);
        rt.run(() -> t.signalProcess("KILL"));
        p.awaitEnded();
    }

    @Test
    void onlyStdinCanBeWrittenAndOnlyFdsZeroToTwoClosed() throws Exception {
        var p = new RecordingProcessProtocol(rt.reactor);
        ProcessTransport t = spawn(p, "cat", List.of("cat"));
        assertThrows(IllegalArgumentException.class, () -> rt.run(() -> t.writeToChild(1, ByteBuffer.allocate(1))));
        assertThrows(IllegalArgumentException.class, () -> rt.run(() -> t.closeChildFD(3)));
        rt.run(() -> {
            t.writeToChild(0, ByteBuffer.wrap("via fd 0".getBytes(StandardCharsets.US_ASCII)));
            t.closeChildFD(0);
        });
        assertInstanceOf(ProcessDone.class, p.awaitEnded().value());
        assertEquals("via fd 0", p.outText());
        ByteBuffer late = ByteBuffer.wrap(new byte[10]);
        rt.run(() -> t.write(late));
        assertFalse(late.hasRemaining(), "a write after stdin closed is consumed and dropped");
    }
}
