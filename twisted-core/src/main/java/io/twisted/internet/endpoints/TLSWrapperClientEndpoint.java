package io.twisted.internet.endpoints;

import io.twisted.internet.Protocol;
import io.twisted.internet.ProtocolFactory;
import io.twisted.internet.defer.Deferred;
import io.twisted.internet.tls.TlsLayer;
import io.twisted.internet.tls.TlsOptions;
import java.util.Objects;

/**
 * A client endpoint that speaks TLS over the connection another endpoint makes (Twisted's
 * {@code wrapClientTLS} / {@code TLSWrapperClientEndpoint}). The {@code tls:} client string type
 * makes one over a {@link HostnameEndpoint} (or over {@code endpoint=DESCRIPTION}); see
 * {@link TlsClientEndpointParser}.
 *
 * <p>The Deferred fires with the user's protocol once the wrapped connection is made (the TLS
 * handshake proceeds under the protocol, which may write at once: its bytes are sent after the
 * handshake, as in Twisted).
 */
public class TLSWrapperClientEndpoint implements ClientEndpoint {

    private final TlsOptions options;
    private final ClientEndpoint wrapped;

    /**
     * @param options client TLS options, usually {@link TlsOptions#forClient(String)}
     * @param wrapped the endpoint making the underlying connection
     */
    public TLSWrapperClientEndpoint(TlsOptions options, ClientEndpoint wrapped) {
        this.options = Objects.requireNonNull(options, "options");
        this.wrapped = Objects.requireNonNull(wrapped, "wrapped");
        if (!options.isClient()) {
            throw new IllegalArgumentException("TLSWrapperClientEndpoint needs client TLS options (TlsOptions.forClient), got server options");
        }
    }

    @Override
    public Deferred<Protocol> connect(ProtocolFactory factory) {
        return wrapped.connect(TlsLayer.wrapFactory(factory, options)).addCallback(TLSWrapperClientEndpoint::applicationProtocol);
    }

    private static Protocol applicationProtocol(Protocol connected) {
        return connected instanceof TlsLayer ? ((TlsLayer) connected).protocol() : connected;
    }

    /** The TLS options. */
    public TlsOptions options() {
        return options;
    }

    /** The endpoint making the underlying connection. */
    public ClientEndpoint wrappedEndpoint() {
        return wrapped;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(" + options + ", " + wrapped + ")";
    }
}
