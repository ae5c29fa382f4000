/**
 * A TCP port forwarder (Twisted's {@code twisted.protocols.portforward}): each connection accepted
 * by a {@link io.twisted.twist.portforward.ProxyFactory} opens a connection to a fixed destination
 * and relays bytes both ways, with flow control: each side's transport is registered as the other's
 * push producer, so a slow reader pauses the fast writer instead of filling this process's memory.
 * Used by {@code twist portforward}.
 */
package io.twisted.twist.portforward;
