package io.twisted.twist;

import io.twisted.application.MultiService;
import io.twisted.application.Options;
import io.twisted.application.ParsedOptions;
import io.twisted.application.Service;
import io.twisted.application.ServiceMaker;
import io.twisted.application.StreamServerEndpointService;
import io.twisted.internet.Factory;
import io.twisted.internet.Reactor;
import io.twisted.protocols.wire.Echo;
import io.twisted.internet.endpoints.Endpoints;
import java.util.List;

/**
 * {@code twist echo [--listen ENDPOINT]... [--privkey KEY.pem] [--certificate CERT.pem]
 * [--make-self-signed-certificate HOSTNAME]}: an RFC 862 echo server on every endpoint given
 * (default {@code tcp:8000}); see {@link TlsListenOptions} for the TLS options.
 */
public final class EchoServiceMaker implements ServiceMaker {

    /** One set of TLS options (one self-signed certificate) however many reactors run the plugin. */
    private final TlsListenOptions.PerRun tlsOptions = new TlsListenOptions.PerRun();

    @Override
    public String tapname() {
        return "echo";
    }

    @Override
    public String description() {
        return "An RFC 862 echo server: sends back every byte it receives.";
    }

    @Override
    public Options options() {
        return TlsListenOptions.addTo(new Options()
                .repeatable("listen", "ENDPOINT", List.of("tcp:8000"),
                        "Endpoint to listen on, e.g. tcp:8000:interface=127.0.0.1, ssl:8443:privateKey=key.pem:certKey=cert.pem,"
                                + " unix:/tmp/echo.sock; repeat to listen on several."))
                .longDescription("Endpoints use Twisted's syntax: " + String.join(", ", Endpoints.serverTypes())
                        + ". An ssl: endpoint without privateKey= uses --privkey/--certificate or --make-self-signed-certificate.");
    }

    @Override
    public Service makeService(Reactor reactor, ParsedOptions options) {
        MultiService all = new MultiService();
        TlsListenOptions tls = tlsOptions.get(options);
        for (String description : options.getAll("listen")) {
            new StreamServerEndpointService(tls.serverFromString(reactor, description),
                    Factory.forProtocol(Echo::new)).setRaiseSynchronously(true).setServiceParent(all);
        }
        return all;
    }

    /** Echo keeps no state across connections: it runs on any number of reactors. */
    @Override
    public boolean supportsMultipleReactors() {
        return true;
    }
}
