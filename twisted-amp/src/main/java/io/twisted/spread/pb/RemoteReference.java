package io.twisted.spread.pb;

import io.twisted.internet.defer.Deferred;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A reference to an object on the peer (Twisted's {@code pb.RemoteReference}): call its
 * {@code remote_} methods with {@link #callRemote}. Sent back to the same peer, it arrives there as the
 * original object.
 */
public final class RemoteReference {

    private final Broker broker;
    private final Object luid;
    private List<Consumer<RemoteReference>> disconnectCallbacks;

    RemoteReference(Broker broker, Object luid) {
        this.broker = broker;
        this.luid = luid;
    }

    /** The peer's id for the object (a number, or the bytes of a name such as "root"). */
    public Object luid() {
        return luid;
    }

    /** The broker this reference talks through. */
    public Broker broker() {
        return broker;
    }

    /**
     * Calls the peer's {@code remote_NAME} with {@code args}; the Deferred fires with the unjellied
     * result, or fails with a {@link RemoteError}, {@link PbConnectionLost} or {@link DeadReferenceError}.
     */
    public Deferred<Object> callRemote(String name, Object... args) {
        return broker.sendMessage(luid, name, Arrays.asList(args), Map.of());
    }

    /** As {@link #callRemote(String, Object...)} with keyword arguments. */
    public Deferred<Object> callRemoteWithKeywords(String name, List<?> args, Map<String, ?> kw) {
        return broker.sendMessage(luid, name, new ArrayList<>(args), kw);
    }

    /**
     * Tells the peer this reference is no longer used (Twisted sends {@code decref} when a reference is
     * garbage collected; Java does it when asked). The peer forgets the object once every reference it
     * handed out is released. Names such as "root" are never counted.
     */
    public void release() {
        if (luid instanceof Long) {
            broker.sendDecRef(luid);
        }
    }

    /** Calls {@code callback} with this reference when the connection ends. */
    public void notifyOnDisconnect(Consumer<RemoteReference> callback) {
        if (disconnectCallbacks == null) {
            disconnectCallbacks = new ArrayList<>();
            broker.notifyOnDisconnect(this::disconnected);
        }
        disconnectCallbacks.add(callback);
    }

    /** Stops a {@link #notifyOnDisconnect} callback. */
    public void dontNotifyOnDisconnect(Consumer<RemoteReference> callback) {
        if (disconnectCallbacks != null) {
            disconnectCallbacks.remove(callback);
        }
    }

    private void disconnected() {
        for (Consumer<RemoteReference> c : List.copyOf(disconnectCallbacks)) {
            c.accept(this);
        }
    }

    /** Equal when they refer to the same object through the same connection. */
    @Override
    public boolean equals(Object o) {
        if (!(o instanceof RemoteReference r) || r.broker != broker) {
            return false;
        }
        return luid instanceof byte[] a && r.luid instanceof byte[] b ? java.util.Arrays.equals(a, b) : luid.equals(r.luid);
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(broker) * 31 + (luid instanceof byte[] a ? java.util.Arrays.hashCode(a) : luid.hashCode());
    }

    @Override
    public String toString() {
        return "RemoteReference(" + (luid instanceof byte[] b ? new String(b, java.nio.charset.StandardCharsets.UTF_8) : luid) + ")";
    }
}
