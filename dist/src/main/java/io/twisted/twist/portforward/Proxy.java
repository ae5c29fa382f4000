package io.twisted.twist.portforward;

import io.twisted.internet.Protocol;
import io.twisted.internet.defer.Failure;
import java.nio.ByteBuffer;

/**
 * One side of a forwarded connection (Twisted's {@code portforward.Proxy}): what it reads it
 * writes to its peer's transport; when it closes, it closes its peer once the peer's pending data
 * is sent.
 */
public abstract class Proxy extends Protocol {

    /** The other side, once both are connected. */
    protected Proxy peer;

    /** Pairs this side with {@code peer}. */
    public void setPeer(Proxy peer) {
        this.peer = peer;
    }

    /** The other side, or {@code null} before it is connected or after it closed. */
    public Proxy peer() {
        return peer;
    }

    @Override
    public void dataReceived(ByteBuffer data) {
        if (peer != null) {
            peer.transport().write(data);
        }
    }

    @Override
    public void connectionLost(Failure reason) {
        Proxy p = peer;
        peer = null;
        if (p != null) {
            p.peer = null;
            // This side's transport is gone: it can no longer produce for, nor be fed by, the peer.
            try {
                p.transport().unregisterProducer();
            } catch (IllegalStateException noneRegistered) {
                // Never paired with a producer, or the transport already dropped it.
            }
            p.transport().loseConnection();
        }
    }
}
