package io.twisted.internet.endpoints;

import io.twisted.internet.ClientFactory;
import io.twisted.internet.Connector;
import io.twisted.internet.HalfCloseableProtocol;
import io.twisted.internet.Protocol;
import io.twisted.internet.ProtocolFactory;
import io.twisted.internet.Transport;
import io.twisted.internet.defer.CancelledError;
import io.twisted.internet.defer.Deferred;
import io.twisted.internet.defer.Failure;
import io.twisted.internet.error.ConnectError;
import java.net.SocketAddress;
import java.nio.ByteBuffer;

/**
 * Adapts a {@link ProtocolFactory} to the reactor's {@link ClientFactory} for a client endpoint
 * (Twisted's {@code _WrappingFactory}): the user's protocol is wrapped so that the endpoint's
 * Deferred fires once its {@code connectionMade} has run, and connection failures fail it.
 */
final class WrappingClientFactory extends ClientFactory {

    private final ProtocolFactory wrapped;
    private final Deferred<Protocol> onConnection;
    private Connector connector;

    WrappingClientFactory(ProtocolFactory wrapped) {
        this.wrapped = wrapped;
        this.onConnection = new Deferred<>(this::cancelConnecting);
    }

    void setConnector(Connector connector) {
        this.connector = connector;
    }

    Deferred<Protocol> whenConnected() {
        return onConnection;
    }

    private void cancelConnecting(Deferred<Protocol> d) {
        if (!d.isCalled()) {
            d.errback(new CancelledError("connection to " + (connector == null ? "?" : connector.getDestination()) + " cancelled"));
        }
        if (connector != null) {
            try {
                connector.stopConnecting();
            } catch (RuntimeException ignored) {
                // Already connected or already failed: nothing left to stop.
            }
        }
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
    public Protocol buildProtocol(SocketAddress address) {
        Protocol p;
        try {
            p = wrapped.buildProtocol(address);
        } catch (RuntimeException e) {
            fail(new Failure(e));
            return null;
        }
        if (p == null) {
            fail(new Failure(new ConnectError("the protocol factory " + wrapped + " built no protocol for " + address)));
            return null;
        }
        return p instanceof HalfCloseableProtocol ? new HalfCloseableWrappingProtocol(p) : new WrappingProtocol(p);
    }

    @Override
    public void clientConnectionFailed(Connector connector, Failure reason) {
        fail(reason);
    }

    private void fail(Failure reason) {
        if (!onConnection.isCalled()) {
            onConnection.errback(reason);
        }
    }

    private void connected(Protocol p) {
        if (!onConnection.isCalled()) {
            onConnection.callback(p);
        }
    }

    /** Forwards every event to the user's protocol; fires the Deferred after its connectionMade. */
    private class WrappingProtocol extends Protocol {
        final Protocol wrappedProtocol;

        WrappingProtocol(Protocol wrappedProtocol) {
            this.wrappedProtocol = wrappedProtocol;
        }

        @Override
        public void makeConnection(Transport transport) {
            super.makeConnection(transport);
            wrappedProtocol.makeConnection(transport);
            connected(wrappedProtocol);
        }

        /**
         * A layer slid in under this wrapper (STARTTLS) is the wrapped protocol's transport too: it
         * writes through the layer from now on, as the wrapper is invisible.
         */
        @Override
        public void setTransport(Transport transport) {
            super.setTransport(transport);
            wrappedProtocol.setTransport(transport);
        }

        @Override
        public void dataReceived(ByteBuffer data) {
            wrappedProtocol.dataReceived(data);
        }

        @Override
        public void connectionLost(Failure reason) {
            wrappedProtocol.disconnect(reason);
        }

        @Override
        public String toString() {
            return wrappedProtocol.toString();
        }
    }

    private final class HalfCloseableWrappingProtocol extends WrappingProtocol implements HalfCloseableProtocol {
        HalfCloseableWrappingProtocol(Protocol wrappedProtocol) {
            super(wrappedProtocol);
        }

        @Override
        public void readConnectionLost() {
            ((HalfCloseableProtocol) wrappedProtocol).readConnectionLost();
        }

        @Override
        public void writeConnectionLost() {
            ((HalfCloseableProtocol) wrappedProtocol).writeConnectionLost();
        }
    }
}
