package io.twisted.internet.tls;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/** Builds JSSE contexts from in-memory keys and trust roots. */
final class Contexts {

    /** TLS 1.3 and 1.2, newest first: nothing older by default (RFC 8996 deprecates 1.0 and 1.1). */
    static final List<String> DEFAULT_PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    private Contexts() {
    }

    /** Trust managers for {@code roots}, or the JDK's default trust store when {@code roots} is null. */
    static TrustManager[] trustManagers(List<X509Certificate> roots) {
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            if (roots == null) {
                tmf.init((KeyStore) null);
            } else {
                KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
                ks.load(null, null);
                int i = 0;
                for (X509Certificate c : roots) {
                    ks.setCertificateEntry("root-" + (i++), c);
                }
                tmf.init(ks);
            }
            return tmf.getTrustManagers();
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("cannot build a trust manager: " + e, e);
        }
    }

    static SSLContext context(PrivateCertificate defaultCertificate, Map<String, PrivateCertificate> byName, TrustManager[] trust) {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            KeyManager[] km = defaultCertificate == null && byName.isEmpty()
                    ? null : new KeyManager[] {new NamedKeyManager(defaultCertificate, byName)};
            ctx.init(km, trust, null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot initialise a TLS context: " + e, e);
        }
    }

    /** Checks protocol names and copies them. */
    static List<String> protocols(String... protocols) {
        if (protocols.length == 0) {
            throw new IllegalArgumentException("at least one protocol version is needed");
        }
        for (String p : protocols) {
            if (!p.startsWith("TLSv1")) {
                throw new IllegalArgumentException("unknown TLS protocol version \"" + p + "\" (expected TLSv1.3 or TLSv1.2)");
            }
        }
        return List.of(protocols);
    }

    /** Checks ALPN protocol names (RFC 7301 section 3.1: 1 to 255 bytes) and copies them. */
    static List<String> alpn(String... protocols) {
        for (String p : protocols) {
            int n = p.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
            if (n == 0 || n > 255) {
                throw new IllegalArgumentException("ALPN protocol name must be 1 to 255 bytes: \"" + p + "\"");
            }
        }
        return List.of(protocols);
    }
}
