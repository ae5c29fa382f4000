package io.twisted.mail.smtp.client;

import io.twisted.internet.tls.TlsOptions;
import java.util.List;
import java.util.Objects;

/**
 * Settings of one {@link SmtpClient#sendmail} (Twisted's {@code ESMTPSenderFactory} arguments),
 * immutable; build with {@link #builder()}.
 *
 * <p>Defaults: EHLO name {@code localhost}; STARTTLS {@link TlsMode#OPPORTUNISTIC} with
 * {@code TlsOptions.forClient(host)} (certificate and host name checked against the JDK's trust
 * store); no AUTH; a password is never sent in clear: PLAIN and LOGIN only over TLS unless
 * {@link Builder#allowPlaintextAuth} says otherwise (CRAM-MD5 does not reveal the password);
 * reply timeout {@value #DEFAULT_TIMEOUT} s and {@value #DEFAULT_DATA_TIMEOUT} s for the reply to
 * the end of data (RFC 5321 section 4.5.3.2.6 asks for 10 minutes); reply lines up to
 * {@value #DEFAULT_MAX_LINE} octets (RFC 5321 section 4.5.3.1.5 says 512, some servers send
 * longer).
 */
public final class SmtpClientOptions {

    /** Seconds to wait for a reply, or between two data writes that make no progress: 300 (RFC 5321 section 4.5.3.2). */
    public static final double DEFAULT_TIMEOUT = 300;
    /** Seconds to wait for the reply to the end of data: 600 (RFC 5321 section 4.5.3.2.6). */
    public static final double DEFAULT_DATA_TIMEOUT = 600;
    /** Longest reply line accepted, CRLF excluded: 4096. */
    public static final int DEFAULT_MAX_LINE = 4096;

    /** Whether and how to use STARTTLS (RFC 3207). */
    public enum TlsMode {
        /** Never start TLS. */
        NONE,
        /**
         * Start TLS when the server offers it; go on in clear when it does not offer it or refuses
         * it. A TLS handshake that fails (for example, a certificate that does not verify) fails
         * the send: there is no retry in clear on a new connection (RFC 7435 would allow one).
         */
        OPPORTUNISTIC,
        /** Start TLS or fail with {@link SmtpTlsException} before anything else is sent. */
        REQUIRED
    }

    /** SASL mechanisms (RFC 4954) this client speaks, in order of preference. */
    public enum AuthMechanism {
        /** RFC 2195: the password never crosses the wire. */
        CRAM_MD5("CRAM-MD5"),
        /** RFC 4616. */
        PLAIN("PLAIN"),
        /** The de-facto LOGIN mechanism (draft-murchison-sasl-login). */
        LOGIN("LOGIN");

        private final String wireName;

        AuthMechanism(String wireName) {
            this.wireName = wireName;
        }

        /** The name in the EHLO AUTH line. */
        public String wireName() {
            return wireName;
        }
    }

    private final String heloName;
    private final TlsMode tlsMode;
    private final TlsOptions tlsOptions;
    private final String username;
    private final String password;
    private final List<AuthMechanism> mechanisms;
    private final boolean allowPlaintextAuth;
    private final double timeout;
    private final double dataTimeout;
    private final int maxLineLength;

    private SmtpClientOptions(Builder b) {
        this.heloName = b.heloName;
        this.tlsMode = b.tlsMode;
        this.tlsOptions = b.tlsOptions;
        this.username = b.username;
        this.password = b.password;
        this.mechanisms = List.copyOf(b.mechanisms);
        this.allowPlaintextAuth = b.allowPlaintextAuth;
        this.timeout = b.timeout;
        this.dataTimeout = b.dataTimeout;
        this.maxLineLength = b.maxLineLength;
    }

    /** A builder with the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** The defaults. */
    public static SmtpClientOptions defaults() {
        return builder().build();
    }

    /** The name sent with EHLO/HELO. */
    public String heloName() {
        return heloName;
    }

    public TlsMode tlsMode() {
        return tlsMode;
    }

    /** The TLS settings, or {@code null} for {@code TlsOptions.forClient(host)}. */
    public TlsOptions tlsOptions() {
        return tlsOptions;
    }

