package io.twisted.internet.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * PEM loading. Keys and certificates come from {@code openssl} when it is installed (the files
 * real users have); without it from Bouncy Castle's PEM writer, except under {@code CI=true},
 * where a missing openssl fails.
 */
class PemTest {

    @TempDir
    Path dir;

    private static final Path OPENSSL = Path.of("/usr/bin/openssl");

    enum KeyFormat {
        RSA_PKCS1("RSA PRIVATE KEY", "RSA"),
        RSA_PKCS8("PRIVATE KEY", "RSA"),
        EC_SEC1("EC PRIVATE KEY", "EC"),
        EC_SEC1_WITH_PARAMETERS_BLOCK("EC PRIVATE KEY", "EC"),
        EC_PKCS8("PRIVATE KEY", "EC");

        final String label;
        final String algorithm;

        KeyFormat(String label, String algorithm) {
            this.label = label;
            this.algorithm = algorithm;
        }
    }

    private static boolean haveOpenssl() {
        if (Files.isExecutable(OPENSSL)) {
            return true;
        }
        if ("true".equals(System.getenv("CI"))) {
            throw new AssertionError("CI=true but " + OPENSSL + " is missing: install openssl");
        }
        return false;
    }

    private void openssl(String... args) throws IOException, InterruptedException {
        List<String> cmd = new java.util.ArrayList<>();
        cmd.add(OPENSSL.toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "openssl timed out");
        assertEquals(0, p.exitValue(), "openssl " + cmd + ": " + out);
    }

    /** Writes key.pem in {@code format} and cert.pem (self-signed, SAN localhost) for it. */
    private void makeKeyAndCertificate(KeyFormat format) throws Exception {
        if (haveOpenssl()) {
            switch (format) {
                case RSA_PKCS1:
                    openssl("genrsa", "-traditional", "-out", "key.pem", "2048");
                    break;
                case RSA_PKCS8:
                    openssl("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", "key.pem");
                    break;
                case EC_SEC1:
                    openssl("ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "key.pem");
                    break;
                case EC_SEC1_WITH_PARAMETERS_BLOCK:
                    openssl("ecparam", "-name", "secp384r1", "-genkey", "-out", "key.pem");
                    break;
                case EC_PKCS8:
                    openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "key.pem");
                    break;
                default:
                    throw new AssertionError(format);
            }
            openssl("req", "-new", "-x509", "-key", "key.pem", "-subj", "/CN=localhost", "-addext",
                    "subjectAltName=DNS:localhost", "-days", "2", "-out", "cert.pem");
        } else {
            bouncyCastleKeyAndCertificate(format);
        }
        String keyText = Files.readString(dir.resolve("key.pem"));
        assertTrue(keyText.contains("-----BEGIN " + format.label + "-----"), "the key really is " + format.label + ":\n" + keyText);
    }

