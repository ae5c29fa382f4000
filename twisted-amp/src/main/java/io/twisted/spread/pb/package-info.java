/**
 * Perspective Broker, wire-compatible with Python Twisted's {@code twisted.spread.pb} (protocol
 * version 6): a {@link io.twisted.spread.pb.Broker} per connection speaks Banana in the {@code pb}
 * dialect and Jelly; {@link io.twisted.spread.pb.Referenceable} objects are called by name
 * ({@code remote_NAME} methods); {@link io.twisted.spread.pb.RemoteReference#callRemote} returns a
 * Deferred; {@link io.twisted.spread.pb.PbServerFactory} publishes a {@link io.twisted.spread.pb.Root};
 * {@link io.twisted.spread.pb.PbClientFactory#getRootObject()} fetches it; {@link io.twisted.spread.pb.Copyable}
 * values travel by copy to types registered in {@link io.twisted.spread.pb.Unjellyables}.
 *
 * <p>Also {@link io.twisted.spread.pb.Cacheable}/{@link io.twisted.spread.pb.RemoteCache} with observer
 * updates and cred login ({@link io.twisted.spread.pb.PortalRoot}, {@link io.twisted.spread.pb.PbClientFactory#login}).
 * {@link io.twisted.spread.pb.Viewable} objects see the caller's avatar. Not implemented yet: paging; remote references and caches are
 * released to the peer explicitly ({@link io.twisted.spread.pb.RemoteReference#release()},
 * {@link io.twisted.spread.pb.RemoteCache#release()}), not on garbage collection as in Python; the
 * peer's {@code decref}/{@code decache} are honoured.
 */
package io.twisted.spread.pb;
