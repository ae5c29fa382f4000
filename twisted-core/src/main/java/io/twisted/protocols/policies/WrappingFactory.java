package io.twisted.protocols.policies;

import io.twisted.internet.ClientFactory;
import io.twisted.internet.Connector;
import io.twisted.internet.Protocol;
import io.twisted.internet.ProtocolFactory;
import io.twisted.internet.defer.Failure;
import java.net.SocketAddress;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * Wraps every protocol another factory builds in a {@link ProtocolWrapper}, as Twisted's
 * {@code policies.WrappingFactory}, and keeps the set of live wrappers.
 *
 * <p>Subclasses choose the wrapper by overriding {@link #wrapProtocol(Protocol)}. Start and stop
 * are passed to the wrapped factory, and so are the client callbacks when it is a
 * {@link ClientFactory}.
 */
public class WrappingFactory extends ClientFactory {

    /** The factory whose protocols are wrapped. */
    protected final ProtocolFactory wrappedFactory;
    private final Set<ProtocolWrapper> protocols = new LinkedHashSet<>();

    /** A factory wrapping the protocols of {@code wrappedFactory}. */
    public WrappingFactory(ProtocolFactory wrappedFactory) {
        this.wrappedFactory = Objects.requireNonNull(wrappedFactory, "wrappedFactory");
    }

    /** The wrapped factory. */
    public ProtocolFactory wrappedFactory() {
        return wrappedFactory;
    }

    /**
     * Builds the wrapped factory's protocol and wraps it; {@code null} (connection refused) when the
     * wrapped factory refuses.
     */
    @Override
    public Protocol buildProtocol(SocketAddress address) {
        Protocol wrapped = wrappedFactory.buildProtocol(address);
        return wrapped == null ? null : wrapProtocol(wrapped);
    }

    /** The wrapper for one connection; override to use a {@link ProtocolWrapper} subclass. */
    protected ProtocolWrapper wrapProtocol(Protocol wrapped) {
        return new ProtocolWrapper(this, wrapped);
    }

    /** Called by a wrapper when its connection is made. */
    public void registerProtocol(ProtocolWrapper wrapper) {
        protocols.add(wrapper);
    }

    /** Called by a wrapper when its connection is lost. */
    public void unregisterProtocol(ProtocolWrapper wrapper) {
        protocols.remove(wrapper);
    }

    /** The wrappers of the connections that are up, in the order they were made. */
    public Set<ProtocolWrapper> protocols() {
        return Collections.unmodifiableSet(protocols);
    }

    @Override
    public void startFactory() {
        wrappedFactory.doStart();
    }

    @Override
    public void stopFactory() {
        wrappedFactory.doStop();
    }

    @Override
    public void startedConnecting(Connector connector) {
        if (wrappedFactory instanceof ClientFactory client) {
            client.startedConnecting(connector);
        }
    }

    @Override
    public void clientConnectionFailed(Connector connector, Failure reason) {
        if (wrappedFactory instanceof ClientFactory client) {
            client.clientConnectionFailed(connector, reason);
        }
    }

    @Override
    public void clientConnectionLost(Connector connector, Failure reason) {
        if (wrappedFactory instanceof ClientFactory client) {
            client.clientConnectionLost(connector, reason);
        }
    }
}
