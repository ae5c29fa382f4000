package io.twisted.twist;

import io.twisted.application.Options;
import io.twisted.application.ParsedOptions;
import io.twisted.application.Service;
import io.twisted.application.ServiceMaker;
import io.twisted.application.StreamServerEndpointService;
import io.twisted.application.UsageError;
import io.twisted.internet.Reactor;
import io.twisted.internet.endpoints.Endpoints;
import io.twisted.twist.portforward.ProxyFactory;

/**
 * {@code twist portforward --port ENDPOINT --dest_host HOST --dest_port PORT}: forwards every
 * connection accepted on the endpoint to {@code HOST:PORT} (Twisted's {@code twist portforward},
 * with the same defaults: listen on 6666, forward to localhost:6665). {@code --host} is accepted
 * for {@code --dest_host}, as older Twisted named it.
 */
public final class PortForwardServiceMaker implements ServiceMaker {

    @Override
    public String tapname() {
        return "portforward";
    }

    @Override
    public String description() {
        return "A simple port-forwarder: relays each connection to a destination host and port.";
    }

    @Override
    public Options options() {
        return new Options()
                .parameter("port", 'p', "ENDPOINT", "tcp:6666", "Endpoint to listen on.")
                .parameter("dest_host", "HOST", "localhost", "Host to forward connections to.")
                .parameter("dest_port", 'd', "PORT", "6665", "Port to forward connections to.")
                .alias("host", "dest_host");
    }

    @Override
    public Service makeService(Reactor reactor, ParsedOptions options) {
        String host = options.get("dest_host");
        if (host == null || host.isEmpty()) {
            throw new UsageError("option --dest_host is empty");
        }
        int port = options.getInt("dest_port", 1, 65535);
        return new StreamServerEndpointService(Endpoints.serverFromString(reactor, options.get("port")),
                new ProxyFactory(reactor, host, port)).setRaiseSynchronously(true);
    }
}
