package io.twisted.internet.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * Reads and writes PEM (RFC 7468) certificates and private keys with the JDK alone.
 *
 * <p>Certificates: {@code CERTIFICATE} blocks (RFC 7468 section 5), any number, in order.
 * Private keys, the first key block found:
 * <ul>
 *   <li>{@code PRIVATE KEY}: PKCS#8 (RFC 5208, RFC 7468 section 10) — RSA, RSASSA-PSS, EC,
 *       Ed25519, Ed448, DSA;</li>
 *   <li>{@code RSA PRIVATE KEY}: PKCS#1 (RFC 8017 appendix A.1.2), as {@code openssl genrsa -traditional}
 *       writes; wrapped into PKCS#8 here;</li>
 *   <li>{@code EC PRIVATE KEY}: SEC1 (RFC 5915), as {@code openssl ecparam -genkey} writes; wrapped
 *       into PKCS#8 with the named curve from its parameters (a key without named-curve parameters
 *       is refused).</li>
 * </ul>
 * Encrypted keys ({@code ENCRYPTED PRIVATE KEY}, or legacy {@code Proc-Type: 4,ENCRYPTED} headers)
 * are refused with a message saying how to decrypt them. Other blocks ({@code EC PARAMETERS},
 * comments before, between and after blocks) are skipped. Keys are written as PKCS#8
 * {@code PRIVATE KEY}, certificates as {@code CERTIFICATE}, lines of 64 characters.
 *
 * <p>Errors are {@link PemException}s naming the source and the problem.
 */
public final class Pem {

    /** Largest PEM file read from disk: 1 MiB is far more than any key or chain. */
    public static final long MAX_FILE_SIZE = 1 << 20;

    private static final String BEGIN = "-----BEGIN ";
    private static final String END = "-----END ";
    private static final String DASHES = "-----";

    /** One decoded PEM block. */
    record Block(String label, byte[] der, boolean hasEncryptionHeaders) {
    }

    private Pem() {
    }

    // ------------------------------------------------------------------ certificates

    /** The certificates in the PEM file {@code path}, in order; at least one. */
    public static List<X509Certificate> readCertificates(Path path) {
        return readCertificates(readFile(path), path.toString());
    }

    /**
     * The certificates in {@code pem}, in order; at least one.
     *
     * @param source names the input in error messages (a file name, "server certificate", ...)
     */
    public static List<X509Certificate> readCertificates(String pem, String source) {
        List<X509Certificate> out = new ArrayList<>();
        CertificateFactory cf = certificateFactory();
        int index = 0;
        for (Block b : blocks(pem, source)) {
            if (!b.label().equals("CERTIFICATE") && !b.label().equals("X509 CERTIFICATE")
                    && !b.label().equals("TRUSTED CERTIFICATE")) {
                continue;
            }
            index++;
            try {
                // one certificate per block; OpenSSL's TRUSTED CERTIFICATE appends trust settings after it
                out.add((X509Certificate) cf.generateCertificate(new ByteArrayInputStream(b.der())));
            } catch (CertificateException | RuntimeException e) {
                throw new PemException(source + ": certificate #" + index + " is not a valid X.509 certificate: " + e.getMessage(), e);
            }
        }
        if (out.isEmpty()) {
            throw new PemException(source + ": no \"-----BEGIN CERTIFICATE-----\" block found");
        }
        return List.copyOf(out);
    }

    /** PEM text for {@code certificates}, one {@code CERTIFICATE} block each, in order. */
    public static String encodeCertificates(List<X509Certificate> certificates) {
        StringBuilder sb = new StringBuilder();
        for (X509Certificate c : certificates) {
            try {
                appendBlock(sb, "CERTIFICATE", c.getEncoded());
            } catch (CertificateEncodingException e) {
                throw new IllegalArgumentException("cannot encode certificate " + c.getSubjectX500Principal(), e);
            }
        }
        return sb.toString();
    }

    // ------------------------------------------------------------------ private keys

    /** The private key in the PEM file {@code path}. */
    public static PrivateKey readPrivateKey(Path path) {
        return readPrivateKey(readFile(path), path.toString());
    }

    /**
     * The first private key in {@code pem} (PKCS#8, PKCS#1 RSA or SEC1 EC).
     *
     * @param source names the input in error messages
     */
    public static PrivateKey readPrivateKey(String pem, String source) {
        for (Block b : blocks(pem, source)) {
            switch (b.label()) {
                case "PRIVATE KEY":
                    return pkcs8(b.der(), source, "PRIVATE KEY");
                case "RSA PRIVATE KEY":
                    refuseEncrypted(b, source);
                    return pkcs8(rsaPkcs1ToPkcs8(b.der(), source), source, "RSA PRIVATE KEY (PKCS#1)");
                case "EC PRIVATE KEY":
                    refuseEncrypted(b, source);
                    return pkcs8(sec1ToPkcs8(b.der(), source), source, "EC PRIVATE KEY (SEC1)");
                case "ENCRYPTED PRIVATE KEY":
                    throw new PemException(source + ": the private key is encrypted (ENCRYPTED PRIVATE KEY), which is not supported;"
                            + " decrypt it first, e.g. openssl pkey -in KEY -out KEY.plain");
                case "OPENSSH PRIVATE KEY":
                    throw new PemException(source + ": an OpenSSH private key is not a TLS key; convert it with"
                            + " ssh-keygen -p -m PKCS8 or use a PEM PKCS#8 key");
                default:
                    // EC PARAMETERS, certificates bundled in the same file: skip
            }
        }
        throw new PemException(source + ": no private key found (expected a \"-----BEGIN PRIVATE KEY-----\","
                + " \"RSA PRIVATE KEY\" or \"EC PRIVATE KEY\" block)");
    }

