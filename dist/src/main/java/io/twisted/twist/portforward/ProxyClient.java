package io.twisted.twist.portforward;

/**
 * The side connected to the destination (Twisted's {@code ProxyClient}): once connected it pairs
 * with the server side, registers each transport as the other's push producer (flow control both
 * ways) and resumes reading from the client.
 */
public class ProxyClient extends Proxy {

    private final ProxyServer server;

    public ProxyClient(ProxyServer server) {
        this.server = server;
    }

    @Override
    public void connectionMade() {
        if (!server.isConnected()) {
            // The accepted connection went away while we were connecting.
            transport.loseConnection();
            return;
        }
        setPeer(server);
        server.setPeer(this);
        transport.registerProducer(server.transport(), true);
        server.transport().registerProducer(transport, true);
        server.transport().resumeProducing();
    }
}
