/**
 * Perspective Broker, wire-compatible with Python Twisted's {@code twisted.spread.pb} (protocol
 * version 6): a {@link io.twisted.spread.pb.Broker} per connection speaks Banana in the {@code pb}
 * dialect and Jelly; {@link io.twisted.spread.pb.Referenceable} objects are called by name
 * ({@code remote_NAME} methods); {@link io.twisted.spread.pb.RemoteReference#callRemote} returns a
 * Deferred; {@link io.twisted.spread.pb.PbServerFactory} publishes a {@link io.twisted.spread.pb.Root};
 * {@link io.twisted.spread.pb.PbClientFactory#getRootObject()} fetches it; {@link io.twisted.spread.pb.Copyable}
 * values travel by copy to types registered in {@link io.twisted.spread.pb.Unjellyables}.
 *
 * <p>Not implemented yet: Cacheable/RemoteCache, Viewable, cred login, paging; remote references are
 * not reference-counted back to the peer (no {@code decref} is sent; received ones are honoured).
 */
package io.twisted.spread.pb;
