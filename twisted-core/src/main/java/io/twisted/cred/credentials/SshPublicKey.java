package io.twisted.cred.credentials;

import java.util.Objects;

/**
 * An SSH "publickey" authentication request (RFC 4252 section 7, Twisted's
 * {@code ISSHPrivateKey}): the user, the key algorithm, the public key blob, and, once the client
 * has signed, the signed data and the signature.
 *
 * <p>SSH asks in two steps: first without a signature ("would this key do?"), which
 * {@link io.twisted.cred.checkers.SshPublicKeyChecker} answers with
 * {@link io.twisted.cred.error.ValidPublicKey} if the key is authorized; then with a signature
 * over {@link #signedData()}, which the checker has verified before accepting. The SSH layer
 * (conch) builds the signed data (session identifier and request, RFC 4252 section 7) and supplies
 * the signature verification; this class only carries the bytes.
 *
 * <p>Arrays are copied in and out.
 */
public final class SshPublicKey implements Credentials {

    private final String username;
    private final String algorithm;
    private final byte[] blob;
    private final byte[] signedData;
    private final byte[] signature;

    /**
     * @param username the user name from the request
     * @param algorithm the public key algorithm name, such as {@code ssh-ed25519}
     * @param blob the public key blob in SSH wire format (RFC 4253 section 6.6)
     * @param signedData the data the signature covers, or {@code null} for a query
     * @param signature the signature blob, or {@code null} for a query
     */
    public SshPublicKey(String username, String algorithm, byte[] blob, byte[] signedData, byte[] signature) {
        this.username = Objects.requireNonNull(username, "username");
        this.algorithm = Objects.requireNonNull(algorithm, "algorithm");
        this.blob = Objects.requireNonNull(blob, "blob").clone();
        if ((signedData == null) != (signature == null)) {
            throw new IllegalArgumentException("signedData and signature are given together or not at all");
        }
        this.signedData = signedData == null ? null : signedData.clone();
        this.signature = signature == null ? null : signature.clone();
    }

    /** A query without signature: "would this key be accepted for this user?". */
    public static SshPublicKey query(String username, String algorithm, byte[] blob) {
        return new SshPublicKey(username, algorithm, blob, null, null);
    }

    /** The user name from the request. */
    public String username() {
        return username;
    }

    /** The public key algorithm name from the request, such as {@code ssh-ed25519}. */
    public String algorithm() {
        return algorithm;
    }

    /** A copy of the public key blob. */
    public byte[] blob() {
        return blob.clone();
    }

    /** Whether the request carries a signature. */
    public boolean hasSignature() {
        return signature != null;
    }

    /** A copy of the data the signature covers, or {@code null} for a query. */
    public byte[] signedData() {
        return signedData == null ? null : signedData.clone();
    }

    /** A copy of the signature blob, or {@code null} for a query. */
    public byte[] signature() {
        return signature == null ? null : signature.clone();
    }

    @Override
    public String toString() {
        return "SshPublicKey[username=" + username + ", algorithm=" + algorithm
                + (signature == null ? ", query" : ", signed") + "]";
    }
}
