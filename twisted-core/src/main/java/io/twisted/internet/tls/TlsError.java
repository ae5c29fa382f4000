package io.twisted.internet.tls;

import io.twisted.internet.error.ConnectionLost;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import javax.net.ssl.SSLException;

/**
 * A TLS connection failed: the handshake was refused (untrusted certificate, host name mismatch,
 * no common protocol or cipher, a required client certificate missing) or a record could not be
 * decrypted. What an application protocol receives in {@code connectionLost}; its
 * {@linkplain #getCause() cause} is the JSSE {@link SSLException}.
 *
 * <p>The message names the cause in words a user can act on, e.g. {@code TLS handshake failed:
 * hostname verification failed: ...} or {@code ...: certificate not trusted: ...}, followed by the
 * JSSE message. It extends {@link ConnectionLost}, so code that traps connection loss sees it too.
 */
public class TlsError extends ConnectionLost {
    private static final long serialVersionUID = 1L;

    private final boolean duringHandshake;

    public TlsError(String message, SSLException cause, boolean duringHandshake) {
        super(message, cause);
        this.duringHandshake = duringHandshake;
    }

    /** Whether the failure happened before the first handshake completed. */
    public boolean isHandshakeFailure() {
        return duringHandshake;
    }

    /** A TlsError for {@code e} with a message that says what went wrong. */
    static TlsError from(SSLException e, boolean handshakeDone) {
        String prefix = handshakeDone ? "TLS error: " : "TLS handshake failed: ";
        return new TlsError(prefix + describe(e), e, !handshakeDone);
    }

    private static String describe(SSLException e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null) {
                all.append(' ').append(t.getMessage());
            }
            if (t instanceof CertificateExpiredException) {
                return "certificate expired: " + e.getMessage();
            }
            if (t instanceof CertificateNotYetValidException) {
                return "certificate not yet valid: " + e.getMessage();
            }
            if (t.getCause() == t) {
                break;
            }
        }
        String m = all.toString();
        if (m.contains("No subject alternative") || m.contains("No name matching")) {
            return "hostname verification failed, the peer's certificate does not name the host we connected to: " + e.getMessage();
        }
        if (m.contains("PKIX path") || m.contains("unable to find valid certification path")) {
            return "certificate not trusted, it does not chain to a trusted root: " + e.getMessage();
        }
        if (m.contains("Empty client certificate chain") || m.contains("certificate_required")) {
            return "client certificate required but none was given: " + e.getMessage();
        }
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }
}
