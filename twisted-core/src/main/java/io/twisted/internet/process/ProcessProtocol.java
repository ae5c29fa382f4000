package io.twisted.internet.process;

import io.twisted.internet.defer.Failure;
import java.nio.ByteBuffer;

/**
 * The handler of one child process, as Twisted's {@code ProcessProtocol}. Every method has a no-op
 * default; override the events you care about.
 *
 * <p>Event flow, all on the reactor thread, in order:
 * <pre>
 *   makeConnection(transport) -> connectionMade()
 *   outReceived(bytes)* / errReceived(bytes)*   (via childDataReceived; each buffer valid only
 *                                                during the call)
 *   inConnectionLost()   when stdin is closed (closeStdin after pending writes, a write error,
 *                        or the process exiting)
 *   outConnectionLost()  at EOF on stdout, or after closeStdout
 *   errConnectionLost()  at EOF on stderr, or after closeStderr
 *   processExited(reason)  as soon as the process has exited (output may still be arriving)
 *   processEnded(reason)   last: the process exited and stdin, stdout and stderr are all closed
 * </pre>
 * {@code reason} holds {@link io.twisted.internet.error.ProcessDone} for exit code 0 and {@link
 * io.twisted.internet.error.ProcessTerminated} otherwise. The data and connection-lost events of the
 * three pipes interleave with each other and with {@code processExited} in no fixed order; {@code
 * processEnded} always comes last, once.
 *
 * <p>An exception thrown by {@code outReceived}/{@code errReceived} is logged and closes that pipe
 * (as Twisted does when a reader fails); one thrown by another callback is logged.
 */
public class ProcessProtocol {

    /** The child's transport; set by {@link #makeConnection}. */
    protected ProcessTransport transport;

    /** Attaches the transport and calls {@link #connectionMade()}. */
    public void makeConnection(ProcessTransport transport) {
        this.transport = transport;
        connectionMade();
    }

    /** Called once the process is started and {@link #transport} is set. */
    public void connectionMade() {
    }

    /**
     * Called with bytes the child wrote to file descriptor {@code childFd} (1 = stdout, 2 =
     * stderr); by default dispatches to {@link #outReceived} or {@link #errReceived}. The buffer is
     * valid only for the duration of the call.
     */
    public void childDataReceived(int childFd, ByteBuffer data) {
        if (childFd == 1) {
            outReceived(data);
        } else if (childFd == 2) {
            errReceived(data);
        }
    }

    /** Called with bytes from the child's stdout; the buffer is valid only during the call. */
    public void outReceived(ByteBuffer data) {
    }

    /** Called with bytes from the child's stderr; the buffer is valid only during the call. */
    public void errReceived(ByteBuffer data) {
    }

    /**
     * Called once when pipe {@code childFd} (0 = stdin, 1 = stdout, 2 = stderr) is closed; by default
     * dispatches to {@link #inConnectionLost}, {@link #outConnectionLost} or {@link
     * #errConnectionLost}.
     */
    public void childConnectionLost(int childFd) {
        switch (childFd) {
            case 0:
                inConnectionLost();
                break;
            case 1:
                outConnectionLost();
                break;
            case 2:
                errConnectionLost();
                break;
            default:
                break;
        }
    }

    /** The child's stdin was closed. */
    public void inConnectionLost() {
    }

    /** The child's stdout reached EOF or was closed. */
    public void outConnectionLost() {
    }

    /** The child's stderr reached EOF or was closed. */
    public void errConnectionLost() {
    }

    /**
     * The process has exited; its pipes may still hold output.
     *
     * @param reason {@link io.twisted.internet.error.ProcessDone} or {@link
     *     io.twisted.internet.error.ProcessTerminated}
     */
    public void processExited(Failure reason) {
    }

    /**
     * The process has exited and all its pipes are closed; the last event.
     *
     * @param reason {@link io.twisted.internet.error.ProcessDone} or {@link
     *     io.twisted.internet.error.ProcessTerminated}
     */
    public void processEnded(Failure reason) {
    }

    /** The transport, or {@code null} before {@link #makeConnection}. */
    public ProcessTransport transport() {
        return transport;
    }
}
