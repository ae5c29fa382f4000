package io.twisted.spread.pb;

/**
 * A value copied once per connection and then kept up to date (Twisted's {@code pb.Cacheable}): the
 * first time it is sent, the peer builds a {@link RemoteCache} from its state; later sends refer to
 * that copy. Each peer copy comes with a {@link RemoteCacheObserver} through which this object pushes
 * changes ({@code observer.callRemote("NAME", ...)} runs the copy's {@code observe_NAME}).
 */
public interface Cacheable extends Copyable {

    /**
     * The state for a new peer copy; remember {@code observer} to push changes to it. Default: the
     * copy state, without observing.
     */
    default Object getStateToCacheAndObserveFor(RemoteCacheObserver observer) {
        return getStateToCopy();
    }

    /** The peer dropped its copy (or the connection ended): stop sending to {@code observer}. */
    default void stoppedObserving(RemoteCacheObserver observer) {
    }
}
