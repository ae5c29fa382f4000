package io.twisted.cred.credentials;

/**
 * Credentials built by a challenge-response exchange (Twisted's
 * {@code twisted.mail.interfaces.IChallengeResponse}), as SASL mechanisms run them (RFC 4422
 * section 3): the server sends {@link #getChallenge()}, gives the client's answer to
 * {@link #setResponse}, and repeats while {@link #moreChallenges()}; then it logs in with these
 * credentials.
 *
 * <pre>{@code
 * ChallengeResponse creds = new CramMd5Credentials(CramMd5Credentials.generateChallenge(host, random, now));
 * send(base64(creds.getChallenge()));
 * // ... the client's line arrives
 * creds.setResponse(base64Decode(line));        // IllegalArgumentException: malformed, reply 501
 * if (!creds.moreChallenges()) portal.login(creds, null, Mailbox.class);
 * }</pre>
 *
 * <p>Instances hold the state of one exchange and are used on one thread.
 */
public interface ChallengeResponse extends Credentials {

    /** The next challenge to send to the client (raw bytes; the protocol encodes them). */
    byte[] getChallenge();

    /**
     * Records the client's answer to the last challenge.
     *
     * @throws IllegalArgumentException if the answer is malformed for this mechanism
     */
    void setResponse(byte[] response);

    /** Whether another challenge must be sent before the credentials can be checked. */
    boolean moreChallenges();
}
