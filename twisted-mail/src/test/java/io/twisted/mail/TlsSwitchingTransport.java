package io.twisted.mail;

import io.twisted.internet.Protocol;
import io.twisted.internet.tls.TlsOptions;
import io.twisted.testing.StringTransport;
import java.net.SocketAddress;
import javax.net.ssl.SSLEngine;

/**
 * A StringTransport whose {@code startTLS} does what a TLS layer does to the protocol: from then
 * on the protocol's transport is {@link #tls} (another StringTransport standing for the
 * encrypted side). Bytes the protocol had read but not processed must then reach
 * {@code tls.unreadValue()}: they were sent after the STARTTLS command and are TLS records.
 */
public final class TlsSwitchingTransport extends StringTransport {

    /** A TLS configuration that is never used for real. */
    public static final TlsOptions OPTIONS = new TlsOptions() {
        @Override
        public boolean isClient() {
            return false;
        }

        @Override
        public SSLEngine createEngine(SocketAddress peer) {
            throw new UnsupportedOperationException("test double");
        }
    };

    /** What the protocol writes to after STARTTLS. */
    public final StringTransport tls = new StringTransport();
    private Protocol protocol;
    private TlsOptions started;

    /** Connects {@code p} to this transport. */
    public void connect(Protocol p) {
        this.protocol = p;
        p.makeConnection(this);
    }

    @Override
    public void startTLS(TlsOptions options) {
        started = options;
        protocol.setTransport(tls);
    }

    /** The options TLS was started with, or {@code null}. */
    public TlsOptions started() {
        return started;
    }
}
