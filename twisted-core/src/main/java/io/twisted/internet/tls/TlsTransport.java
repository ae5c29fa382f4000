package io.twisted.internet.tls;

import io.twisted.internet.Transport;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLSession;

/**
 * A {@link Transport} that carries TLS: what an application protocol running over TLS sees as its
 * {@code transport}, with the results of the handshake.
 *
 * <pre>{@code
 * public void handshakeCompleted() {            // HandshakeListener
 *     TlsTransport tls = (TlsTransport) transport;
 *     if ("h2".equals(tls.negotiatedProtocol())) { ... }
 * }
 * }</pre>
 */
public interface TlsTransport extends Transport {

    /** Whether the first handshake has completed. */
    boolean isHandshakeDone();

    /** The ALPN protocol both sides agreed on (RFC 7301), or {@code null} if none (or not yet). */
    String negotiatedProtocol();

    /**
     * The peer's certificate chain, leaf first, as the peer sent it; empty when the peer sent none
     * (a client without a client certificate) or before the handshake completed.
     */
    List<X509Certificate> peerCertificates();

    /**
     * The SNI host name (RFC 6066 section 3): on a server, the name the client asked for, or
     * {@code null} if it sent none; on a client, the name it sent, or {@code null}.
     */
    String serverName();

    /** The TLS session (protocol version, cipher suite ...); before the handshake completes, a placeholder. */
    SSLSession session();
}
