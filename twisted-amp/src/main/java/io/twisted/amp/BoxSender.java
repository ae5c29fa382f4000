package io.twisted.amp;

import io.twisted.amp.wire.AmpBox;
import io.twisted.internet.Transport;

/** Where boxes go: the connection (Twisted's {@code IBoxSender}). */
public interface BoxSender {

    /**
     * Writes {@code box} to the peer.
     *
     * @throws ProtocolSwitched if the connection was handed to another protocol
     */
    void sendBox(AmpBox box);

    /** The transport under the boxes (for addresses, closing, TLS). */
    Transport transport();
}
