package io.twisted.internet.endpoints;

import io.twisted.internet.Reactor;
import io.twisted.internet.ReactorTcp;
import io.twisted.internet.tls.ClientTlsOptions;
import io.twisted.internet.tls.PrivateCertificate;
import io.twisted.internet.tls.ServerTlsOptions;
import io.twisted.internet.tls.TlsOptions;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code ssl} endpoint types: TLS over TCP, server and client, with Twisted's parameters.
 *
 * <h2>Server: {@code ssl:PORT[:privateKey=KEY.pem][:certKey=CERT.pem][:sslmethod=..][:interface=ADDR][:backlog=N][:extraCertChain=CHAIN.pem][:dhParameters=DH.pem]}</h2>
 * Parameters in Twisted's positional order: {@code port, privateKey, certKey, sslmethod, interface,
 * backlog, extraCertChain, dhParameters}. {@code certKey} defaults to {@code privateKey} (one PEM
 * file holding the key and the certificate); {@code extraCertChain} is appended to the chain sent
 * to clients. The files are read while parsing, so a bad file fails here, naming the parameter.
 * Deviations from Twisted:
 * <ul>
 *   <li>{@code privateKey} is required: Twisted silently assumes {@code server.pem} in the current
 *       directory; here "ssl: missing privateKey" says what is wrong (the {@code twist} runner can
 *       supply a default key and certificate).</li>
 *   <li>{@code dhParameters} is accepted and ignored, with a logged note: JSSE uses ECDHE and the
 *       RFC 7919 finite-field groups, so forward secrecy needs no parameter file.</li>
 *   <li>{@code sslmethod}: {@code SSLv23_METHOD} and {@code TLS_METHOD} mean the default (TLS 1.3
 *       and 1.2), {@code TLSv1_2_METHOD} TLS 1.2 only; {@code SSLv2_METHOD}, {@code SSLv3_METHOD},
 *       {@code TLSv1_METHOD} and {@code TLSv1_1_METHOD} name protocols RFC 8996 / RFC 7568 deprecate
 *       and are refused.</li>
 * </ul>
 *
 * <h2>Client: {@code ssl:HOST:PORT} or {@code ssl:host=HOST:port=PORT}, plus {@code hostname}, {@code caCertsDir}, {@code certKey}, {@code privateKey}, {@code timeout}, {@code bindAddress}</h2>
 * Host and port bind as for {@code tcp}. {@code caCertsDir} is a directory whose {@code *.pem}
 * files are the trust roots (default: the JDK's trust store); {@code certKey} is a client
 * certificate, its key in {@code privateKey} or in the same file. Deviation: Twisted verifies the
 * server's name only when {@code hostname=} is given; here the certificate is always checked
 * against {@code hostname}, or {@code host} when it is absent (RFC 6125), as Twisted's {@code tls:}
 * type does. A {@code privateKey} without {@code certKey} (ignored by Twisted) is an error.
 */
public final class SslEndpointParsers {

    private static final System.Logger LOG = System.getLogger(SslEndpointParsers.class.getName());

    private SslEndpointParsers() {
    }

    private static final List<String> SERVER = List.of("port", "privateKey", "certKey", "sslmethod", "interface", "backlog",
            "extraCertChain", "dhParameters");

    /** The server-side {@code ssl} type. */
    public static final class Server implements ServerEndpointParser {
        @Override
        public String prefix() {
            return "ssl";
        }

        @Override
        public ServerEndpoint parseServer(Reactor reactor, List<String> args, Map<String, String> kwargs) {
            EndpointArguments a = EndpointArguments.bind(prefix(), args, kwargs, SERVER);
            int port = a.port("port");
            int backlog = a.integer("backlog", ReactorTcp.DEFAULT_BACKLOG, 1, 65535);
            String[] versions = protocolVersions(a.get("sslmethod", null));
            String keyFile = a.require("privateKey");
            String certFile = a.get("certKey", keyFile);
            PrivateCertificate cert = PemFiles.privateCertificate(prefix(), "privateKey", keyFile, a.has("certKey") ? "certKey" : "privateKey", certFile);
            if (a.has("extraCertChain")) {
                List<X509Certificate> chain = new ArrayList<>(cert.certificateChain());
                chain.addAll(PemFiles.certificates(prefix(), "extraCertChain", a.get("extraCertChain", "")));
                cert = new PrivateCertificate(cert.privateKey(), chain);
            }
            if (a.has("dhParameters")) {
                LOG.log(System.Logger.Level.INFO, "ssl: dhParameters '" + a.get("dhParameters", "")
                        + "' ignored: the JDK negotiates ECDHE or RFC 7919 groups without a parameter file");
            }
            ServerTlsOptions options = ServerTlsOptions.of(cert);
            if (versions.length > 0) {
                options = options.withProtocols(versions);
            }
            return new SSL4ServerEndpoint(reactor, port, options, backlog, a.get("interface", ""));
        }
    }

    /** The client-side {@code ssl} type. */
    public static final class Client implements ClientEndpointParser {
        @Override
        public String prefix() {
            return "ssl";
        }

        @Override
        public ClientEndpoint parseClient(Reactor reactor, List<String> args, Map<String, String> kwargs) {
            EndpointArguments a = TcpEndpointParsers.bindClient(prefix(), args, kwargs,
                    List.of("hostname", "certKey", "privateKey", "caCertsDir"));
            String host = a.require("host");
            int port = a.requireInteger("port", 1, 65535);
            double timeout = a.seconds("timeout", ReactorTcp.DEFAULT_CONNECT_TIMEOUT);
            String hostname = a.get("hostname", host);
            if (hostname.isEmpty()) {
                throw new IllegalArgumentException("ssl: hostname is empty");
            }
            ClientTlsOptions options = TlsOptions.forClient(hostname);
            if (a.has("caCertsDir")) {
                options = options.withTrustRoots(PemFiles.trustRoots(prefix(), "caCertsDir", a.get("caCertsDir", ""), false));
            }
            PrivateCertificate client = clientCertificate(prefix(), a, "certKey", "privateKey");
            if (client != null) {
                options = options.withClientCertificate(client);
            }
            return new SSL4ClientEndpoint(reactor, host, port, options, timeout, a.bindAddress("bindAddress"));
        }
    }

    /** A client certificate from {@code certParam} (with its key in {@code keyParam}, or in the same file), or null. */
    static PrivateCertificate clientCertificate(String type, EndpointArguments a, String certParam, String keyParam) {
        if (!a.has(certParam)) {
            if (a.has(keyParam)) {
                throw new IllegalArgumentException(type + ": " + keyParam + " given without " + certParam);
            }
            return null;
        }
        String certFile = a.get(certParam, "");
        return PemFiles.privateCertificate(type, a.has(keyParam) ? keyParam : certParam, a.get(keyParam, certFile), certParam, certFile);
    }

    /** The JSSE protocol names for an OpenSSL method name; empty for the default. */
    static String[] protocolVersions(String sslmethod) {
        if (sslmethod == null) {
            return new String[0];
        }
        switch (sslmethod) {
            case "SSLv23_METHOD":
            case "TLS_METHOD":
            case "TLS_SERVER_METHOD":
                return new String[0];
            case "TLSv1_2_METHOD":
                return new String[] {"TLSv1.2"};
            case "SSLv2_METHOD":
            case "SSLv3_METHOD":
            case "TLSv1_METHOD":
            case "TLSv1_1_METHOD":
                throw new IllegalArgumentException("ssl: sslmethod '" + sslmethod
                        + "' names a protocol version deprecated by RFC 7568/RFC 8996 and not offered"
                        + " (use SSLv23_METHOD for TLS 1.2 and 1.3, or TLSv1_2_METHOD)");
            default:
                throw new IllegalArgumentException("ssl: unknown sslmethod '" + sslmethod
                        + "' (known: SSLv23_METHOD, TLS_METHOD, TLSv1_2_METHOD)");
        }
    }
}
