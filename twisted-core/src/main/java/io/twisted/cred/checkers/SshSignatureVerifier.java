package io.twisted.cred.checkers;

import io.twisted.cred.credentials.SshPublicKey;

/**
 * Verifies the signature of an SSH "publickey" request (RFC 4252 section 7): that
 * {@link SshPublicKey#signature()} is a valid signature of {@link SshPublicKey#signedData()} by
 * the key in {@link SshPublicKey#blob()}, with the algorithm {@link SshPublicKey#algorithm()}.
 *
 * <p>The SSH module (conch) implements it, since decoding key blobs and signature formats (RFC
 * 4253 section 6.6, RFC 8332, RFC 8709) is SSH's business; cred only decides whether the key is
 * authorized. An implementation must also check that the algorithm name fits the key.
 */
@FunctionalInterface
public interface SshSignatureVerifier {

    /**
     * Whether the signature is valid. Called only for signed requests whose key is authorized.
     *
     * @throws Exception if the key or signature cannot be decoded (the login is refused)
     */
    boolean verify(SshPublicKey credentials) throws Exception;
}
