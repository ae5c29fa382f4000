package io.twisted.testing;

import io.twisted.internet.ClientFactory;
import io.twisted.internet.Connector;
import io.twisted.internet.Protocol;
import io.twisted.internet.defer.Failure;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;

/**
 * A factory, for either side, that records what it was asked to do: the protocols it built (and for
 * which address), start/stop, and the {@link ClientFactory} events.
 *
 * <pre>{@code
 * var factory = new RecordingFactory(AccumulatingProtocol::new);
 * reactor.connectTCP("example.com", 25, factory);
 * reactor.tcpClients().get(0).connector().fail(new ConnectionRefusedError());
 * assertInstanceOf(ConnectionRefusedError.class, factory.failedReasons().get(0).value());
 * }</pre>
 *
 * @param <P> the protocol type, so that {@link #protocols()} needs no cast
 */
public class RecordingFactory<P extends Protocol> extends ClientFactory {

    private final Supplier<? extends P> supplier;
    private final List<P> protocols = new ArrayList<>();
    private final List<SocketAddress> addresses = new ArrayList<>();
    private final List<Connector> startedConnecting = new ArrayList<>();
    private final List<Failure> failed = new ArrayList<>();
    private final List<Failure> lost = new ArrayList<>();
    private int startCount;
    private int stopCount;

    /** A factory building each protocol with {@code supplier}; a {@code null} protocol refuses the connection. */
    public RecordingFactory(Supplier<? extends P> supplier) {
        this.supplier = supplier;
    }

    @Override
    public Protocol buildProtocol(SocketAddress address) {
        P p = supplier.get();
        addresses.add(address);
        if (p != null) {
            p.setFactory(this);
            protocols.add(p);
        }
        return p;
    }

    @Override
    public void startFactory() {
        startCount++;
    }

    @Override
    public void stopFactory() {
        stopCount++;
    }

    @Override
    public void startedConnecting(Connector connector) {
        startedConnecting.add(connector);
    }

    @Override
    public void clientConnectionFailed(Connector connector, Failure reason) {
        failed.add(reason);
    }

    @Override
    public void clientConnectionLost(Connector connector, Failure reason) {
        lost.add(reason);
    }

    /** The protocols built, in order. */
    public List<P> protocols() {
        return Collections.unmodifiableList(protocols);
    }

    /** The last protocol built. @throws IllegalStateException if none was */
    public P lastProtocol() {
        if (protocols.isEmpty()) {
            throw new IllegalStateException("no protocol was built");
        }
        return protocols.get(protocols.size() - 1);
    }

    /** The address passed to each {@code buildProtocol}, in order (including refused ones). */
    public List<SocketAddress> addresses() {
        return Collections.unmodifiableList(addresses);
    }

    /** How many times {@code startFactory} ran. */
    public int startCount() {
        return startCount;
    }

    /** How many times {@code stopFactory} ran. */
    public int stopCount() {
        return stopCount;
    }

    /** The connectors given to {@code startedConnecting}, in order. */
    public List<Connector> startedConnecting() {
        return Collections.unmodifiableList(startedConnecting);
    }

    /** The reasons given to {@code clientConnectionFailed}, in order. */
    public List<Failure> failedReasons() {
        return Collections.unmodifiableList(failed);
    }

    /** The reasons given to {@code clientConnectionLost}, in order. */
    public List<Failure> lostReasons() {
        return Collections.unmodifiableList(lost);
    }
}
