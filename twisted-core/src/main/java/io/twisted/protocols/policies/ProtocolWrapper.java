package io.twisted.protocols.policies;

import io.twisted.internet.HalfCloseableProtocol;
import io.twisted.internet.Producer;
import io.twisted.internet.Protocol;
import io.twisted.internet.Transport;
import io.twisted.internet.defer.Failure;
import io.twisted.internet.tls.TlsOptions;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;

/**
 * Sits between a connection and the protocol that handles it, as Twisted's
 * {@code policies.ProtocolWrapper}: a {@link Protocol} to the real transport and a {@link Transport}
 * to the wrapped protocol. By itself it passes everything through; subclasses override the calls
 * they watch (writes, reads) and call {@code super}.
 *
 * <pre>
 *   real transport --dataReceived--&gt; ProtocolWrapper --dataReceived--&gt; wrapped protocol
 *   real transport &lt;---write-------- ProtocolWrapper &lt;---write-------- wrapped protocol
 * </pre>
 *
 * <p>Passed through both ways: writes, closing and aborting, half-close (the wrapper is a
 * {@link HalfCloseableProtocol}; if the wrapped protocol is not, the end of the peer's data closes the
 * connection with {@link Transport#loseConnection()}, which flushes pending writes first),
 * producers (a producer registered with the wrapper is registered with the real transport, and
 * pausing the wrapper pauses reading), {@link #unreadData} and {@link #startTLS}. After a
 * {@code startTLS}, the wrapped protocol's transport is a new object (still this wrapper underneath),
 * so that framing receivers notice the switch and hand their unprocessed bytes back through
 * {@link #unreadData} to the TLS layer (see {@link io.twisted.protocols.basic.FramedReceiver}).
 */
public class ProtocolWrapper extends Protocol implements Transport, HalfCloseableProtocol {

    /** The factory that wrapped this connection, or {@code null} for a stand-alone wrapper. */
    protected final WrappingFactory wrappingFactory;
    /** The protocol that handles the connection. */
    protected final Protocol wrappedProtocol;
    private boolean disconnecting;

    /**
     * A wrapper around {@code wrappedProtocol}.
     *
     * @param wrappingFactory the factory that tracks this connection, or {@code null}
     */
    public ProtocolWrapper(WrappingFactory wrappingFactory, Protocol wrappedProtocol) {
        this.wrappingFactory = wrappingFactory;
        this.wrappedProtocol = Objects.requireNonNull(wrappedProtocol, "wrappedProtocol");
        if (wrappingFactory != null) {
            setFactory(wrappingFactory);
        }
    }

    /** The wrapped protocol. */
    public Protocol wrappedProtocol() {
        return wrappedProtocol;
    }

    // ------------------------------------------------------------------ Protocol (real transport side)

    /** Registers with the factory and connects the wrapped protocol, with this wrapper as its transport. */
    @Override
    public void connectionMade() {
        if (wrappingFactory != null) {
            wrappingFactory.registerProtocol(this);
        }
        wrappedProtocol.makeConnection(this);
    }

    @Override
    public void dataReceived(ByteBuffer data) {
        wrappedProtocol.dataReceived(data);
    }

    /** Unregisters from the factory and tells the wrapped protocol. */
    @Override
    public void connectionLost(Failure reason) {
        if (wrappingFactory != null) {
            wrappingFactory.unregisterProtocol(this);
        }
        wrappedProtocol.disconnect(reason);
    }

    @Override
    public void readConnectionLost() {
        if (wrappedProtocol instanceof HalfCloseableProtocol half) {
            half.readConnectionLost();
        } else {
            loseConnection();
        }
    }

    @Override
    public void writeConnectionLost() {
        if (wrappedProtocol instanceof HalfCloseableProtocol half) {
            half.writeConnectionLost();
        }
    }

    // ------------------------------------------------------------------ Transport (wrapped protocol side)

    @Override
    public void write(ByteBuffer data) {
        transport.write(data);
    }

    @Override
    public void writeSequence(List<ByteBuffer> data) {
        transport.writeSequence(data);
    }

    @Override
    public void loseConnection() {
        disconnecting = true;
        transport.loseConnection();
    }

    @Override
    public void abortConnection() {
        disconnecting = true;
        transport.abortConnection();
    }

    @Override
    public void loseWriteConnection() {
        transport.loseWriteConnection();
    }

    @Override
    public SocketAddress getPeer() {
        return transport.getPeer();
    }

    @Override
    public SocketAddress getHost() {
        return transport.getHost();
    }

    /** Starts TLS on the real transport, then gives the wrapped protocol a new transport object. */
    @Override
    public void startTLS(TlsOptions options) {
        transport.startTLS(options);
        wrappedProtocol.setTransport(new SwitchedView());
    }

    @Override
    public void unreadData(ByteBuffer data) {
        transport.unreadData(data);
    }

    @Override
    public boolean isDisconnecting() {
        return disconnecting || transport.isDisconnecting();
    }

    @Override
    public void registerProducer(Producer producer, boolean streaming) {
        transport.registerProducer(producer, streaming);
    }

    @Override
    public void unregisterProducer() {
        transport.unregisterProducer();
    }

    @Override
    public void pauseProducing() {
        transport.pauseProducing();
    }

    @Override
    public void resumeProducing() {
        transport.resumeProducing();
    }

    @Override
    public void stopProducing() {
        transport.stopProducing();
    }

    /** The wrapped protocol's transport after a {@code startTLS}: this wrapper under a new identity. */
    private final class SwitchedView implements Transport {
        @Override
        public void write(ByteBuffer data) {
            ProtocolWrapper.this.write(data);
        }

        @Override
        public void writeSequence(List<ByteBuffer> data) {
            ProtocolWrapper.this.writeSequence(data);
        }

        @Override
        public void loseConnection() {
            ProtocolWrapper.this.loseConnection();
        }

        @Override
        public void abortConnection() {
            ProtocolWrapper.this.abortConnection();
        }

        @Override
        public void loseWriteConnection() {
            ProtocolWrapper.this.loseWriteConnection();
        }

        @Override
        public SocketAddress getPeer() {
            return ProtocolWrapper.this.getPeer();
        }

        @Override
        public SocketAddress getHost() {
            return ProtocolWrapper.this.getHost();
        }

        @Override
        public void startTLS(TlsOptions options) {
            ProtocolWrapper.this.startTLS(options);
        }

        @Override
        public void unreadData(ByteBuffer data) {
            ProtocolWrapper.this.unreadData(data);
        }

        @Override
        public boolean isDisconnecting() {
            return ProtocolWrapper.this.isDisconnecting();
        }

        @Override
        public void registerProducer(Producer producer, boolean streaming) {
            ProtocolWrapper.this.registerProducer(producer, streaming);
        }

        @Override
        public void unregisterProducer() {
            ProtocolWrapper.this.unregisterProducer();
        }

        @Override
        public void pauseProducing() {
            ProtocolWrapper.this.pauseProducing();
        }

        @Override
        public void resumeProducing() {
            ProtocolWrapper.this.resumeProducing();
        }

        @Override
        public void stopProducing() {
            ProtocolWrapper.this.stopProducing();
        }
    }
}