    private void bouncyCastleKeyAndCertificate(KeyFormat format) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance(format.algorithm);
        if (format.algorithm.equals("EC")) {
            g.initialize(new ECGenParameterSpec(format == KeyFormat.EC_SEC1_WITH_PARAMETERS_BLOCK ? "secp384r1" : "secp256r1"));
        } else {
            g.initialize(2048);
        }
        KeyPair kp = g.generateKeyPair();
        String keyPem;
        if (format.label.equals("PRIVATE KEY")) {
            keyPem = Pem.encodePrivateKey(kp.getPrivate());
        } else if (format.algorithm.equals("RSA")) {
            StringWriter w = new StringWriter();
            try (JcaPEMWriter pw = new JcaPEMWriter(w)) {
                pw.writeObject(kp);                 // traditional: PKCS#1
            }
            keyPem = w.toString();
        } else {
            keyPem = sec1WithNamedCurve(kp.getPrivate().getEncoded(), format == KeyFormat.EC_SEC1_WITH_PARAMETERS_BLOCK);
        }
        Files.writeString(dir.resolve("key.pem"), keyPem);
        X500Name name = new X500Name("CN=localhost");
        var b = new JcaX509v3CertificateBuilder(name, BigInteger.TEN, Date.from(Instant.now().minusSeconds(3600)),
                Date.from(Instant.now().plusSeconds(86400)), name, kp.getPublic());
        b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName(GeneralName.dNSName, "localhost")));
        String sig = format.algorithm.equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
        X509Certificate cert = new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder(sig).build(kp.getPrivate())));
        Files.writeString(dir.resolve("cert.pem"), Pem.encodeCertificates(List.of(cert)));
    }

    /**
     * SEC1 as openssl writes it, from the JDK's PKCS#8: ECPrivateKey { version 1, privateKey,
     * [0] namedCurve } (RFC 5915 section 3), the curve OID taken from the PKCS#8 AlgorithmIdentifier.
     */
    private static String sec1WithNamedCurve(byte[] pkcs8, boolean parametersBlock) {
        Der.Reader info = new Der.Reader(pkcs8).read(Der.SEQUENCE, "PrivateKeyInfo").children();
        info.read(Der.INTEGER, "version");
        Der.Reader alg = info.read(Der.SEQUENCE, "AlgorithmIdentifier").children();
        alg.read(Der.OID, "id-ecPublicKey");
        byte[] curve = alg.read(Der.OID, "namedCurve").content();
        Der.Reader inner = new Der.Reader(info.read(Der.OCTET_STRING, "privateKey").content()).read(Der.SEQUENCE, "ECPrivateKey").children();
        inner.read(Der.INTEGER, "version");
        byte[] d = inner.read(Der.OCTET_STRING, "privateKey").content();
        byte[] sec1 = Der.tlv(Der.SEQUENCE, Der.tlv(Der.INTEGER, new byte[] {1}), Der.tlv(Der.OCTET_STRING, d),
                Der.tlv(Der.CONTEXT_0, Der.tlv(Der.OID, curve)));
        String params = "-----BEGIN EC PARAMETERS-----\n" + Base64.getEncoder().encodeToString(Der.tlv(Der.OID, curve))
                + "\n-----END EC PARAMETERS-----\n";
        return (parametersBlock ? params : "") + "-----BEGIN EC PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(sec1) + "\n-----END EC PRIVATE KEY-----\n";
    }

    @ParameterizedTest
    @EnumSource(KeyFormat.class)
    void loadsKeyAndServesTlsWithIt(KeyFormat format) throws Exception {
        makeKeyAndCertificate(format);
        PrivateCertificate pc = PrivateCertificate.fromPem(dir.resolve("key.pem"), dir.resolve("cert.pem"));
        assertEquals(format.algorithm, pc.privateKey().getAlgorithm());

        Recorder clientApp = new Recorder().greeting("over " + format);
        Recorder serverApp = new Recorder();
        Shuttle s = new Shuttle(
                new TlsLayer(clientApp, TlsOptions.forClient("localhost").withTrustRoots(dir.resolve("cert.pem"))),
                new TlsLayer(serverApp, ServerTlsOptions.fromPem(dir.resolve("key.pem"), dir.resolve("cert.pem")))).connect();
        s.pump();
        assertNull(clientApp.lost, () -> "" + clientApp.lost.value());
        assertEquals("over " + format, serverApp.text());
    }

    @Test
    void loadsEd25519Pkcs8() throws Exception {
        assumeTrue(haveOpenssl(), "Ed25519 keys come from openssl here");
        openssl("genpkey", "-algorithm", "ed25519", "-out", "key.pem");
        PrivateKey key = Pem.readPrivateKey(dir.resolve("key.pem"));
        assertEquals("EdDSA", key.getAlgorithm());
    }

    @Test
    void encryptedKeyIsRefusedWithAHint() throws Exception {
        Path key = dir.resolve("enc.pem");
        if (haveOpenssl()) {
            openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-aes256", "-pass", "pass:secret", "-out", "enc.pem");
        } else {
            Files.writeString(key, "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMAA=\n-----END ENCRYPTED PRIVATE KEY-----\n");
        }
        PemException e = assertThrows(PemException.class, () -> Pem.readPrivateKey(key));
        assertTrue(e.getMessage().contains(key.toString()) && e.getMessage().contains("encrypted"), e.getMessage());
    }

    @Test
    void legacyEncryptedHeadersAreRefused() {
        String pem = "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00\n\nMAA=\n-----END RSA PRIVATE KEY-----\n";
        PemException e = assertThrows(PemException.class, () -> Pem.readPrivateKey(pem, "legacy.pem"));
        assertTrue(e.getMessage().startsWith("legacy.pem: ") && e.getMessage().contains("encrypted"), e.getMessage());
    }

    @Test
    void notPemNamesTheFile() throws IOException {
        Path f = dir.resolve("garbage.pem");
        Files.writeString(f, "this is not a certificate\n");
        PemException e = assertThrows(PemException.class, () -> Pem.readCertificates(f));
        assertTrue(e.getMessage().startsWith(f.toString()) && e.getMessage().contains("not PEM"), e.getMessage());
        PemException k = assertThrows(PemException.class, () -> Pem.readPrivateKey(f));
        assertTrue(k.getMessage().contains("garbage.pem"), k.getMessage());
    }

    @Test
    void missingFileNamesTheFile() {
        Path f = dir.resolve("nope.pem");
        PemException e = assertThrows(PemException.class, () -> Pem.readPrivateKey(f));
        assertTrue(e.getMessage().contains("nope.pem") && e.getMessage().contains("cannot read"), e.getMessage());
    }

    @Test
    void keyGivenWhereCertificateExpected() {
        String keyPem = TestPki.LOCALHOST.privateKeyPem();
        PemException e = assertThrows(PemException.class, () -> Pem.readCertificates(keyPem, "server.pem"));
        assertTrue(e.getMessage().contains("server.pem") && e.getMessage().contains("CERTIFICATE"), e.getMessage());
        PemException k = assertThrows(PemException.class, () -> Pem.readPrivateKey(TestPki.LOCALHOST.certificatePem(), "key.pem"));
        assertTrue(k.getMessage().contains("no private key"), k.getMessage());
    }

    @Test
    void badBase64AndMissingEndLineAreReported() {
        PemException e = assertThrows(PemException.class,
                () -> Pem.readCertificates("-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----\n", "x.pem"));
        assertTrue(e.getMessage().contains("base64"), e.getMessage());
        PemException end = assertThrows(PemException.class, () -> Pem.readCertificates("-----BEGIN CERTIFICATE-----\nMAA=\n", "x.pem"));
        assertTrue(end.getMessage().contains("no matching"), end.getMessage());
        PemException der = assertThrows(PemException.class,
                () -> Pem.readCertificates("-----BEGIN CERTIFICATE-----\nMAA=\n-----END CERTIFICATE-----\n", "x.pem"));
        assertTrue(der.getMessage().contains("certificate #1"), der.getMessage());
    }

    @Test
    void truncatedPkcs1KeyIsReported() {
        String pem = "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n-----END RSA PRIVATE KEY-----\n";
        PemException e = assertThrows(PemException.class, () -> Pem.readPrivateKey(pem, "k.pem"));
        assertTrue(e.getMessage().contains("PKCS#1") && e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void sec1KeyWithoutCurveIsRefused() {
        // ECPrivateKey ::= SEQUENCE { version 1, privateKey OCTET STRING } (RFC 5915 section 3), no [0] parameters
        byte[] sec1 = Der.tlv(Der.SEQUENCE, Der.tlv(Der.INTEGER, new byte[] {1}), Der.tlv(Der.OCTET_STRING, new byte[32]));
        String pem = "-----BEGIN EC PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(sec1) + "\n-----END EC PRIVATE KEY-----\n";
        PemException e = assertThrows(PemException.class, () -> Pem.readPrivateKey(pem, "ec.pem"));
        assertTrue(e.getMessage().contains("curve"), e.getMessage());
    }

    @Test
    void keyThatDoesNotMatchTheCertificateIsRefused() throws IOException {
        Path key = dir.resolve("k.pem");
        Path cert = dir.resolve("c.pem");
        Files.writeString(key, TestPki.OTHER_HOST.privateKeyPem());
        Files.writeString(cert, TestPki.LOCALHOST.certificatePem());
        PemException e = assertThrows(PemException.class, () -> PrivateCertificate.fromPem(key, cert));
        assertTrue(e.getMessage().contains("k.pem") && e.getMessage().contains("c.pem") && e.getMessage().contains("does not belong"),
                e.getMessage());
    }

    @Test
    void writesAndReadsBackKeyAndChain() throws IOException {
        Path key = dir.resolve("server.key");
        Path cert = dir.resolve("server.pem");
        TestPki.LOCALHOST.writePem(key, cert);
        PrivateCertificate back = PrivateCertificate.fromPem(key, cert);
        assertEquals(TestPki.LOCALHOST.certificateChain(), back.certificateChain());
        assertEquals(2, back.certificateChain().size(), "leaf and CA");
        assertEquals(TestPki.LOCALHOST.privateKey(), back.privateKey());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));

        Path combined = dir.resolve("combined.pem");
        TestPki.LOCALHOST.writePem(combined, combined);
        assertEquals(TestPki.LOCALHOST.certificateChain(), PrivateCertificate.fromPem(combined).certificateChain());
    }

    @Test
    void writtenPemIsReadByOpenssl() throws Exception {
        assumeTrue(haveOpenssl());
        TestPki.LOCALHOST.writePem(dir.resolve("k.pem"), dir.resolve("c.pem"));
        openssl("pkey", "-in", "k.pem", "-noout");
        openssl("x509", "-in", "c.pem", "-noout", "-subject");
    }

    @Test
    void oidsPrintDotted() {
        assertEquals("1.2.840.10045.2.1", Pem.oidToString(Der.OID_EC));
        assertEquals("1.3.101.112", Pem.oidToString(Der.OID_ED25519));
    }

    @Test
    void readsOpensslTrustedCertificateFormat() throws Exception {
        assumeTrue(haveOpenssl());
        Files.writeString(dir.resolve("c.pem"), TestPki.CA.certificatePem());
        openssl("x509", "-in", "c.pem", "-addtrust", "serverAuth", "-trustout", "-out", "trusted.pem");
        assertTrue(Files.readString(dir.resolve("trusted.pem")).contains("BEGIN TRUSTED CERTIFICATE"));
        assertEquals(TestPki.CA.certificateChain(), Pem.readCertificates(dir.resolve("trusted.pem")));
    }

    @Test
    void commentsAndOtherBlocksAroundCertificatesAreSkipped() {
        String pem = "subject=CN = localhost\n" + TestPki.LOCALHOST.privateKeyPem() + "# a comment\n"
                + TestPki.LOCALHOST.certificatePem() + "trailing text\n";
        assertEquals(TestPki.LOCALHOST.certificateChain(), Pem.readCertificates(pem, "bundle.pem"));
        assertEquals(TestPki.LOCALHOST.privateKey(), Pem.readPrivateKey(pem, "bundle.pem"));
    }
}
