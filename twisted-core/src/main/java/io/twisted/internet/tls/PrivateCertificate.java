package io.twisted.internet.tls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * A private key with its certificate chain (leaf first), as Twisted's {@code PrivateCertificate}:
 * what a TLS server presents, or a client presents when asked for a client certificate.
 *
 * <p>Construction checks that the key belongs to the leaf certificate (a test signature), so a
 * mismatched key/certificate pair fails here with a clear message rather than during a handshake.
 */
public final class PrivateCertificate {

    private final PrivateKey privateKey;
    private final List<X509Certificate> chain;

    /**
     * @param privateKey the key of {@code chain.get(0)}
     * @param chain the leaf certificate followed by any intermediates; not empty
     * @throws PemException if the key does not match the leaf certificate
     */
    public PrivateCertificate(PrivateKey privateKey, List<X509Certificate> chain) {
        this.privateKey = Objects.requireNonNull(privateKey, "privateKey");
        this.chain = List.copyOf(chain);
        if (this.chain.isEmpty()) {
            throw new IllegalArgumentException("certificate chain is empty");
        }
        checkKeyMatches(privateKey, this.chain.get(0), "private key");
    }

    /** Loads a key file and a certificate(-chain) file, both PEM (see {@link Pem}). */
    public static PrivateCertificate fromPem(Path privateKeyPem, Path certificateChainPem) {
        PrivateKey key = Pem.readPrivateKey(privateKeyPem);
        List<X509Certificate> certs = Pem.readCertificates(certificateChainPem);
        try {
            return new PrivateCertificate(key, certs);
        } catch (PemException e) {
            throw new PemException(privateKeyPem + " does not match the certificate in " + certificateChainPem + ": " + e.getMessage(), e);
        }
    }

    /** Loads one PEM file holding both the key and the certificate chain (as Twisted's {@code ssl:} endpoint allows). */
    public static PrivateCertificate fromPem(Path combinedPem) {
        return fromPem(combinedPem, combinedPem);
    }

    /** Parses PEM text: {@code keyPem} holds the key, {@code certificatesPem} the chain. */
    public static PrivateCertificate fromPem(String keyPem, String certificatesPem) {
        return new PrivateCertificate(Pem.readPrivateKey(keyPem, "private key"), Pem.readCertificates(certificatesPem, "certificate chain"));
    }

    public PrivateKey privateKey() {
        return privateKey;
    }

    /** The chain, leaf first. */
    public List<X509Certificate> certificateChain() {
        return chain;
    }

    /** The leaf certificate. */
    public X509Certificate certificate() {
        return chain.get(0);
    }

    /** The key as a PKCS#8 PEM block. */
    public String privateKeyPem() {
        return Pem.encodePrivateKey(privateKey);
    }

    /** The chain as PEM blocks, leaf first. */
    public String certificatePem() {
        return Pem.encodeCertificates(chain);
    }

    /**
     * Writes the key and the chain as PEM files (for {@code --make-certificate}-style options).
     * Where the file system is POSIX, the key file is created readable by its owner only.
     * The two paths may be equal: the file then holds the key followed by the chain.
     */
    public void writePem(Path privateKeyFile, Path certificateFile) throws IOException {
        boolean same = privateKeyFile.toAbsolutePath().normalize().equals(certificateFile.toAbsolutePath().normalize());
        String keyText = same ? privateKeyPem() + certificatePem() : privateKeyPem();
        writePrivate(privateKeyFile, keyText);
        if (!same) {
            Files.writeString(certificateFile, certificatePem(), StandardCharsets.US_ASCII);
        }
    }

    private static void writePrivate(Path file, String text) throws IOException {
        Files.deleteIfExists(file);
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file);
        }
        Files.writeString(file, text, StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING);
    }

    @Override
    public String toString() {
        return "PrivateCertificate[" + certificate().getSubjectX500Principal() + ", " + privateKey.getAlgorithm() + " key, chain of " + chain.size() + "]";
    }

    /** Signs a fixed message with {@code key} and verifies it with the certificate's public key. */
    static void checkKeyMatches(PrivateKey key, X509Certificate cert, String what) {
        PublicKey pub = cert.getPublicKey();
        String alg = signatureAlgorithm(key.getAlgorithm());
        if (alg == null) {
            return; // unknown algorithm: let the handshake judge
        }
        if (!key.getAlgorithm().equals(pub.getAlgorithm())
                && !(key.getAlgorithm().startsWith("RSA") && pub.getAlgorithm().startsWith("RSA"))) {
            throw new PemException(what + " is a " + key.getAlgorithm() + " key but certificate " + cert.getSubjectX500Principal()
                    + " holds a " + pub.getAlgorithm() + " key");
        }
        byte[] message = "twisted key check".getBytes(StandardCharsets.US_ASCII);
        try {
            Signature signer = Signature.getInstance(alg);
            signer.initSign(key);
            signer.update(message);
            byte[] sig = signer.sign();
            Signature verifier = Signature.getInstance(alg);
            verifier.initVerify(pub);
            verifier.update(message);
            if (!verifier.verify(sig)) {
                throw new PemException(what + " does not belong to certificate " + cert.getSubjectX500Principal()
                        + " (a test signature did not verify with the certificate's public key)");
            }
        } catch (GeneralSecurityException e) {
            throw new PemException(what + " cannot be checked against certificate " + cert.getSubjectX500Principal() + ": " + e, e);
        }
    }

    private static String signatureAlgorithm(String keyAlgorithm) {
        switch (keyAlgorithm) {
            case "RSA":
                return "SHA256withRSA";
            case "EC":
                return "SHA256withECDSA";
            case "Ed25519":
            case "Ed448":
            case "EdDSA":
                return keyAlgorithm;
            default:
                return null;
        }
    }
}
