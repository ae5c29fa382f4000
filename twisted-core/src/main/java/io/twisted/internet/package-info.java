/**
 * The reactor and the connection model, after Twisted's {@code twisted.internet}: {@link io.twisted.internet.Reactor} (time, threads, TCP, lifecycle), {@link io.twisted.internet.Protocol}, {@link io.twisted.internet.Factory} and {@link io.twisted.internet.Transport}, with producers and consumers for flow control. One reactor thread runs every callback of the connections it owns.
 */
package io.twisted.internet;