    /** The user to log in as, or {@code null} for no AUTH. */
    public String username() {
        return username;
    }

    public String password() {
        return password;
    }

    /** The mechanisms to use, most preferred first. */
    public List<AuthMechanism> mechanisms() {
        return mechanisms;
    }

    public boolean allowPlaintextAuth() {
        return allowPlaintextAuth;
    }

    public double timeout() {
        return timeout;
    }

    public double dataTimeout() {
        return dataTimeout;
    }

    public int maxLineLength() {
        return maxLineLength;
    }

    /** Builder of {@link SmtpClientOptions}. */
    public static final class Builder {
        private String heloName = "localhost";
        private TlsMode tlsMode = TlsMode.OPPORTUNISTIC;
        private TlsOptions tlsOptions;
        private String username;
        private String password;
        private List<AuthMechanism> mechanisms = List.of(AuthMechanism.values());
        private boolean allowPlaintextAuth;
        private double timeout = DEFAULT_TIMEOUT;
        private double dataTimeout = DEFAULT_DATA_TIMEOUT;
        private int maxLineLength = DEFAULT_MAX_LINE;

        private Builder() {
        }

        /** The name for EHLO/HELO (this host's name; default {@code localhost}). */
        public Builder heloName(String name) {
            Objects.requireNonNull(name, "name");
            if (name.isEmpty() || name.chars().anyMatch(c -> c <= ' ' || c >= 0x7f)) {
                throw new IllegalArgumentException("bad EHLO name: " + name);
            }
            this.heloName = name;
            return this;
        }

        /** STARTTLS policy (default {@link TlsMode#OPPORTUNISTIC}). */
        public Builder tls(TlsMode mode) {
            this.tlsMode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /** STARTTLS policy and the client TLS settings to use (trust roots, SNI name). */
        public Builder tls(TlsMode mode, TlsOptions options) {
            this.tlsMode = Objects.requireNonNull(mode, "mode");
            if (options != null && !options.isClient()) {
                throw new IllegalArgumentException("need client TLS options");
            }
            this.tlsOptions = options;
            return this;
        }

        /** Logs in with AUTH; the server must offer a usable mechanism or sending fails with {@link SmtpAuthException}. */
        public Builder auth(String username, String password) {
            this.username = Objects.requireNonNull(username, "username");
            this.password = Objects.requireNonNull(password, "password");
            return this;
        }

        /** The mechanisms allowed, most preferred first (default CRAM-MD5, PLAIN, LOGIN). */
        public Builder mechanisms(AuthMechanism... preferred) {
            if (preferred.length == 0) {
                throw new IllegalArgumentException("at least one mechanism");
            }
            this.mechanisms = List.of(preferred);
            return this;
        }

        /** Allows PLAIN and LOGIN without TLS (the password then crosses the network in clear). */
        public Builder allowPlaintextAuth(boolean allow) {
            this.allowPlaintextAuth = allow;
            return this;
        }

        /** Seconds to wait for each reply (default {@value SmtpClientOptions#DEFAULT_TIMEOUT}). */
        public Builder timeout(double seconds) {
            if (!(seconds > 0)) {
                throw new IllegalArgumentException("timeout must be positive");
            }
            this.timeout = seconds;
            return this;
        }

        /** Seconds to wait for the reply to the end of data (default {@value SmtpClientOptions#DEFAULT_DATA_TIMEOUT}). */
        public Builder dataTimeout(double seconds) {
            if (!(seconds > 0)) {
                throw new IllegalArgumentException("timeout must be positive");
            }
            this.dataTimeout = seconds;
            return this;
        }

        /** Longest reply line (default {@value SmtpClientOptions#DEFAULT_MAX_LINE}). */
        public Builder maxLineLength(int octets) {
            if (octets < 512) {
                throw new IllegalArgumentException("reply lines of 512 octets must be accepted (RFC 5321 section 4.5.3.1.5)");
            }
            this.maxLineLength = octets;
            return this;
        }

        public SmtpClientOptions build() {
            return new SmtpClientOptions(this);
        }
    }
}
