package io.twisted.internet.process;

import io.twisted.internet.defer.Failure;
import io.twisted.internet.error.ProcessDone;
import io.twisted.internet.error.ProcessTerminated;
import java.util.Locale;

/**
 * Turns Java's exit value into the reason Twisted gives, and names signals.
 *
 * <p>Java reports a Unix child killed by signal {@code N} as exit value {@code 128 + N}, which an
 * ordinary {@code exit(128 + N)} also gives. On Unix we read any value in {@code 129..192}
 * (signals 1 to {@value #MAX_SIGNAL}) as a signal, the convention of shells' {@code $?}; see
 * {@link ProcessTerminated}. On Windows there are no signals and every non-zero value is an exit
 * code.
 */
final class ExitStatus {

    /** The largest signal number (Linux's {@code SIGRTMAX}). */
    static final int MAX_SIGNAL = 64;
    /** Java adds this to the signal number of a child killed by a signal. */
    static final int SIGNAL_OFFSET = 128;

    private static final boolean WINDOWS =
            System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");

    private ExitStatus() {
    }

    /** The reason for {@code exitValue}: {@link ProcessDone} for 0, {@link ProcessTerminated} otherwise. */
    static Failure reason(int exitValue) {
        return reason(exitValue, !WINDOWS);
    }

    static Failure reason(int exitValue, boolean unixSignals) {
        if (exitValue == 0) {
            return new Failure(new ProcessDone());
        }
        if (unixSignals && exitValue > SIGNAL_OFFSET && exitValue <= SIGNAL_OFFSET + MAX_SIGNAL) {
            return new Failure(new ProcessTerminated(null, exitValue - SIGNAL_OFFSET, exitValue));
        }
        return new Failure(new ProcessTerminated(exitValue, null, exitValue));
    }

    /**
     * The canonical form of a signal argument: upper case without a {@code SIG} prefix ({@code
     * "sigterm"} gives {@code "TERM"}), or a decimal number.
     *
     * @throws IllegalArgumentException if it is neither a name of letters and digits nor a number
     *     in {@code 1..}{@value #MAX_SIGNAL}
     */
    static String normalizeSignal(String signal) {
        if (signal == null) {
            throw new IllegalArgumentException("signal is null");
        }
        String s = signal.trim().toUpperCase(Locale.ROOT);
        if (s.startsWith("SIG")) {
            s = s.substring(3);
        }
        if (s.isEmpty()) {
            throw new IllegalArgumentException("not a signal: '" + signal + "'");
        }
        if (s.chars().allMatch(c -> c >= '0' && c <= '9')) {
            int n;
            try {
                n = Integer.parseInt(s);
            } catch (NumberFormatException e) {
                n = -1;
            }
            if (n < 1 || n > MAX_SIGNAL) {
                throw new IllegalArgumentException("signal number out of range 1.." + MAX_SIGNAL + ": '" + signal + "'");
            }
            return Integer.toString(n);
        }
        if (!Character.isLetter(s.charAt(0)) || !s.chars().allMatch(c -> (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) {
            throw new IllegalArgumentException("not a signal: '" + signal + "'");
        }
        return s;
    }

    /** Whether a normalized signal is SIGTERM (15 on every Unix). */
    static boolean isTerm(String normalized) {
        return normalized.equals("TERM") || normalized.equals("15");
    }

    /** Whether a normalized signal is SIGKILL (9 on every Unix). */
    static boolean isKill(String normalized) {
        return normalized.equals("KILL") || normalized.equals("9");
    }
}
