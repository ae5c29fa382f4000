package io.twisted.mail.smtp.client;

import io.twisted.internet.tls.TlsOptions;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * Settings of one {@link SmtpClient#sendmail} (Twisted's {@code ESMTPSenderFactory} arguments),
 * immutable; build with {@link #builder()}.
 *
 * <p>Defaults: EHLO name {@code localhost}; STARTTLS {@link TlsMode#OPPORTUNISTIC}: encrypt when the
 * server offers it, without verifying its certificate (as Python's {@code smtplib.starttls()}
 * without a context, and RFC 7435), falling back to a clear connection when the handshake fails;
 * {@link TlsMode#REQUIRED} verifies (certificate chain against the JDK's trust store, or the
 * {@linkplain Builder#trustRoots trust roots given}, and the host name). No AUTH; a password is
 * never sent where it could be read: PLAIN and LOGIN only over <em>verified</em> TLS
 * ({@link TlsMode#REQUIRED}, or TLS settings given with {@link Builder#tls(TlsMode, TlsOptions)})
 * unless {@link Builder#allowPlaintextAuth} says otherwise, because an unverified opportunistic
 * connection may lead to a man in the middle (CRAM-MD5 does not reveal the password and is used
 * anywhere);
 * connect timeout {@value #DEFAULT_CONNECT_TIMEOUT} s (so a relay moves on from an unreachable
 * address, e.g. IPv6 without a route, soon); reply timeout {@value #DEFAULT_TIMEOUT} s and {@value #DEFAULT_DATA_TIMEOUT} s for the reply to
 * the end of data (RFC 5321 section 4.5.3.2.6 asks for 10 minutes); reply lines up to
 * {@value #DEFAULT_MAX_LINE} octets (RFC 5321 section 4.5.3.1.5 says 512, some servers send
 * longer).
 */
public final class SmtpClientOptions {

    /** Seconds to wait for a reply, or between two data writes that make no progress: 300 (RFC 5321 section 4.5.3.2). */
    public static final double DEFAULT_TIMEOUT = 300;
    /** Seconds to wait for the reply to the end of data: 600 (RFC 5321 section 4.5.3.2.6). */
    public static final double DEFAULT_DATA_TIMEOUT = 600;
    /** Seconds to wait for a TCP connection to be made: 30 (as Postfix's {@code smtp_connect_timeout}). */
    public static final double DEFAULT_CONNECT_TIMEOUT = 30;
    /** Longest reply line accepted, CRLF excluded: 4096. */
    public static final int DEFAULT_MAX_LINE = 4096;

    /** Whether and how to use STARTTLS (RFC 3207). */
    public enum TlsMode {
        /** Never start TLS. */
        NONE,
        /**
         * Encrypt when possible, never fail for TLS (RFC 7435; Postfix's
         * {@code smtp_tls_security_level = may}): start TLS when the server offers it, accepting
         * any certificate ({@link OpportunisticTlsOptions}: no chain or host name verification;
         * what was seen is logged at DEBUG), unless TLS settings were given with
         * {@link Builder#tls(TlsMode, TlsOptions)}. Go on in clear on the same connection when the
         * server does not offer STARTTLS or refuses it (4xx/5xx; RFC 3207 section 4 lets the
         * client decide). When the handshake itself fails after {@code 220} (or the connection
         * is lost or times out before it completes), {@link SmtpClient#sendmail} connects once
         * more and sends in clear, without STARTTLS (unless {@link Builder#plaintextFallback} is
         * off).
         */
        OPPORTUNISTIC,
        /**
         * Start TLS and verify the server (RFC 3207, with the checks of RFC 6125): the certificate
         * chain must lead to the JDK's trust store (or the {@linkplain Builder#trustRoots roots
         * given}) and name the server as it was called (for a relay: the MX host name). Fails
         * with {@link SmtpTlsException} before anything else is sent when STARTTLS is missing,
         * refused, or the handshake fails; never falls back to clear.
         */
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
    private final List<X509Certificate> trustRoots;
    private final boolean plaintextFallback;
    private final String username;
    private final String password;
    private final List<AuthMechanism> mechanisms;
    private final boolean allowPlaintextAuth;
    private final double timeout;
    private final double connectTimeout;
    private final double dataTimeout;
    private final int maxLineLength;

    private SmtpClientOptions(Builder b) {
        this.heloName = b.heloName;
        this.tlsMode = b.tlsMode;
        this.tlsOptions = b.tlsOptions;
        this.trustRoots = b.trustRoots;
        this.plaintextFallback = b.plaintextFallback;
        this.username = b.username;
        this.password = b.password;
        this.mechanisms = List.copyOf(b.mechanisms);
        this.allowPlaintextAuth = b.allowPlaintextAuth;
        this.timeout = b.timeout;
        this.connectTimeout = b.connectTimeout;
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

    /** The TLS settings given, or {@code null} for the mode's own (see {@link #tlsOptionsFor}). */
    public TlsOptions tlsOptions() {
        return tlsOptions;
    }

    /** The trust roots for {@link TlsMode#REQUIRED}, or {@code null} for the JDK's trust store. */
    public List<X509Certificate> trustRoots() {
        return trustRoots;
    }

    /** Whether an opportunistic send whose TLS handshake failed is tried once more in clear. */
    public boolean plaintextFallback() {
        return plaintextFallback;
    }

    /**
     * The TLS settings for STARTTLS with the server called {@code serverName}: those given with
     * {@link Builder#tls(TlsMode, TlsOptions)}; else for {@link TlsMode#REQUIRED}
     * {@code TlsOptions.forClient(serverName)} (with the trust roots, if given); else
     * {@link OpportunisticTlsOptions#forHost(String)}.
     */
    public TlsOptions tlsOptionsFor(String serverName) {
        if (tlsOptions != null) {
            return tlsOptions;
        }
        if (tlsMode == TlsMode.REQUIRED) {
            io.twisted.internet.tls.ClientTlsOptions o = TlsOptions.forClient(serverName);
            return trustRoots == null ? o : o.withTrustRoots(trustRoots);
        }
        return OpportunisticTlsOptions.forHost(serverName);
    }

    /** Whether a connection secured with these settings authenticates the server (so a password may cross it). */
    public boolean verifiesServer() {
        return tlsOptions != null ? !(tlsOptions instanceof OpportunisticTlsOptions) : tlsMode == TlsMode.REQUIRED;
    }

    /** A builder holding these settings. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.heloName = heloName;
        b.tlsMode = tlsMode;
        b.tlsOptions = tlsOptions;
        b.trustRoots = trustRoots;
        b.plaintextFallback = plaintextFallback;
        b.username = username;
        b.password = password;
        b.mechanisms = mechanisms;
        b.allowPlaintextAuth = allowPlaintextAuth;
        b.timeout = timeout;
        b.connectTimeout = connectTimeout;
        b.dataTimeout = dataTimeout;
        b.maxLineLength = maxLineLength;
        return b;
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

    /** Seconds to wait for the TCP connection. */
    public double connectTimeout() {
        return connectTimeout;
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
        private List<X509Certificate> trustRoots;
        private boolean plaintextFallback = true;
        private String username;
        private String password;
        private List<AuthMechanism> mechanisms = List.of(AuthMechanism.values());
        private boolean allowPlaintextAuth;
        private double timeout = DEFAULT_TIMEOUT;
        private double connectTimeout = DEFAULT_CONNECT_TIMEOUT;
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

        /**
         * STARTTLS policy and the client TLS settings to use for every server (trust roots, SNI
         * name, host name checked). With {@link TlsMode#OPPORTUNISTIC} such settings make little
         * sense: a failed verification leads to the clear fallback; use {@link TlsMode#REQUIRED}.
         * A relay that talks to many hosts wants {@link #trustRoots} instead, which keeps the
         * host name check per server.
         */
        public Builder tls(TlsMode mode, TlsOptions options) {
            this.tlsMode = Objects.requireNonNull(mode, "mode");
            if (options != null && !options.isClient()) {
                throw new IllegalArgumentException("need client TLS options");
            }
            this.tlsOptions = options;
            return this;
        }

        /**
         * Trusts exactly {@code roots} (a private CA, a test certificate) for {@link TlsMode#REQUIRED},
         * instead of the JDK's trust store; the certificate must still name the server.
         */
        public Builder trustRoots(List<X509Certificate> roots) {
            if (roots.isEmpty()) {
                throw new IllegalArgumentException("no trust roots given");
            }
            this.trustRoots = List.copyOf(roots);
            return this;
        }

        /**
         * Whether an {@link TlsMode#OPPORTUNISTIC} send whose TLS handshake failed is made once
         * more in clear on a new connection (default yes, RFC 7435 section 3).
         */
        public Builder plaintextFallback(boolean fallback) {
            this.plaintextFallback = fallback;
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

        /**
         * Allows PLAIN and LOGIN without verified TLS (the password then crosses the network in
         * clear, or to a server whose identity was not checked).
         */
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

        /** Seconds to wait for the TCP connection (default {@value SmtpClientOptions#DEFAULT_CONNECT_TIMEOUT}). */
        public Builder connectTimeout(double seconds) {
            if (!(seconds > 0)) {
                throw new IllegalArgumentException("timeout must be positive");
            }
            this.connectTimeout = seconds;
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
