package io.twisted.protocols.policies;

import io.twisted.internet.Protocol;
import io.twisted.internet.ProtocolFactory;
import java.net.SocketAddress;

/**
 * Limits the connections a factory serves at once, as Twisted's
 * {@code policies.LimitTotalConnectionsFactory}: beyond {@code connectionLimit} live connections, a
 * new one is handed to the overflow factory (e.g. a protocol that answers "too busy" and closes), or
 * refused if there is none. Connections are counted from {@link #buildProtocol} until they are lost.
 */
public class LimitTotalConnectionsFactory extends WrappingFactory {

    private final int connectionLimit;
    private final ProtocolFactory overflowFactory;
    private int connectionCount;

    /**
     * @param connectionLimit most connections served by {@code wrappedFactory} at once
     * @param overflowFactory builds the protocol for connections over the limit, or {@code null} to
     *     refuse them
     */
    public LimitTotalConnectionsFactory(ProtocolFactory wrappedFactory, int connectionLimit, ProtocolFactory overflowFactory) {
        super(wrappedFactory);
        if (connectionLimit < 0) {
            throw new IllegalArgumentException("connectionLimit must not be negative: " + connectionLimit);
        }
        this.connectionLimit = connectionLimit;
        this.overflowFactory = overflowFactory;
    }

    /** The connections built and not yet lost (overflow ones included, as in Twisted). */
    public int connectionCount() {
        return connectionCount;
    }

    @Override
    public Protocol buildProtocol(SocketAddress address) {
        ProtocolFactory source = connectionCount < connectionLimit ? wrappedFactory : overflowFactory;
        if (source == null) {
            return null;
        }
        Protocol wrapped = source.buildProtocol(address);
        if (wrapped == null) {
            return null;
        }
        connectionCount++;
        return wrapProtocol(wrapped);
    }

    @Override
    public void unregisterProtocol(ProtocolWrapper wrapper) {
        super.unregisterProtocol(wrapper);
        connectionCount--;
    }
}
