package io.twisted.internet.endpoints;

import io.twisted.internet.ListeningPort;
import io.twisted.internet.ProtocolFactory;
import io.twisted.internet.defer.Deferred;

/**
 * Somewhere a server can listen (Twisted's {@code IStreamServerEndpoint}).
 *
 * <pre>{@code
 * ServerEndpoint endpoint = Endpoints.serverFromString(reactor, "tcp:8080:interface=127.0.0.1");
 * endpoint.listen(Factory.forProtocol(Echo::new))
 *         .addCallback(port -> { log("listening on " + port.getHost()); return null; });
 * }</pre>
 */
@FunctionalInterface
public interface ServerEndpoint {

    /**
     * Starts listening with {@code factory}.
     *
     * @return fires with the port once listening, or fails (for example with
     *     {@link io.twisted.internet.error.CannotListenError} when the address is in use)
     */
    Deferred<ListeningPort> listen(ProtocolFactory factory);
}
