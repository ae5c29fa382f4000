package io.twisted.internet.error;

/**
 * A process ended with a non-zero exit code or was killed by a signal (Twisted's {@code
 * ProcessTerminated}). Exactly one of {@link #exitCode()} and {@link #signal()} is set.
 *
 * <p><b>Signals are inferred.</b> Java does not report how a child ended, only an exit value; on
 * Unix a child killed by signal {@code N} is reported as {@code 128 + N}, the convention shells use
 * for {@code $?}. The process package therefore reports an exit value in {@code 129..192} (signals
 * 1 to 64) as {@link #signal()} {@code = value - 128} with no exit code. This is ambiguous: a
 * program that calls {@code exit(143)} looks exactly like one killed by {@code SIGTERM}.
 * {@link #status()} keeps the raw exit value so callers can decide for themselves.
 */
public class ProcessTerminated extends ConnectionLost {
    private static final long serialVersionUID = 1L;

    private final Integer exitCode;
    private final Integer signal;
    private final Integer status;

    /**
     * @param exitCode the exit code, or {@code null} when the process was killed by a signal
     * @param signal the signal number, or {@code null} when the process exited on its own
     * @param status the raw exit value Java reported ({@link Process#exitValue()}), or {@code null}
     */
    public ProcessTerminated(Integer exitCode, Integer signal, Integer status) {
        super(message(exitCode, signal));
        this.exitCode = exitCode;
        this.signal = signal;
        this.status = status;
    }

    private static String message(Integer exitCode, Integer signal) {
        StringBuilder s = new StringBuilder("A process has ended with a probable error condition: process ended");
        if (exitCode != null) {
            s.append(" with exit code ").append(exitCode);
        }
        if (signal != null) {
            s.append(" by signal ").append(signal);
        }
        return s.append('.').toString();
    }

    /** The exit code, or {@code null} when the process was (taken to be) killed by a signal. */
    public Integer exitCode() {
        return exitCode;
    }

    /** The signal number that killed the process, or {@code null}; see the class comment. */
    public Integer signal() {
        return signal;
    }

    /** The raw exit value Java reported, or {@code null} if unknown. */
    public Integer status() {
        return status;
    }
}
