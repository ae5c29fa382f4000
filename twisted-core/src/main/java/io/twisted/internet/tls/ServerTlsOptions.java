package io.twisted.internet.tls;

import java.net.SocketAddress;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/**
 * TLS server options, as Twisted's {@code CertificateOptions} for a server; made by
 * {@link TlsOptions#forServer(PrivateCertificate)} or {@link #fromPem(Path, Path)}.
 *
 * <ul>
 *   <li>The default certificate, plus per-name certificates chosen by the client's SNI host name
 *       ({@link #withSniCertificate}, RFC 6066 section 3). A client that sends no name, or a name
 *       without its own certificate, gets the default one.</li>
 *   <li>Client certificates ({@link #withClientAuth}): none (default), optional or required,
 *       verified against a CA bundle.</li>
 *   <li>ALPN ({@link #withAlpn}): the server's preference order wins; a client that offers only
 *       protocols the server does not speak is refused with a {@code no_application_protocol}
 *       alert, as RFC 7301 section 3.2 requires. A client that offers no ALPN is accepted.</li>
 *   <li>Versions: TLS 1.3 and 1.2 by default.</li>
 * </ul>
 *
 * Instances are immutable; each {@code with*} returns a new one. The {@link SSLContext} is built on
 * first use and shared by all engines of the instance (so sessions can resume).
 */
public final class ServerTlsOptions implements TlsOptions {

    private final PrivateCertificate certificate;
    private final Map<String, PrivateCertificate> sni;
    private final ClientAuth clientAuth;
    private final List<X509Certificate> clientCas;
    private final List<String> alpn;
    private final List<String> protocols;
    private volatile SSLContext context;

    private ServerTlsOptions(PrivateCertificate certificate, Map<String, PrivateCertificate> sni, ClientAuth clientAuth,
            List<X509Certificate> clientCas, List<String> alpn, List<String> protocols) {
        this.certificate = certificate;
        this.sni = sni;
        this.clientAuth = clientAuth;
        this.clientCas = clientCas;
        this.alpn = alpn;
        this.protocols = protocols;
    }

    /** A server presenting {@code certificate}. */
    public static ServerTlsOptions of(PrivateCertificate certificate) {
        return new ServerTlsOptions(Objects.requireNonNull(certificate, "certificate"), Map.of(), ClientAuth.NONE, null,
                List.of(), Contexts.DEFAULT_PROTOCOLS);
    }

    /** A server presenting the key and certificate chain of these PEM files (Twisted's {@code privateKey=}/{@code certKey=}). */
    public static ServerTlsOptions fromPem(Path privateKey, Path certificateChain) {
        return of(PrivateCertificate.fromPem(privateKey, certificateChain));
    }

    /**
     * Presents {@code cert} to clients whose SNI names {@code hostname} ({@code *.example.com}
     * matches one label). Names compare case-insensitively.
     */
    public ServerTlsOptions withSniCertificate(String hostname, PrivateCertificate cert) {
        Map<String, PrivateCertificate> m = new LinkedHashMap<>(sni);
        m.put(Objects.requireNonNull(hostname, "hostname"), Objects.requireNonNull(cert, "cert"));
        return new ServerTlsOptions(certificate, Map.copyOf(m), clientAuth, clientCas, alpn, protocols);
    }

    /**
     * Asks clients for a certificate that chains to one of {@code caCertificates}.
     *
     * @param mode {@link ClientAuth#OPTIONAL} or {@link ClientAuth#REQUIRED} ({@link ClientAuth#NONE} turns it off)
     */
    public ServerTlsOptions withClientAuth(ClientAuth mode, List<X509Certificate> caCertificates) {
        if (mode != ClientAuth.NONE && caCertificates.isEmpty()) {
            throw new IllegalArgumentException("client authentication needs at least one CA certificate");
        }
        return new ServerTlsOptions(certificate, sni, mode, mode == ClientAuth.NONE ? null : List.copyOf(caCertificates), alpn, protocols);
    }

    /** As {@link #withClientAuth(ClientAuth, List)} with the CA certificates of a PEM bundle. */
    public ServerTlsOptions withClientAuth(ClientAuth mode, Path caBundle) {
        return withClientAuth(mode, Pem.readCertificates(caBundle));
    }

    /** Speaks these ALPN protocols (RFC 7301), most preferred first. */
    public ServerTlsOptions withAlpn(String... protocols) {
        return new ServerTlsOptions(certificate, sni, clientAuth, clientCas, Contexts.alpn(protocols), this.protocols);
    }

    /** Restricts the protocol versions, e.g. {@code "TLSv1.3"}. */
    public ServerTlsOptions withProtocols(String... versions) {
        return new ServerTlsOptions(certificate, sni, clientAuth, clientCas, alpn, Contexts.protocols(versions));
    }

    /** The default certificate. */
    public PrivateCertificate certificate() {
        return certificate;
    }

    @Override
    public boolean isClient() {
        return false;
    }

    /** The context, built once. */
    public SSLContext sslContext() {
        SSLContext c = context;
        if (c == null) {
            synchronized (this) {
                c = context;
                if (c == null) {
                    c = Contexts.context(certificate, sni, clientAuth == ClientAuth.NONE ? null : Contexts.trustManagers(clientCas));
                    context = c;
                }
            }
        }
        return c;
    }

    @Override
    public SSLEngine createEngine(SocketAddress peer) {
        SSLEngine engine = sslContext().createSSLEngine();
        engine.setUseClientMode(false);
        SSLParameters p = engine.getSSLParameters();
        p.setProtocols(protocols.toArray(new String[0]));
        switch (clientAuth) {
            case REQUIRED:
                p.setNeedClientAuth(true);
                break;
            case OPTIONAL:
                p.setWantClientAuth(true);
                break;
            default:
                break;
        }
        if (!alpn.isEmpty()) {
            p.setApplicationProtocols(alpn.toArray(new String[0]));
        }
        engine.setSSLParameters(p);
        return engine;
    }

    @Override
    public String toString() {
        return "ServerTlsOptions[" + certificate + ", sni=" + sni.keySet() + ", clientAuth=" + clientAuth + ", alpn=" + alpn + ", " + protocols + "]";
    }
}
