package io.twisted.spread.pb;

import io.twisted.internet.Factory;
import io.twisted.internet.Protocol;
import java.net.SocketAddress;

/**
 * Serves a {@link Root} over PB (Twisted's {@code pb.PBServerFactory}): each connection gets a server
 * {@link Broker} publishing {@code root.rootObject(broker)} as "root".
 *
 * <pre>{@code
 * reactor.listenTCP(8789, new PbServerFactory(new EchoRoot()));
 * }</pre>
 */
public class PbServerFactory extends Factory {

    private final Root root;
    private final Unjellyables unjellyables;

    /** Serves {@code root}, unjellying no copy types. */
    public PbServerFactory(Root root) {
        this(root, new Unjellyables());
    }

    /** Serves {@code root}, building the copy types in {@code unjellyables}. */
    public PbServerFactory(Root root, Unjellyables unjellyables) {
        super(() -> null);
        this.root = root;
        this.unjellyables = unjellyables;
    }

    @Override
    public Protocol buildProtocol(SocketAddress address) {
        Broker broker = new Broker(false, unjellyables);
        broker.setFactory(this);
        broker.setNameForLocal("root", root.rootObject(broker));
        return broker;
    }
}
