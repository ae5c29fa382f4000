package io.twisted.internet.tls;

import io.twisted.internet.ClientFactory;
import io.twisted.internet.Connector;
import io.twisted.internet.Protocol;
import io.twisted.internet.ProtocolFactory;
import io.twisted.internet.defer.Failure;
import java.net.SocketAddress;
import java.util.Objects;

/**
 * A factory that runs the protocols of another factory over TLS (Twisted's
 * {@code TLSMemoryBIOFactory}); made by {@link TlsLayer#wrapFactory}. Each connection gets a
 * {@link TlsLayer} whose application is the wrapped factory's protocol. Start/stop and, for a
 * wrapped {@link ClientFactory}, the client callbacks are forwarded to the wrapped factory, so
 * {@code connectSSL(host, port, factory, options)} can be
 * {@code connectTCP(host, port, TlsLayer.wrapFactory(factory, options))}.
 */
public final class TlsFactory extends ClientFactory {

    private final ProtocolFactory wrapped;
    private final TlsOptions options;

    TlsFactory(ProtocolFactory wrapped, TlsOptions options) {
        this.wrapped = Objects.requireNonNull(wrapped, "wrapped");
        this.options = Objects.requireNonNull(options, "options");
    }

    /** The factory whose protocols run over TLS. */
    public ProtocolFactory wrappedFactory() {
        return wrapped;
    }

    /** The TLS options of every connection. */
    public TlsOptions options() {
        return options;
    }

    /** A TlsLayer over the wrapped factory's protocol, or {@code null} if it refused the connection. */
    @Override
    public Protocol buildProtocol(SocketAddress address) {
        Protocol app = wrapped.buildProtocol(address);
        if (app == null) {
            return null;
        }
        TlsLayer layer = new TlsLayer(app, options);
        layer.setFactory(this);
        return layer;
    }

    @Override
    public void startFactory() {
        wrapped.doStart();
    }

    @Override
    public void stopFactory() {
        wrapped.doStop();
    }

    @Override
    public void startedConnecting(Connector connector) {
        if (wrapped instanceof ClientFactory) {
            ((ClientFactory) wrapped).startedConnecting(connector);
        }
    }

    @Override
    public void clientConnectionFailed(Connector connector, Failure reason) {
        if (wrapped instanceof ClientFactory) {
            ((ClientFactory) wrapped).clientConnectionFailed(connector, reason);
        }
    }

    @Override
    public void clientConnectionLost(Connector connector, Failure reason) {
        if (wrapped instanceof ClientFactory) {
            ((ClientFactory) wrapped).clientConnectionLost(connector, reason);
        }
    }

    @Override
    public String toString() {
        return "TlsFactory[" + wrapped + ", " + options + "]";
    }
}
