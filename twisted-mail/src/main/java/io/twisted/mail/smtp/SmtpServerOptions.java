package io.twisted.mail.smtp;

import io.twisted.cred.Portal;
import io.twisted.internet.tls.TlsOptions;
import java.security.SecureRandom;
import java.util.Objects;
import java.util.Random;

/**
 * Settings of an {@link SmtpServerProtocol}, immutable; build with {@link #builder(String)}.
 *
 * <p>Defaults (safe): no STARTTLS and no AUTH unless a TLS configuration and a portal are given;
 * AUTH is offered only over TLS ({@link Builder#allowAuthWithoutTls} relaxes this); anonymous
 * senders may deliver to local recipients, which {@link Builder#requireAuthentication} forbids.
 */
public final class SmtpServerOptions {

    /** Default largest message: 64 MiB (announced with SIZE, RFC 1870). */
    public static final long DEFAULT_MAX_MESSAGE_SIZE = 64L << 20;
    /** Default most recipients per message: 100, the minimum RFC 5321 section 4.5.3.1.8 asks a server to accept. */
    public static final int DEFAULT_MAX_RECIPIENTS = 100;
    /** Longest command line, CRLF excluded: 510 (512 with CRLF, RFC 5321 section 4.5.3.1.4). */
    public static final int MAX_COMMAND_LINE = 510;
    /** Longest AUTH line or SASL response, CRLF excluded: 12286 (RFC 4954 section 4: 12288 octets). */
    public static final int MAX_AUTH_LINE = 12286;
    /** Default idle timeout: 300 s (RFC 5321 section 4.5.3.2.7: at least 5 minutes). */
    public static final double DEFAULT_IDLE_TIMEOUT = 300;

    private final String hostname;
    private final long maxMessageSize;
    private final int maxRecipients;
    private final double idleTimeout;
    private final TlsOptions tls;
    private final Portal portal;
    private final boolean allowAuthWithoutTls;
    private final boolean requireAuthentication;
    private final Random random;
    private final java.time.Clock wallClock;

    private SmtpServerOptions(Builder b) {
        this.hostname = b.hostname;
        this.maxMessageSize = b.maxMessageSize;
        this.maxRecipients = b.maxRecipients;
        this.idleTimeout = b.idleTimeout;
        this.tls = b.tls;
        this.portal = b.portal;
        this.allowAuthWithoutTls = b.allowAuthWithoutTls;
        this.requireAuthentication = b.requireAuthentication;
        this.random = b.random;
        this.wallClock = b.wallClock;
    }

    /** A builder for a server calling itself {@code hostname} in its greeting and trace headers. */
    public static Builder builder(String hostname) {
        return new Builder(hostname);
    }

    public String hostname() {
        return hostname;
    }

    /** Largest message accepted, in bytes after dot-unstuffing, the Received header included. */
    public long maxMessageSize() {
        return maxMessageSize;
    }

    public int maxRecipients() {
        return maxRecipients;
    }

    /** Seconds without input after which the server says 421 and closes; 0 for none. */
    public double idleTimeout() {
        return idleTimeout;
    }

    /** The TLS settings for STARTTLS, or {@code null} if STARTTLS is not offered. */
    public TlsOptions tls() {
        return tls;
    }

    /** The portal AUTH logs in through, or {@code null} if AUTH is not offered. */
    public Portal portal() {
        return portal;
    }

    public boolean allowAuthWithoutTls() {
        return allowAuthWithoutTls;
    }

    public boolean requireAuthentication() {
        return requireAuthentication;
    }

    /** Random source for CRAM-MD5 challenges. */
    public Random random() {
        return random;
    }

    /**
     * The calendar clock for {@code Received:} dates (the reactor's clock is monotonic, not a
     * date); default {@code Clock.systemUTC()}, fixed in tests.
     */
    public java.time.Clock wallClock() {
        return wallClock;
    }

    /** Builder of {@link SmtpServerOptions}. */
    public static final class Builder {
        private final String hostname;
        private long maxMessageSize = DEFAULT_MAX_MESSAGE_SIZE;
        private int maxRecipients = DEFAULT_MAX_RECIPIENTS;
        private double idleTimeout = DEFAULT_IDLE_TIMEOUT;
        private TlsOptions tls;
        private Portal portal;
        private boolean allowAuthWithoutTls;
        private boolean requireAuthentication;
        private Random random = new SecureRandom();
        private java.time.Clock wallClock = java.time.Clock.systemUTC();

        Builder(String hostname) {
            this.hostname = Objects.requireNonNull(hostname, "hostname");
            if (hostname.isEmpty() || hostname.chars().anyMatch(c -> c <= ' ' || c >= 0x7f)) {
                throw new IllegalArgumentException("bad hostname: " + hostname);
            }
        }

        /** Largest message accepted (default {@value SmtpServerOptions#DEFAULT_MAX_MESSAGE_SIZE}). */
        public Builder maxMessageSize(long bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("maxMessageSize must be positive");
            }
            this.maxMessageSize = bytes;
            return this;
        }

        /** Most recipients per message (default {@value SmtpServerOptions#DEFAULT_MAX_RECIPIENTS}). */
        public Builder maxRecipients(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("maxRecipients must be positive");
            }
            this.maxRecipients = n;
            return this;
        }

        /** Idle timeout in seconds, 0 for none. */
        public Builder idleTimeout(double seconds) {
            this.idleTimeout = seconds;
            return this;
        }

        /** Offers STARTTLS with these settings. */
        public Builder tls(TlsOptions tls) {
            this.tls = tls;
            return this;
        }

        /** Offers AUTH, logging users in through {@code portal} (avatar interface {@link MessageDelivery}). */
        public Builder portal(Portal portal) {
            this.portal = portal;
            return this;
        }

        /** Offers AUTH on connections without TLS too (passwords then cross the network in clear). */
        public Builder allowAuthWithoutTls(boolean allow) {
            this.allowAuthWithoutTls = allow;
            return this;
        }

        /** Refuses MAIL FROM until the client has logged in (530 5.7.0). */
        public Builder requireAuthentication(boolean require) {
            this.requireAuthentication = require;
            return this;
        }

        /** The random source for CRAM-MD5 challenges (tests give a seeded one). */
        public Builder random(Random random) {
            this.random = Objects.requireNonNull(random, "random");
            return this;
        }

        /** The calendar clock for trace header dates. */
        public Builder wallClock(java.time.Clock clock) {
            this.wallClock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public SmtpServerOptions build() {
            return new SmtpServerOptions(this);
        }
    }
}
