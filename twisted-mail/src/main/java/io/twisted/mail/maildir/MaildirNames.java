package io.twisted.mail.maildir;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Makes unique Maildir file names as the Maildir spec describes them:
 * {@code SECONDS.M<microseconds>P<pid>Q<deliveries>R<random>.HOST}.
 *
 * <p>The left part is the delivery time in seconds; the middle combines the microseconds, the
 * process ID, a counter of deliveries by this generator and 64 random bits (so two generators in
 * one process, or a PID reused after a crash, still cannot collide); the right part is the host
 * name with {@code /} written as {@code \057} and {@code :} as {@code \072}, as the spec asks.
 * Time comes from the injected {@link Clock}. Thread-safe.
 */
public final class MaildirNames {

    private final Clock clock;
    private final String host;
    private final long pid = ProcessHandle.current().pid();
    private final AtomicLong deliveries = new AtomicLong();
    private final SecureRandom random = new SecureRandom();

    /** A generator reading {@code clock} and naming files after {@code host}. */
    public MaildirNames(Clock clock, String host) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.host = escapeHost(Objects.requireNonNull(host, "host"));
    }

    /** The next unique name. */
    public String next() {
        return next(clock.instant());
    }

    /**
     * The next unique name, its time part being {@code time} rather than now (an IMAP APPEND
     * with a date-time: the time part is the message's INTERNALDATE). Still unique: the counter
     * and the random part differ.
     */
    public String next(Instant time) {
        byte[] rnd = new byte[8];
        random.nextBytes(rnd);
        return Math.max(0, time.getEpochSecond()) + ".M" + (time.getNano() / 1000) + "P" + pid + "Q" + deliveries.incrementAndGet()
                + "R" + HexFormat.of().formatHex(rnd) + "." + host;
    }

    static String escapeHost(String host) {
        String h = host.isEmpty() ? "localhost" : host;
        return h.replace("/", "\\057").replace(":", "\\072");
    }
}
