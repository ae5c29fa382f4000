package io.twisted.internet;

import io.twisted.internet.tls.TlsOptions;
import java.net.SocketAddress;

/**
 * TLS over TCP (Twisted's {@code IReactorSSL}): a TCP port or connection whose protocol sits on a
 * {@link io.twisted.internet.tls.TlsLayer}.
 */
public interface ReactorSsl extends ReactorTcp {

    /** Listens like {@link #listenTCP}, every connection speaking TLS as the server side of {@code options}. */
    default ListeningPort listenSSL(int port, ProtocolFactory factory, TlsOptions options, int backlog, String iface) {
        if (options.isClient()) {
            throw new IllegalArgumentException("listenSSL needs server TLS options (ServerTlsOptions), got client options");
        }
        return listenTCP(port, io.twisted.internet.tls.TlsLayer.wrapFactory(factory, options), backlog, iface);
    }

    default ListeningPort listenSSL(int port, ProtocolFactory factory, TlsOptions options) {
        return listenSSL(port, factory, options, DEFAULT_BACKLOG, "");
    }

    /** Connects like {@link #connectTCP}, speaking TLS as the client side of {@code options}. */
    default Connector connectSSL(String host, int port, ClientFactory factory, TlsOptions options, double timeoutSeconds,
                                 SocketAddress bindAddress) {
        if (!options.isClient()) {
            throw new IllegalArgumentException("connectSSL needs client TLS options (TlsOptions.forClient), got server options");
        }
        return connectTCP(host, port, io.twisted.internet.tls.TlsLayer.wrapFactory(factory, options), timeoutSeconds, bindAddress);
    }

    default Connector connectSSL(String host, int port, ClientFactory factory, TlsOptions options) {
        return connectSSL(host, port, factory, options, DEFAULT_CONNECT_TIMEOUT, null);
    }
}
