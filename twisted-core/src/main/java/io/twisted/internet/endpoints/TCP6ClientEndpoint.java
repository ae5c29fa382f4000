package io.twisted.internet.endpoints;

import io.twisted.internet.ReactorTcp;
import java.net.SocketAddress;

/**
 * A TCP client endpoint meant for IPv6 destinations (Twisted's {@code TCP6ClientEndpoint}). The host
 * is an IPv6 literal or a name the reactor resolves; string form {@code tcp6:host=\:\:1:port=80}.
 * Unlike Twisted, it does not restrict name resolution to AAAA records: it connects to whatever
 * address the reactor resolves.
 */
public class TCP6ClientEndpoint extends TCP4ClientEndpoint {

    public TCP6ClientEndpoint(ReactorTcp reactor, String host, int port) {
        super(reactor, stripBrackets(host), port);
    }

    public TCP6ClientEndpoint(ReactorTcp reactor, String host, int port, double timeout, SocketAddress bindAddress) {
        super(reactor, stripBrackets(host), port, timeout, bindAddress);
    }

    /** Accepts {@code [::1]} as well as {@code ::1}. */
    private static String stripBrackets(String host) {
        if (host != null && host.length() > 1 && host.startsWith("[") && host.endsWith("]")) {
            return host.substring(1, host.length() - 1);
        }
        return host;
    }
}
