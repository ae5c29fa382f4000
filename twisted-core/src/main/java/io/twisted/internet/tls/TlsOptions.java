package io.twisted.internet.tls;

import java.net.SocketAddress;
import javax.net.ssl.SSLEngine;

/**
 * How to set up TLS on a connection: which side we are, and a fresh {@link SSLEngine} configured
 * for it (protocols, certificates, trust, SNI, ALPN, hostname verification).
 *
 * <p>The two implementations are {@link ClientTlsOptions} ({@link #forClient(String)}, Twisted's
 * {@code optionsForClientTLS}) and {@link ServerTlsOptions} ({@link #forServer(PrivateCertificate)},
 * Twisted's {@code CertificateOptions}). Options are immutable and may be shared by connections
 * on several reactors; a user with needs they do not cover implements this interface over their
 * own {@link javax.net.ssl.SSLContext}.
 */
public interface TlsOptions {

    /** Whether we are the TLS client. */
    boolean isClient();

    /**
     * A new engine for a connection with {@code peer}, its client/server mode already set.
     *
     * @param peer the remote address (for session caching and logging); may be null
     */
    SSLEngine createEngine(SocketAddress peer);

    /**
     * Options for connecting to {@code hostname} (Twisted's {@code optionsForClientTLS}): the
     * server certificate must chain to the JDK's default trust roots and name {@code hostname}
     * (RFC 6125 / RFC 2818 checks), the name is sent as SNI (unless it is an IP address), TLS 1.3
     * and 1.2 only. Refine with {@link ClientTlsOptions#withTrustRoots}, {@code withClientCertificate},
     * {@code withAlpn}, {@code withProtocols}.
     */
    static ClientTlsOptions forClient(String hostname) {
        return ClientTlsOptions.forHost(hostname);
    }

    /** Options for a server presenting {@code certificate}; see {@link ServerTlsOptions}. */
    static ServerTlsOptions forServer(PrivateCertificate certificate) {
        return ServerTlsOptions.of(certificate);
    }
}
