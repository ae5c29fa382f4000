package io.twisted.spread.pb;

import io.twisted.internet.defer.Deferred;
import java.util.Arrays;
import java.util.Map;

/**
 * A {@link Cacheable}'s handle on one peer's copy (Twisted's {@code RemoteCacheObserver}):
 * {@link #callRemote} runs the copy's {@code observe_NAME} method.
 */
public final class RemoteCacheObserver {

    private final Broker broker;
    private final Cacheable cached;

    RemoteCacheObserver(Broker broker, Cacheable cached) {
        this.broker = broker;
        this.cached = cached;
    }

    /** The connection of the copy. */
    public Broker broker() {
        return broker;
    }

    /** Calls {@code observe_NAME} on the peer's copy. */
    public Deferred<Object> callRemote(String name, Object... args) {
        Long luid = broker.cachedRemotelyAs(cached);
        if (luid == null) {
            return Deferred.fail(new PbError("You can't call a cached method when the object hasn't been given to the peer yet."));
        }
        return broker.sendMessage("cachemessage", luid, name, Arrays.asList(args), Map.of());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RemoteCacheObserver r && r.broker == broker && r.cached == cached;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(broker) * 31 + System.identityHashCode(cached);
    }
}
