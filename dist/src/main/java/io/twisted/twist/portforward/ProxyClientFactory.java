package io.twisted.twist.portforward;

import io.twisted.internet.ClientFactory;
import io.twisted.internet.Connector;
import io.twisted.internet.Protocol;
import io.twisted.internet.defer.Failure;
import java.net.SocketAddress;

/** Builds the {@link ProxyClient} for one {@link ProxyServer} (Twisted's {@code ProxyClientFactory}). */
public class ProxyClientFactory extends ClientFactory {

    private static final System.Logger LOG = System.getLogger(ProxyClientFactory.class.getName());

    private final ProxyServer server;

    public ProxyClientFactory(ProxyServer server) {
        this.server = server;
    }

    @Override
    public Protocol buildProtocol(SocketAddress address) {
        ProxyClient client = new ProxyClient(server);
        client.setFactory(this);
        return client;
    }

    @Override
    public void clientConnectionFailed(Connector connector, Failure reason) {
        LOG.log(System.Logger.Level.INFO, "portforward: cannot reach " + connector.getDestination() + ": " + reason.getErrorMessage());
        server.destinationFailed();
    }
}
