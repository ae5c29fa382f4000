package io.twisted.internet.tls;

/**
 * Makes certificates for development and tests, as {@code twist --make-certificate} does:
 * a self-signed certificate for a host name, or a small private CA and certificates it issues
 * (for client-certificate and chain tests).
 *
 * <pre>{@code
 * PrivateCertificate cert = SelfSigned.create("localhost");   // SAN dns:localhost, ip:127.0.0.1, ip:::1
 * cert.writePem(Path.of("server.key"), Path.of("server.pem"));
 * var server = TlsOptions.forServer(cert);
 * var client = TlsOptions.forClient("localhost").withTrustRoots(cert.certificateChain());
 * }</pre>
 *
 * Keys are ECDSA P-256 (fast to make, accepted by every TLS 1.2/1.3 peer); certificates are valid
 * from one hour ago for 825 days and carry subjectAltName, serverAuth and clientAuth usages.
 *
 * <p><b>Needs Bouncy Castle</b> ({@code org.bouncycastle:bcpkix-jdk18on}) on the class path: it is
 * an optional dependency of twisted-core, loaded only when a method of this class runs, so the
 * rest of the TLS support (and of core) works on the JDK alone. Without it these methods throw
 * {@link IllegalStateException} saying which artifact to add. The JDK's own certificate builder
 * is internal ({@code sun.security.x509}) and {@code keytool} is a separate process that cannot
 * export a private key as PEM, hence Bouncy Castle. Bouncy Castle is used as a library only: no
 * security provider is installed.
 */
public final class SelfSigned {

    private SelfSigned() {
    }

    /**
     * A self-signed certificate for {@code hostname} (a DNS name or an IP literal). Its
     * subjectAltName names {@code hostname}; for {@code localhost} also 127.0.0.1 and ::1.
     */
    public static PrivateCertificate create(String hostname) {
        try {
            return BcCertificates.selfSigned(hostname);
        } catch (LinkageError e) {
            throw missingBouncyCastle(e);
        }
    }

    /** A self-signed certificate authority named {@code CN=commonName}, to issue certificates with {@link #issue}. */
    public static PrivateCertificate createAuthority(String commonName) {
        try {
            return BcCertificates.authority(commonName);
        } catch (LinkageError e) {
            throw missingBouncyCastle(e);
        }
    }

    /**
     * A certificate for {@code hostname} signed by {@code authority}; its chain is the new
     * certificate followed by the authority's chain. Usable as a server or a client certificate.
     */
    public static PrivateCertificate issue(PrivateCertificate authority, String hostname) {
        try {
            return BcCertificates.issue(authority, hostname);
        } catch (LinkageError e) {
            throw missingBouncyCastle(e);
        }
    }

    private static IllegalStateException missingBouncyCastle(LinkageError e) {
        return new IllegalStateException("SelfSigned needs Bouncy Castle: add org.bouncycastle:bcpkix-jdk18on"
                + " (and bcprov-jdk18on) to the class path (" + e + ")", e);
    }
}
