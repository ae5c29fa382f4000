package io.twisted.internet.endpoints;

import io.twisted.internet.ReactorTcp;

/**
 * A TCP server endpoint on IPv6 (Twisted's {@code TCP6ServerEndpoint}): the same as
 * {@link TCP4ServerEndpoint} but binding {@code ::} (every IPv6 interface, and IPv4 too where the
 * system maps it) unless given an interface. String form
 * {@code tcp6:PORT[:backlog=N][:interface=ADDR]}, with the colons of the address escaped:
 * {@code tcp6:8080:interface=\:\:1}.
 */
public class TCP6ServerEndpoint extends TCP4ServerEndpoint {

    /** The interface a TCP6 endpoint binds by default. */
    public static final String ANY_IPV6 = "::";

    /** Listens on {@code port} of every IPv6 interface, with the default backlog. */
    public TCP6ServerEndpoint(ReactorTcp reactor, int port) {
        this(reactor, port, ReactorTcp.DEFAULT_BACKLOG, ANY_IPV6);
    }

    /** As {@link TCP4ServerEndpoint#TCP4ServerEndpoint(ReactorTcp, int, int, String)}; {@code iface} defaults to {@code ::}. */
    public TCP6ServerEndpoint(ReactorTcp reactor, int port, int backlog, String iface) {
        super(reactor, port, backlog, iface == null || iface.isEmpty() ? ANY_IPV6 : iface);
    }
}
