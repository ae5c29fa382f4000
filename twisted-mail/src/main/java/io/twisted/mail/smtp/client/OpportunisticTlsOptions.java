package io.twisted.mail.smtp.client;

import io.twisted.internet.tls.TlsOptions;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Client TLS settings for opportunistic STARTTLS ({@link SmtpClientOptions.TlsMode#OPPORTUNISTIC}):
 * encryption without authentication, as RFC 7435 (opportunistic security) describes and Postfix's
 * {@code smtp_tls_security_level = may} and Python's {@code smtplib.starttls()} without a context
 * do. Any certificate is accepted, self-signed, expired or naming another host: no chain and no
 * host name check, so a passive eavesdropper learns nothing, while an active attacker could still
 * intercept (which is why {@link SmtpClientProtocol} does not send a password with PLAIN or LOGIN
 * over such a connection, see {@link SmtpClientOptions}).
 *
 * <p>The server name is sent as SNI (RFC 6066) unless it is an IP literal; versions are TLS 1.3
 * and 1.2. The chain the server presented is checked against the JDK's default trust store only
 * to say in the log whether it would have verified; the result never fails the handshake.
 */
public final class OpportunisticTlsOptions implements TlsOptions {

    private static final System.Logger LOG = System.getLogger(OpportunisticTlsOptions.class.getName());
    private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private final String serverName;
    private volatile SSLContext context;

    private OpportunisticTlsOptions(String serverName) {
        this.serverName = serverName;
    }

    /** Options for the server called {@code serverName} (used for SNI and in the log only). */
    public static OpportunisticTlsOptions forHost(String serverName) {
        Objects.requireNonNull(serverName, "serverName");
        String h = serverName.startsWith("[") && serverName.endsWith("]")
                ? serverName.substring(1, serverName.length() - 1) : serverName;
        if (h.isEmpty()) {
            throw new IllegalArgumentException("serverName is empty");
        }
        return new OpportunisticTlsOptions(h);
    }

    /** The name sent as SNI. */
    public String serverName() {
        return serverName;
    }

    @Override
    public boolean isClient() {
        return true;
    }

    @Override
    public SSLEngine createEngine(SocketAddress peer) {
        int port = peer instanceof InetSocketAddress ? ((InetSocketAddress) peer).getPort() : -1;
        SSLEngine engine = context().createSSLEngine(serverName, port);
        engine.setUseClientMode(true);
        SSLParameters p = engine.getSSLParameters();
        // No endpoint identification: the host name is not checked (RFC 7435 section 3).
        p.setEndpointIdentificationAlgorithm(null);
        p.setProtocols(PROTOCOLS);
        if (!isIpLiteral(serverName)) {
            try {
                p.setServerNames(List.of(new SNIHostName(serverName)));
            } catch (IllegalArgumentException notAHostName) {
                // A name SNI cannot carry (for example with an underscore): send none.
            }
        }
        engine.setSSLParameters(p);
        return engine;
    }

    private SSLContext context() {
        SSLContext c = context;
        if (c == null) {
            synchronized (this) {
                c = context;
                if (c == null) {
                    try {
                        c = SSLContext.getInstance("TLS");
                        c.init(null, new TrustManager[] {new AcceptAll(serverName, defaultTrust())}, null);
                    } catch (GeneralSecurityException e) {
                        throw new IllegalStateException("cannot set up TLS: " + e, e);
                    }
                    context = c;
                }
            }
        }
        return c;
    }

    private static X509TrustManager defaultTrust() {
        try {
            TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            f.init((KeyStore) null);
            for (TrustManager t : f.getTrustManagers()) {
                if (t instanceof X509TrustManager x) {
                    return x;
                }
            }
        } catch (GeneralSecurityException e) {
            LOG.log(System.Logger.Level.DEBUG, "no default trust store to compare with: {0}", e.toString());
        }
        return null;
    }

    static boolean isIpLiteral(String host) {
        return host.indexOf(':') >= 0 || host.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    }

    @Override
    public String toString() {
        return "OpportunisticTlsOptions[" + serverName + ", no verification]";
    }

    /** Accepts every server chain; logs at DEBUG what it saw and whether the default trust store trusts it. */
    private static final class AcceptAll extends X509ExtendedTrustManager {
        private final String serverName;
        private final X509TrustManager reference;

        AcceptAll(String serverName, X509TrustManager reference) {
            this.serverName = serverName;
            this.reference = reference;
        }

        private void seen(X509Certificate[] chain, String authType) {
            if (!LOG.isLoggable(System.Logger.Level.DEBUG)) {
                return;
            }
            String trust;
            if (reference == null) {
                trust = "not compared with a trust store";
            } else {
                try {
                    reference.checkServerTrusted(chain, authType);
                    trust = "chain trusted by the default trust store (host name not checked)";
                } catch (CertificateException | RuntimeException e) {
                    trust = "chain not trusted (" + e.getMessage() + ")";
                }
            }
            X509Certificate leaf = chain == null || chain.length == 0 ? null : chain[0];
            LOG.log(System.Logger.Level.DEBUG, "opportunistic TLS with {0}: certificate subject \"{1}\", issuer \"{2}\","
                    + " valid until {3}; {4}; accepted without verification (RFC 7435)", serverName,
                    leaf == null ? "-" : leaf.getSubjectX500Principal().getName(),
                    leaf == null ? "-" : leaf.getIssuerX500Principal().getName(),
                    leaf == null ? "-" : leaf.getNotAfter().toInstant(), trust);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            seen(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
            seen(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            seen(chain, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("client side only");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            throw new CertificateException("client side only");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            throw new CertificateException("client side only");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
