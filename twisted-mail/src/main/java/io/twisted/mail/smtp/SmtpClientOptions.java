package io.twisted.mail.smtp;

import io.twisted.internet.tls.TlsOptions;
import java.util.Objects;

/**
 * Settings of an {@link SmtpClientProtocol}.
 *
 * @param heloName the name sent with EHLO/HELO
 * @param tls TLS settings for STARTTLS, or {@code null} for none
 * @param tlsMode whether STARTTLS is skipped, used when offered, or required
 * @param username the AUTH user, or {@code null} to send without logging in
 * @param password the AUTH password (ignored without a user)
 * @param allowAuthWithoutTls whether the password may be sent over a connection without TLS
 *     (default no: the send fails instead)
 * @param timeout seconds to wait for each reply before giving up, 0 for no limit
 */
public record SmtpClientOptions(String heloName, TlsOptions tls, TlsMode tlsMode, String username, String password,
                                boolean allowAuthWithoutTls, double timeout) {

    /** When to use STARTTLS (RFC 3207). */
    public enum TlsMode {
        /** Never. */
        NEVER,
        /** When the server offers it (opportunistic TLS). */
        OPPORTUNISTIC,
        /** Always: a server that does not offer it gets no mail. */
        REQUIRED
    }

    /** Default time to wait for a reply: 300 s (RFC 5321 section 4.5.3.2 asks at least 5 minutes for most). */
    public static final double DEFAULT_TIMEOUT = 300;

    public SmtpClientOptions {
        Objects.requireNonNull(heloName, "heloName");
        Objects.requireNonNull(tlsMode, "tlsMode");
        if (tlsMode != TlsMode.NEVER && tls == null) {
            throw new IllegalArgumentException("STARTTLS needs TLS options");
        }
    }

    /** No TLS, no AUTH. */
    public static SmtpClientOptions plain(String heloName) {
        return new SmtpClientOptions(heloName, null, TlsMode.NEVER, null, null, false, DEFAULT_TIMEOUT);
    }

    /** This, with STARTTLS in {@code mode} using {@code options}. */
    public SmtpClientOptions withTls(TlsOptions options, TlsMode mode) {
        return new SmtpClientOptions(heloName, options, mode, username, password, allowAuthWithoutTls, timeout);
    }

    /** This, logging in as {@code user}. */
    public SmtpClientOptions withAuth(String user, String pass) {
        return new SmtpClientOptions(heloName, tls, tlsMode, user, pass, allowAuthWithoutTls, timeout);
    }

    /** This, allowing AUTH without TLS (for tests and trusted links). */
    public SmtpClientOptions withAuthWithoutTls(boolean allow) {
        return new SmtpClientOptions(heloName, tls, tlsMode, username, password, allow, timeout);
    }
}
