package io.twisted.internet.tls;

import io.twisted.internet.Protocol;

/**
 * A transport whose receiving protocol can be replaced while the connection runs: what lets
 * {@link TlsLayer#startTls(io.twisted.internet.Transport, ProtocolLayering, TlsOptions)} slide a
 * TLS layer in between a connection and its protocol (STARTTLS), and what a protocol switch
 * (HTTP Upgrade, a PROXY-protocol header reader handing over) uses to hand the connection on.
 *
 * <p>Implemented by the TCP transport, by the in-memory test transports, and by {@link TlsLayer}
 * itself (so STARTTLS works inside TLS too). Contract:
 * <ul>
 *   <li>{@link #protocol()} is the protocol that receives {@code dataReceived} and
 *       {@code connectionLost} from this transport.</li>
 *   <li>After {@link #setProtocol(Protocol)}, every later {@code dataReceived},
 *       {@code unreadData} delivery and the final {@code connectionLost} go to the new protocol.
 *       The transport does NOT call {@code makeConnection} on it: whoever swaps does.</li>
 *   <li>Called on the reactor thread, possibly from inside the old protocol's
 *       {@code dataReceived}; the rest of that buffer is the caller's business (it hands the
 *       unprocessed tail back with {@code unreadData}).</li>
 * </ul>
 */
public interface ProtocolLayering {

    /** The protocol this transport currently delivers to. */
    Protocol protocol();

    /** Makes this transport deliver to {@code protocol} from now on. */
    void setProtocol(Protocol protocol);
}
