package io.twisted.internet.tls;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;

/**
 * The Bouncy Castle half of {@link SelfSigned}: the only class of core that links against Bouncy
 * Castle, loaded only when {@link SelfSigned} is used.
 */
final class BcCertificates {

    private static final Duration BACKDATE = Duration.ofHours(1);
    /** 825 days: the longest validity Apple platforms accept for TLS server certificates. */
    private static final Duration VALIDITY = Duration.ofDays(825);

    private BcCertificates() {
    }

    static PrivateCertificate selfSigned(String hostname) {
        KeyPair kp = newKeyPair();
        X500Name name = cn(hostname);
        try {
            X509v3CertificateBuilder b = builder(name, name, kp);
            leafExtensions(b, hostname);
            return new PrivateCertificate(kp.getPrivate(), List.of(sign(b, kp)));
        } catch (GeneralSecurityException | java.io.IOException | OperatorCreationException e) {
            throw new IllegalStateException("cannot create a certificate for " + hostname + ": " + e, e);
        }
    }

    static PrivateCertificate authority(String commonName) {
        KeyPair kp = newKeyPair();
        X500Name name = cn(commonName);
        try {
            X509v3CertificateBuilder b = builder(name, name, kp);
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature));
            b.addExtension(Extension.subjectKeyIdentifier, false, new JcaX509ExtensionUtils().createSubjectKeyIdentifier(kp.getPublic()));
            return new PrivateCertificate(kp.getPrivate(), List.of(sign(b, kp)));
        } catch (GeneralSecurityException | java.io.IOException | OperatorCreationException e) {
            throw new IllegalStateException("cannot create a certificate authority " + commonName + ": " + e, e);
        }
    }

    static PrivateCertificate issue(PrivateCertificate authority, String hostname) {
        KeyPair kp = newKeyPair();
        X509Certificate ca = authority.certificate();
        try {
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(ca, serial(), Date.from(Instant.now().minus(BACKDATE)),
                    Date.from(Instant.now().plus(VALIDITY)), cn(hostname), kp.getPublic());
            leafExtensions(b, hostname);
            b.addExtension(Extension.authorityKeyIdentifier, false, new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(ca));
            X509Certificate cert = new JcaX509CertificateConverter().getCertificate(
                    b.build(new org.bouncycastle.operator.jcajce.JcaContentSignerBuilder(signatureAlgorithm(authority))
                            .build(authority.privateKey())));
            List<X509Certificate> chain = new ArrayList<>();
            chain.add(cert);
            chain.addAll(authority.certificateChain());
            return new PrivateCertificate(kp.getPrivate(), chain);
        } catch (GeneralSecurityException | java.io.IOException | OperatorCreationException e) {
            throw new IllegalStateException("cannot issue a certificate for " + hostname + ": " + e, e);
        }
    }

    private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair kp) {
        return new JcaX509v3CertificateBuilder(issuer, serial(), Date.from(Instant.now().minus(BACKDATE)),
                Date.from(Instant.now().plus(VALIDITY)), subject, kp.getPublic());
    }

    private static void leafExtensions(X509v3CertificateBuilder b, String hostname) throws java.io.IOException, GeneralSecurityException {
        List<GeneralName> names = new ArrayList<>();
        names.add(ClientTlsOptions.isIpLiteral(hostname)
                ? new GeneralName(GeneralName.iPAddress, hostname) : new GeneralName(GeneralName.dNSName, hostname));
        if (hostname.equalsIgnoreCase("localhost")) {
            names.add(new GeneralName(GeneralName.iPAddress, "127.0.0.1"));
            names.add(new GeneralName(GeneralName.iPAddress, "::1"));
        }
        b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names.toArray(new GeneralName[0])));
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement));
        b.addExtension(Extension.extendedKeyUsage, false,
                new ExtendedKeyUsage(new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
    }

    private static X509Certificate sign(X509v3CertificateBuilder b, KeyPair kp) throws GeneralSecurityException, OperatorCreationException {
        return new JcaX509CertificateConverter().getCertificate(
                b.build(new org.bouncycastle.operator.jcajce.JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate())));
    }

    private static String signatureAlgorithm(PrivateCertificate signer) {
        String alg = signer.privateKey().getAlgorithm();
        return alg.equals("RSA") ? "SHA256withRSA" : alg.equals("EC") ? "SHA256withECDSA" : alg;
    }

    private static X500Name cn(String commonName) {
        return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build();
    }

    private static BigInteger serial() {
        return new BigInteger(63, new SecureRandom()).add(BigInteger.ONE);
    }

    private static KeyPair newKeyPair() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot make P-256 keys: " + e, e);
        }
    }
}
