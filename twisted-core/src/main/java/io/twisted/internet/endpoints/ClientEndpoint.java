package io.twisted.internet.endpoints;

import io.twisted.internet.Protocol;
import io.twisted.internet.ProtocolFactory;
import io.twisted.internet.defer.Deferred;

/**
 * Somewhere a client can connect to (Twisted's {@code IStreamClientEndpoint}).
 *
 * <pre>{@code
 * ClientEndpoint endpoint = Endpoints.clientFromString(reactor, "tcp:host=example.com:port=80");
 * Endpoints.connectProtocol(endpoint, new MyClient())
 *          .addCallback(client -> client.sendRequest());
 * }</pre>
 * Cancelling the returned Deferred before it fires abandons the connection attempt.
 */
@FunctionalInterface
public interface ClientEndpoint {

    /**
     * Connects, building the protocol with {@code factory}.
     *
     * @return fires with the protocol once its {@code connectionMade} has run, or fails with the
     *     reason the connection could not be made ({@link io.twisted.internet.error.ConnectError}
     *     and its subclasses)
     */
    Deferred<Protocol> connect(ProtocolFactory factory);
}
