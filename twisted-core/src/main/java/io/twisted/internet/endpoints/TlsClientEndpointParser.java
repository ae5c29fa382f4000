package io.twisted.internet.endpoints;

import io.twisted.internet.Reactor;
import io.twisted.internet.ReactorTcp;
import io.twisted.internet.tls.ClientTlsOptions;
import io.twisted.internet.tls.PrivateCertificate;
import io.twisted.internet.tls.TlsOptions;
import java.util.List;
import java.util.Map;

/**
 * The {@code tls} client type (Twisted's {@code _TLSClientEndpointParser}):
 * {@code tls:HOST:PORT[:timeout=30][:bindAddress=ADDR][:certificate=CERT.pem][:privateKey=KEY.pem][:trustRoots=PATH][:endpoint=DESCRIPTION]}.
 *
 * <p>TLS with {@link TlsOptions#forClient(String) hostname verification} against {@code HOST},
 * over a {@link HostnameEndpoint} to {@code HOST:PORT} (happy eyeballs), or over the client
 * endpoint {@code endpoint} describes (its colons escaped), {@code HOST} then serving only to
 * verify the certificate. {@code trustRoots} is a directory of {@code *.pem} files, as in Twisted,
 * or (an extension) one PEM bundle file; default: the JDK's trust store. {@code certificate} is a
 * client certificate, its key in {@code privateKey} or in the same file.
 */
public final class TlsClientEndpointParser implements ClientEndpointParser {

    private static final List<String> PARAMETERS = List.of("host", "port", "timeout", "bindAddress", "certificate", "privateKey",
            "trustRoots", "endpoint");

    @Override
    public String prefix() {
        return "tls";
    }

    @Override
    public ClientEndpoint parseClient(Reactor reactor, List<String> args, Map<String, String> kwargs) {
        EndpointArguments a = EndpointArguments.bind(prefix(), args, kwargs, PARAMETERS);
        String host = a.require("host");
        if (host.isEmpty()) {
            throw new IllegalArgumentException("tls: host is empty");
        }
        int port = a.requireInteger("port", 1, 65535);
        double timeout = a.seconds("timeout", ReactorTcp.DEFAULT_CONNECT_TIMEOUT);
        ClientTlsOptions options = TlsOptions.forClient(host);
        if (a.has("trustRoots")) {
            options = options.withTrustRoots(PemFiles.trustRoots(prefix(), "trustRoots", a.get("trustRoots", ""), true));
        }
        PrivateCertificate client = SslEndpointParsers.clientCertificate(prefix(), a, "certificate", "privateKey");
        if (client != null) {
            options = options.withClientCertificate(client);
        }
        ClientEndpoint wrapped;
        if (a.has("endpoint")) {
            String inner = a.get("endpoint", "");
            try {
                wrapped = Endpoints.clientFromString(reactor, inner);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("tls: endpoint '" + inner + "': " + e.getMessage(), e);
            }
        } else {
            wrapped = new HostnameEndpoint(reactor, host, port, timeout, a.bindAddress("bindAddress"));
        }
        return new TLSWrapperClientEndpoint(options, wrapped);
    }
}
