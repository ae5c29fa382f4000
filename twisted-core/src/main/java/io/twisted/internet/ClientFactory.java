package io.twisted.internet;

import io.twisted.internet.defer.Failure;

/**
 * A factory for outgoing connections (Twisted's {@code ClientFactory}): told when a connection
 * attempt starts, fails, or a made connection is lost.
 */
public class ClientFactory extends Factory {

    protected ClientFactory() {
    }

    public ClientFactory(java.util.function.Supplier<? extends Protocol> protocolSupplier) {
        super(protocolSupplier);
    }

    /** Called when a connection attempt starts. */
    public void startedConnecting(Connector connector) {
    }

    /** Called when a connection attempt fails (refused, timed out, lookup failed...). */
    public void clientConnectionFailed(Connector connector, Failure reason) {
    }

    /** Called when an established connection is lost. */
    public void clientConnectionLost(Connector connector, Failure reason) {
    }
}
