package io.twisted.protocols.wire;

import io.twisted.internet.Protocol;
import java.nio.ByteBuffer;

/**
 * The Discard protocol (<a href="https://www.rfc-editor.org/rfc/rfc863">RFC 863</a>), TCP variant:
 * throws away everything it receives and sends nothing, as Twisted's {@code wire.Discard}.
 */
public class Discard extends Protocol {

    @Override
    public void dataReceived(ByteBuffer data) {
        data.position(data.limit());
    }
}
