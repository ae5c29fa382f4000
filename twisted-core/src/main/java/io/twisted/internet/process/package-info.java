/**
 * Child processes, after Twisted's {@code spawnProcess} and {@code ProcessProtocol}: {@link
 * io.twisted.internet.process.ProcessSpawner#spawnProcess} starts a program with {@link
 * java.lang.ProcessBuilder} and connects its stdin, stdout and stderr to a {@link
 * io.twisted.internet.process.ProcessProtocol} through a {@link
 * io.twisted.internet.process.ProcessTransport}. JDK only.
 *
 * <p>Pipes are blocking streams in Java, so each child has up to three daemon threads named
 * {@code twisted-process-PID-stdout}, {@code -stderr} and {@code -stdin}. The readers read up to
 * 64 KiB at a time into at most 4 pooled buffers per pipe and hand each chunk to the reactor thread
 * with {@code callFromThread}; while all buffers wait for the protocol, or the transport is paused,
 * the reader stops, so memory per pipe stays under 256 KiB however slow the protocol is. The stdin
 * writer drains a queue that pauses a registered producer above 64 KiB and resumes it at 16 KiB.
 * Every protocol callback runs on the reactor thread; {@code processEnded} comes last, after the
 * exit and the closing of all three pipes, as in Twisted.
 *
 * <p><b>Exit status.</b> Exit code 0 gives {@link io.twisted.internet.error.ProcessDone}, anything
 * else {@link io.twisted.internet.error.ProcessTerminated}. Java reports a child killed by signal
 * {@code N} as exit value {@code 128 + N}; on Unix a value in {@code 129..192} is reported as that
 * signal with no exit code. This is ambiguous with {@code exit(128 + N)}; the raw value stays in
 * {@link io.twisted.internet.error.ProcessTerminated#status()}.
 *
 * <p><b>Limits.</b> The stdin queue has no limit of its own: writers that stream should register
 * a producer. A process that is still running when its reactor stops keeps running; its reader
 * threads stop once their buffers are all held by undelivered chunks.
 */
package io.twisted.internet.process;
