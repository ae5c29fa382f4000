package io.twisted.internet;

import java.net.SocketAddress;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The usual {@link ProtocolFactory}: builds protocols from a supplier (or an overridden
 * {@link #buildProtocol}), sets their {@link Protocol#factory()}, and calls
 * {@link #startFactory()}/{@link #stopFactory()} when the first port starts and the last stops.
 */
public class Factory implements ProtocolFactory {

    private final Supplier<? extends Protocol> protocolSupplier;
    private int numPorts;

    /** A factory whose subclass overrides {@link #buildProtocol}. */
    protected Factory() {
        this.protocolSupplier = null;
    }

    /** A factory that builds each protocol with {@code protocolSupplier}. */
    public Factory(Supplier<? extends Protocol> protocolSupplier) {
        this.protocolSupplier = Objects.requireNonNull(protocolSupplier, "protocolSupplier");
    }

    /** Twisted's {@code Factory.forProtocol}. */
    public static Factory forProtocol(Supplier<? extends Protocol> protocolSupplier) {
        return new Factory(protocolSupplier);
    }

    @Override
    public Protocol buildProtocol(SocketAddress address) {
        if (protocolSupplier == null) {
            throw new IllegalStateException(getClass().getName() + " must override buildProtocol or be given a supplier");
        }
        Protocol p = protocolSupplier.get();
        if (p != null) {
            p.setFactory(this);
        }
        return p;
    }

    @Override
    public final void doStart() {
        if (numPorts++ == 0) {
            startFactory();
        }
    }

    @Override
    public final void doStop() {
        if (numPorts == 0) {
            return;
        }
        if (--numPorts == 0) {
            stopFactory();
        }
    }

    /** Called before the first port starts listening with this factory. */
    public void startFactory() {
    }

    /** Called after the last port using this factory stopped. */
    public void stopFactory() {
    }
}
