package io.twisted.protocols.wire;

import io.twisted.internet.Protocol;
import java.nio.ByteBuffer;

/**
 * The Echo protocol (<a href="https://www.rfc-editor.org/rfc/rfc862">RFC 862</a>), TCP variant:
 * sends back every byte it receives, as Twisted's {@code wire.Echo}.
 *
 * <p>It writes the very buffer it is handed: {@link io.twisted.internet.Transport#write(ByteBuffer)}
 * consumes the bytes during the call (sending them at once or copying what the socket did not
 * take), so nothing is copied here and nothing is buffered.
 */
public class Echo extends Protocol {

    @Override
    public void dataReceived(ByteBuffer data) {
        transport.write(data);
    }
}
