package io.twisted.twist.portforward;

import io.twisted.internet.Connector;
import io.twisted.internet.ReactorTcp;
import io.twisted.internet.defer.Failure;

/**
 * The accepted side (Twisted's {@code ProxyServer}): stops reading until the destination is
 * connected, then lets {@link ProxyClient} wire the two sides together.
 */
public class ProxyServer extends Proxy {

    private final ReactorTcp reactor;
    private final String host;
    private final int port;
    private final double timeout;
    private Connector connector;

    /**
     * @param reactor where to connect to the destination
     * @param timeout seconds to wait for the destination to accept
     */
    public ProxyServer(ReactorTcp reactor, String host, int port, double timeout) {
        this.reactor = reactor;
        this.host = host;
        this.port = port;
        this.timeout = timeout;
    }

    @Override
    public void connectionMade() {
        // Read nothing from the connecting client until there is somewhere to send it.
        transport.pauseProducing();
        connector = reactor.connectTCP(host, port, new ProxyClientFactory(this), timeout, null);
    }

    @Override
    public void connectionLost(Failure reason) {
        if (peer == null && connector != null) {
            // Still connecting to the destination: give up.
            Connector c = connector;
            connector = null;
            try {
                c.stopConnecting();
            } catch (RuntimeException alreadyDone) {
                // Connected or failed in the meantime; ProxyClient notices this side is gone.
            }
        }
        super.connectionLost(reason);
    }

    /** The destination could not be reached: drop the accepted connection. */
    void destinationFailed() {
        connector = null;
        if (isConnected()) {
            transport.loseConnection();
        }
    }
}
