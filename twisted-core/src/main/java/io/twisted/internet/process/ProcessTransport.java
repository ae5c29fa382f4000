package io.twisted.internet.process;

import io.twisted.internet.Consumer;
import io.twisted.internet.PushProducer;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * A running child process as its {@link ProcessProtocol} sees it (Twisted's {@code
 * IProcessTransport}). All methods are called on the reactor thread.
 *
 * <p>As a {@link Consumer} it writes to the child's stdin: bytes are copied into a queue that a
 * writer thread drains, and a registered push producer is paused while more than a high watermark
 * (64 KiB) is queued and resumed once the queue is back under a low watermark (16 KiB); a pull
 * producer is asked for more each time the queue empties. The queue itself has no limit: a writer
 * that ignores flow control can fill memory, as with a TCP transport.
 *
 * <p>As a {@link PushProducer} it reads the child's stdout and stderr: {@link #pauseProducing()}
 * stops delivering output (and, soon after, reading it, so a slow consumer makes the child block on
 * a full pipe rather than make memory grow); {@link #resumeProducing()} continues;
 * {@link #stopProducing()} is {@link #loseConnection()}.
 */
public interface ProcessTransport extends Consumer, PushProducer {

    /** The child's process id (still answered after it exited, unlike Twisted's {@code pid = None}). */
    long pid();

    /**
     * Queues all remaining bytes of {@code data} for the child's stdin; on return the buffer is
     * consumed and may be reused. Bytes written after {@link #closeStdin()} or after stdin was lost
     * are dropped.
     */
    @Override
    void write(ByteBuffer data);

    /** Writes {@code data} to the child's stdin. */
    default void write(byte[] data) {
        write(ByteBuffer.wrap(data));
    }

    /** Writes each buffer in order. */
    default void writeSequence(List<ByteBuffer> data) {
        for (ByteBuffer b : data) {
            write(b);
        }
    }

    /**
     * Writes to one of the child's pipes; only {@code 0} (stdin) can be written.
     *
     * @throws IllegalArgumentException for any other descriptor
     */
    default void writeToChild(int childFd, ByteBuffer data) {
        if (childFd != 0) {
            throw new IllegalArgumentException("only child fd 0 (stdin) can be written, not " + childFd);
        }
        write(data);
    }

    /**
     * Closes the child's stdin once everything written so far is sent; then the protocol hears
     * {@link ProcessProtocol#inConnectionLost()}.
     */
    void closeStdin();

    /**
     * Stops reading the child's stdout and closes it (the child gets {@code SIGPIPE}/{@code EPIPE}
     * on its next write); the protocol hears {@link ProcessProtocol#outConnectionLost()} soon after
     * and no more {@code outReceived}.
     */
    void closeStdout();

    /** As {@link #closeStdout()}, for stderr and {@link ProcessProtocol#errConnectionLost()}. */
    void closeStderr();

    /**
     * Closes pipe {@code childFd}: 0 is {@link #closeStdin()}, 1 {@link #closeStdout()}, 2 {@link
     * #closeStderr()}.
     *
     * @throws IllegalArgumentException for any other descriptor
     */
    default void closeChildFD(int childFd) {
        switch (childFd) {
            case 0:
                closeStdin();
                break;
            case 1:
                closeStdout();
                break;
            case 2:
                closeStderr();
                break;
            default:
                throw new IllegalArgumentException("no such child fd: " + childFd);
        }
    }

    /** Closes stdin (after pending writes), stdout and stderr. The process is not signalled. */
    void loseConnection();

    /**
     * Sends a signal to the child. {@code signal} is a name with or without the {@code SIG} prefix
     * ({@code "TERM"}, {@code "KILL"}, {@code "INT"}, {@code "HUP"}, {@code "SIGUSR1"}, ...) or a
     * number ({@code "9"}). {@code TERM} and {@code KILL} go through {@link ProcessHandle#destroy()}
     * and {@link ProcessHandle#destroyForcibly()}; any other signal runs {@code kill -SIG pid},
     * which blocks the calling thread for the few milliseconds that takes.
     *
     * <p>A child of a HotSpot JVM starts with {@code SIGQUIT} blocked (the JVM keeps it for thread
     * dumps and the signal mask survives {@code exec}), so {@code "QUIT"} has no effect on a child
     * that does not unblock it.
     *
     * @throws io.twisted.internet.error.ProcessExitedAlready if the process has exited
     * @throws IllegalArgumentException if the signal is malformed or unknown to {@code kill}
     */
    void signalProcess(String signal);
}
