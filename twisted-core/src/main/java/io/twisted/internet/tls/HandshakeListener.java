package io.twisted.internet.tls;

/**
 * Implemented by a protocol that wants to hear when the TLS handshake under it completes
 * (Twisted's {@code IHandshakeListener}). Called once, on the reactor thread, after which
 * {@link TlsTransport#negotiatedProtocol()}, {@link TlsTransport#peerCertificates()} and
 * {@link TlsTransport#serverName()} are known.
 */
public interface HandshakeListener {

    /** The first TLS handshake on this connection has completed. */
    void handshakeCompleted();
}