    /** PEM text for {@code key} as an unencrypted PKCS#8 {@code PRIVATE KEY} block. */
    public static String encodePrivateKey(PrivateKey key) {
        if (!"PKCS#8".equalsIgnoreCase(key.getFormat()) || key.getEncoded() == null) {
            throw new IllegalArgumentException("key " + key.getAlgorithm() + " has no PKCS#8 encoding (format " + key.getFormat() + ")");
        }
        StringBuilder sb = new StringBuilder();
        appendBlock(sb, "PRIVATE KEY", key.getEncoded());
        return sb.toString();
    }

    // ------------------------------------------------------------------ PEM framing

    /** Decodes every PEM block of {@code text}; text outside blocks is ignored. */
    static List<Block> blocks(String text, String source) {
        List<Block> out = new ArrayList<>();
        int pos = 0;
        while (true) {
            int begin = text.indexOf(BEGIN, pos);
            if (begin < 0) {
                break;
            }
            int labelEnd = text.indexOf(DASHES, begin + BEGIN.length());
            int lineEnd = text.indexOf('\n', begin);
            if (labelEnd < 0 || (lineEnd >= 0 && labelEnd > lineEnd)) {
                throw new PemException(source + ": malformed PEM header line at offset " + begin);
            }
            String label = text.substring(begin + BEGIN.length(), labelEnd);
            String endLine = END + label + DASHES;
            int end = text.indexOf(endLine, labelEnd);
            if (end < 0) {
                throw new PemException(source + ": \"-----BEGIN " + label + "-----\" has no matching \"" + endLine + "\"");
            }
            String body = text.substring(labelEnd + DASHES.length(), end);
            boolean encryptedHeaders = false;
            StringBuilder b64 = new StringBuilder(body.length());
            for (String line : body.split("\r?\n|\r")) {
                String l = line.strip();
                if (l.isEmpty()) {
                    continue;
                }
                if (l.indexOf(':') >= 0) {
                    // RFC 1421 encapsulated headers (legacy OpenSSL encryption): Proc-Type, DEK-Info
                    if (l.startsWith("Proc-Type:") && l.contains("ENCRYPTED")) {
                        encryptedHeaders = true;
                    }
                    continue;
                }
                b64.append(l);
            }
            byte[] der;
            try {
                der = Base64.getDecoder().decode(b64.toString());
            } catch (IllegalArgumentException e) {
                throw new PemException(source + ": the " + label + " block is not valid base64: " + e.getMessage(), e);
            }
            out.add(new Block(label, der, encryptedHeaders));
            pos = end + endLine.length();
        }
        if (out.isEmpty()) {
            throw new PemException(source + ": not PEM (no \"-----BEGIN ...-----\" line found)");
        }
        return out;
    }

    private static void appendBlock(StringBuilder sb, String label, byte[] der) {
        sb.append(BEGIN).append(label).append(DASHES).append('\n');
        String b64 = Base64.getEncoder().encodeToString(der);
        for (int i = 0; i < b64.length(); i += 64) {
            sb.append(b64, i, Math.min(b64.length(), i + 64)).append('\n');
        }
        sb.append(END).append(label).append(DASHES).append('\n');
    }

