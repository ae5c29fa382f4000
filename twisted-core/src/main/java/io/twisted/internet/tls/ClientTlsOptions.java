package io.twisted.internet.tls;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/**
 * TLS client options, as Twisted's {@code optionsForClientTLS(hostname)}; made by
 * {@link TlsOptions#forClient(String)}.
 *
 * <ul>
 *   <li>Hostname verification is always on: the JDK's "HTTPS" endpoint identification (RFC 2818
 *       section 3.1, RFC 6125) checks the server certificate's subjectAltName against the host
 *       name (or IP address) given here.</li>
 *   <li>SNI (RFC 6066 section 3) carries the host name, except for IP literals, which SNI does not
 *       allow.</li>
 *   <li>Trust roots: the JDK's default trust store, or exactly the given certificates.</li>
 *   <li>Versions: TLS 1.3 and 1.2.</li>
 * </ul>
 *
 * Instances are immutable; each {@code with*} method returns a new one. The {@link SSLContext} is
 * built on first use and shared by every engine of the instance (so sessions can resume).
 */
public final class ClientTlsOptions implements TlsOptions {

    private final String hostname;
    private final List<X509Certificate> trustRoots;
    private final PrivateCertificate clientCertificate;
    private final List<String> alpn;
    private final List<String> protocols;
    private volatile SSLContext context;

    private ClientTlsOptions(String hostname, List<X509Certificate> trustRoots, PrivateCertificate clientCertificate,
            List<String> alpn, List<String> protocols) {
        this.hostname = hostname;
        this.trustRoots = trustRoots;
        this.clientCertificate = clientCertificate;
        this.alpn = alpn;
        this.protocols = protocols;
    }

    static ClientTlsOptions forHost(String hostname) {
        Objects.requireNonNull(hostname, "hostname");
        String h = hostname.startsWith("[") && hostname.endsWith("]") ? hostname.substring(1, hostname.length() - 1) : hostname;
        if (h.isEmpty()) {
            throw new IllegalArgumentException("hostname is empty");
        }
        return new ClientTlsOptions(h, null, null, List.of(), Contexts.DEFAULT_PROTOCOLS);
    }

    /** Trusts exactly {@code roots} (instead of the JDK's default trust store). */
    public ClientTlsOptions withTrustRoots(List<X509Certificate> roots) {
        if (roots.isEmpty()) {
            throw new IllegalArgumentException("no trust roots given");
        }
        return new ClientTlsOptions(hostname, List.copyOf(roots), clientCertificate, alpn, protocols);
    }

    /** Trusts exactly the certificates of the PEM bundle {@code caBundle}. */
    public ClientTlsOptions withTrustRoots(Path caBundle) {
        return withTrustRoots(Pem.readCertificates(caBundle));
    }

    /** Presents {@code certificate} when the server asks for a client certificate. */
    public ClientTlsOptions withClientCertificate(PrivateCertificate certificate) {
        return new ClientTlsOptions(hostname, trustRoots, Objects.requireNonNull(certificate), alpn, protocols);
    }

    /** Offers these ALPN protocols (RFC 7301), most preferred first, e.g. {@code "h2", "http/1.1"}. */
    public ClientTlsOptions withAlpn(String... protocols) {
        return new ClientTlsOptions(hostname, trustRoots, clientCertificate, Contexts.alpn(protocols), this.protocols);
    }

    /** Restricts the protocol versions, e.g. {@code "TLSv1.3"}. */
    public ClientTlsOptions withProtocols(String... versions) {
        return new ClientTlsOptions(hostname, trustRoots, clientCertificate, alpn, Contexts.protocols(versions));
    }

    /** The host name the server certificate must name, also sent as SNI. */
    public String hostname() {
        return hostname;
    }

    /** The ALPN protocols offered. */
    public List<String> alpnProtocols() {
        return alpn;
    }

    @Override
    public boolean isClient() {
        return true;
    }

    /** The context, built once. */
    public SSLContext sslContext() {
        SSLContext c = context;
        if (c == null) {
            synchronized (this) {
                c = context;
                if (c == null) {
                    c = Contexts.context(clientCertificate, Map.of(), Contexts.trustManagers(trustRoots));
                    context = c;
                }
            }
        }
        return c;
    }

    @Override
    public SSLEngine createEngine(SocketAddress peer) {
        int port = peer instanceof InetSocketAddress ? ((InetSocketAddress) peer).getPort() : -1;
        SSLEngine engine = sslContext().createSSLEngine(hostname, port);
        engine.setUseClientMode(true);
        SSLParameters p = engine.getSSLParameters();
        p.setEndpointIdentificationAlgorithm("HTTPS");
        p.setProtocols(protocols.toArray(new String[0]));
        if (!isIpLiteral(hostname)) {
            p.setServerNames(List.of(new SNIHostName(hostname)));
        }
        if (!alpn.isEmpty()) {
            p.setApplicationProtocols(alpn.toArray(new String[0]));
        }
        engine.setSSLParameters(p);
        return engine;
    }

    static boolean isIpLiteral(String host) {
        if (host.indexOf(':') >= 0) {
            return true; // IPv6
        }
        return host.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    }

    @Override
    public String toString() {
        return "ClientTlsOptions[" + hostname + (trustRoots == null ? ", default trust" : ", " + trustRoots.size() + " trust roots")
                + (clientCertificate == null ? "" : ", client certificate") + ", alpn=" + alpn + ", " + protocols + "]";
    }
}
