package io.twisted.internet.tls;

import java.net.SocketAddress;
import javax.net.ssl.SSLEngine;

/**
 * How to set up TLS on a connection: which side we are, and a fresh {@link SSLEngine} configured
 * for it (protocols, certificates, trust, SNI, ALPN, hostname verification).
 */
public interface TlsOptions {

    /** Whether we are the TLS client. */
    boolean isClient();

    /**
     * A new engine for a connection with {@code peer}.
     *
     * @param peer the remote address (for session caching and logging); may be null
     */
    SSLEngine createEngine(SocketAddress peer);
}