    private static String readFile(Path path) {
        try {
            long size = Files.size(path);
            if (size > MAX_FILE_SIZE) {
                throw new PemException(path + ": " + size + " bytes is too large for a PEM file (limit " + MAX_FILE_SIZE + ")");
            }
            return new String(Files.readAllBytes(path), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new PemException(path + ": cannot read: " + e, e);
        }
    }

    private static void refuseEncrypted(Block b, String source) {
        if (b.hasEncryptionHeaders()) {
            throw new PemException(source + ": the " + b.label() + " is encrypted (Proc-Type: 4,ENCRYPTED), which is not supported;"
                    + " decrypt it first, e.g. openssl pkey -in KEY -out KEY.plain");
        }
    }

    private static CertificateFactory certificateFactory() {
        try {
            return CertificateFactory.getInstance("X.509");
        } catch (CertificateException e) {
            throw new IllegalStateException("the JDK has no X.509 CertificateFactory", e);
        }
    }

    // ------------------------------------------------------------------ key formats

    /** Decodes a PKCS#8 PrivateKeyInfo, choosing the KeyFactory from its algorithm OID. */
    private static PrivateKey pkcs8(byte[] der, String source, String what) {
        String algorithm;
        try {
            Der.Reader info = new Der.Reader(der).read(Der.SEQUENCE, "PrivateKeyInfo").children();
            info.read(Der.INTEGER, "version");
            Der.Reader algId = info.read(Der.SEQUENCE, "AlgorithmIdentifier").children();
            byte[] oid = algId.read(Der.OID, "algorithm OID").content();
            algorithm = algorithmName(oid);
            if (algorithm == null) {
                throw new PemException(source + ": " + what + " uses an unsupported key algorithm (OID " + oidToString(oid) + ")");
            }
        } catch (IllegalArgumentException e) {
            if (e instanceof PemException) {
                throw e;
            }
            throw new PemException(source + ": " + what + " is not a valid PKCS#8 structure: " + e.getMessage(), e);
        }
        try {
            return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new PemException(source + ": " + what + " is not a valid " + algorithm + " private key: " + e.getMessage(), e);
        } finally {
            Arrays.fill(der, (byte) 0);
        }
    }

    private static String algorithmName(byte[] oid) {
        if (Arrays.equals(oid, Der.OID_RSA)) {
            return "RSA";
        } else if (Arrays.equals(oid, Der.OID_RSASSA_PSS)) {
            return "RSASSA-PSS";
        } else if (Arrays.equals(oid, Der.OID_EC)) {
            return "EC";
        } else if (Arrays.equals(oid, Der.OID_ED25519)) {
            return "Ed25519";
        } else if (Arrays.equals(oid, Der.OID_ED448)) {
            return "Ed448";
        } else if (Arrays.equals(oid, Der.OID_DSA)) {
            return "DSA";
        }
        return null;
    }

    /**
     * PKCS#1 RSAPrivateKey to PKCS#8: {@code SEQUENCE { INTEGER 0, SEQUENCE { rsaEncryption, NULL },
     * OCTET STRING { RSAPrivateKey } }} (RFC 5208 section 5, RFC 8017 appendix A.1).
     */
    static byte[] rsaPkcs1ToPkcs8(byte[] pkcs1, String source) {
        try {
            Der.Reader r = new Der.Reader(pkcs1).read(Der.SEQUENCE, "RSAPrivateKey").children();
            r.read(Der.INTEGER, "version");
            r.read(Der.INTEGER, "modulus");
        } catch (IllegalArgumentException e) {
            throw new PemException(source + ": RSA PRIVATE KEY is not a valid PKCS#1 RSAPrivateKey: " + e.getMessage(), e);
        }
        byte[] algId = Der.tlv(Der.SEQUENCE, Der.tlv(Der.OID, Der.OID_RSA), Der.tlv(Der.NULL));
        return Der.tlv(Der.SEQUENCE, Der.tlv(Der.INTEGER, new byte[] {0}), algId, Der.tlv(Der.OCTET_STRING, pkcs1));
    }

    /**
     * SEC1 ECPrivateKey (RFC 5915 section 3) to PKCS#8: the curve OID moves from the key's
     * {@code [0] parameters} into the AlgorithmIdentifier (RFC 5480 section 2.1.1); the SEC1
     * structure itself becomes the OCTET STRING.
     */
    static byte[] sec1ToPkcs8(byte[] sec1, String source) {
        byte[] curveOid = null;
        try {
            Der.Reader r = new Der.Reader(sec1).read(Der.SEQUENCE, "ECPrivateKey").children();
            r.read(Der.INTEGER, "version");
            r.read(Der.OCTET_STRING, "privateKey");
            while (r.hasMore()) {
                Der.Tlv t = r.read();
                if (t.tag() == Der.CONTEXT_0) {
                    Der.Reader params = t.children();
                    if (params.peekTag() != Der.OID) {
                        throw new PemException(source + ": EC PRIVATE KEY has explicit curve parameters; only named curves are supported"
                                + " (openssl ec -param_enc named_curve)");
                    }
                    curveOid = params.read().content();
                }
            }
        } catch (IllegalArgumentException e) {
            if (e instanceof PemException) {
                throw e;
            }
            throw new PemException(source + ": EC PRIVATE KEY is not a valid SEC1 ECPrivateKey: " + e.getMessage(), e);
        }
        if (curveOid == null) {
            throw new PemException(source + ": EC PRIVATE KEY does not name its curve (no [0] parameters); cannot tell which curve it is on");
        }
        byte[] algId = Der.tlv(Der.SEQUENCE, Der.tlv(Der.OID, Der.OID_EC), Der.tlv(Der.OID, curveOid));
        return Der.tlv(Der.SEQUENCE, Der.tlv(Der.INTEGER, new byte[] {0}), algId, Der.tlv(Der.OCTET_STRING, sec1));
    }

    static String oidToString(byte[] oid) {
        if (oid.length == 0) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        int first = oid[0] & 0xff;
        sb.append(Math.min(first / 40, 2)).append('.').append(first - 40 * Math.min(first / 40, 2));
        long v = 0;
        for (int i = 1; i < oid.length; i++) {
            v = (v << 7) | (oid[i] & 0x7f);
            if ((oid[i] & 0x80) == 0) {
                sb.append('.').append(v);
                v = 0;
            }
        }
        return sb.toString();
    }
}
