package io.twisted.protocols.basic;

import io.twisted.internet.Protocol;
import io.twisted.internet.tls.TlsOptions;
import io.twisted.testing.StringTransport;

/**
 * A {@link StringTransport} whose {@code startTLS} does what a TLS layer does to a running protocol:
 * replaces the protocol's transport with a new one (here another {@link StringTransport}, which
 * records the bytes handed back through {@code unreadData}).
 */
final class TlsSwitchingTransport extends StringTransport {

    private final Protocol protocol;
    final StringTransport tls = new StringTransport();
    private boolean started;

    TlsSwitchingTransport(Protocol protocol) {
        this.protocol = protocol;
    }

    @Override
    public void startTLS(TlsOptions options) {
        started = true;
        protocol.setTransport(tls);
    }

    boolean tlsStarted() {
        return started;
    }
}
