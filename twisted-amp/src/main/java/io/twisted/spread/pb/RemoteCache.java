package io.twisted.spread.pb;

import java.util.List;
import java.util.Map;

/**
 * The local copy of a peer's {@link Cacheable} (Twisted's {@code pb.RemoteCache}): built by the
 * factory registered with {@link Unjellyables#registerCache}, given the state with
 * {@link #setCopyableState}, then updated by the peer through {@code observe_NAME} methods.
 * Sent back to the same peer, it arrives there as the original object.
 *
 * <p>Deviation: Python tells the peer when a copy is garbage collected ({@code decache}); a Java copy
 * does so when {@link #release()}d, else it lives until the connection ends.
 */
public abstract class RemoteCache {

    private Broker broker;
    private long luid;

    /** Sets the copy's state, as received. */
    public abstract void setCopyableState(Object state);

    /** Runs {@code observe_NAME}; override to dispatch another way. */
    public Object remoteMessageReceived(Broker broker, String message, List<Object> args, Map<Object, Object> kw) throws Exception {
        return Referenceable.invokeByName(this, "observe_" + message, args, kw);
    }

    /** Tells the peer this copy is no longer used ({@code decache}); it stops sending updates. */
    public void release() {
        if (broker != null) {
            broker.sendDecache(luid);
        }
    }

    void attach(Broker broker, long luid) {
        this.broker = broker;
        this.luid = luid;
    }

    /** The connection this copy came over. */
    public Broker broker() {
        return broker;
    }

    long luid() {
        return luid;
    }
}
