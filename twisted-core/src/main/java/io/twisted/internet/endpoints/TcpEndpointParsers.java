package io.twisted.internet.endpoints;

import io.twisted.internet.Reactor;
import io.twisted.internet.ReactorTcp;
import java.util.List;
import java.util.Map;

/**
 * The built-in {@code tcp} and {@code tcp6} endpoint types, with Twisted's parameters (and their
 * positional order, which differs between {@code tcp} and {@code tcp6} servers as in Twisted):
 * <table>
 *   <caption>TCP endpoint descriptions</caption>
 *   <tr><th>type</th><th>parameters</th><th>examples</th></tr>
 *   <tr><td>tcp server</td><td>port, interface="", backlog=50</td>
 *       <td>{@code tcp:8080}, {@code tcp:port=8080:interface=127.0.0.1:backlog=50}</td></tr>
 *   <tr><td>tcp6 server</td><td>port, backlog=50, interface="::"</td>
 *       <td>{@code tcp6:8080:interface=\:\:1}</td></tr>
 *   <tr><td>tcp / tcp6 client</td><td>host, port, timeout=30, bindAddress</td>
 *       <td>{@code tcp:example.com:80}, {@code tcp:host=example.com:port=80:timeout=10:bindAddress=192.0.2.1}</td></tr>
 * </table>
 * As in Twisted's client parser, a single positional argument is the port when {@code host} is
 * given by name and the host otherwise. Deviations: numbers must be plain decimal digits (Python's
 * {@code int()} also takes signs, blanks and underscores); ports are checked to be in range; a
 * timeout may have a fraction; a tcp6 client (which Twisted only offers as a class) has the same
 * string form as the tcp one.
 */
public final class TcpEndpointParsers {

    private TcpEndpointParsers() {
    }

    private static final List<String> TCP_SERVER = List.of("port", "interface", "backlog");
    private static final List<String> TCP6_SERVER = List.of("port", "backlog", "interface");

    /** {@code tcp:PORT[:INTERFACE[:BACKLOG]]}. */
    public static final class Tcp4Server implements ServerEndpointParser {
        @Override
        public String prefix() {
            return "tcp";
        }

        @Override
        public ServerEndpoint parseServer(Reactor reactor, List<String> args, Map<String, String> kwargs) {
            EndpointArguments a = EndpointArguments.bind(prefix(), args, kwargs, TCP_SERVER);
            return new TCP4ServerEndpoint(reactor, a.port("port"),
                    a.integer("backlog", ReactorTcp.DEFAULT_BACKLOG, 1, 65535), a.get("interface", ""));
        }
    }

    /** {@code tcp6:PORT[:BACKLOG[:INTERFACE]]}, the interface defaulting to {@code ::}. */
    public static final class Tcp6Server implements ServerEndpointParser {
        @Override
        public String prefix() {
            return "tcp6";
        }

        @Override
        public ServerEndpoint parseServer(Reactor reactor, List<String> args, Map<String, String> kwargs) {
            EndpointArguments a = EndpointArguments.bind(prefix(), args, kwargs, TCP6_SERVER);
            return new TCP6ServerEndpoint(reactor, a.port("port"),
                    a.integer("backlog", ReactorTcp.DEFAULT_BACKLOG, 1, 65535), a.get("interface", TCP6ServerEndpoint.ANY_IPV6));
        }
    }

    /** {@code tcp:HOST:PORT} or {@code tcp:host=HOST:port=PORT}, with {@code timeout} and {@code bindAddress}. */
    public static final class Tcp4Client implements ClientEndpointParser {
        @Override
        public String prefix() {
            return "tcp";
        }

        @Override
        public ClientEndpoint parseClient(Reactor reactor, List<String> args, Map<String, String> kwargs) {
            EndpointArguments a = bindClient(prefix(), args, kwargs);
            return new TCP4ClientEndpoint(reactor, a.require("host"), a.requireInteger("port", 1, 65535),
                    a.seconds("timeout", ReactorTcp.DEFAULT_CONNECT_TIMEOUT), a.bindAddress("bindAddress"));
        }
    }

    /** As {@link Tcp4Client}, for IPv6 hosts: {@code tcp6:host=\:\:1:port=80}. */
    public static final class Tcp6Client implements ClientEndpointParser {
        @Override
        public String prefix() {
            return "tcp6";
        }

        @Override
        public ClientEndpoint parseClient(Reactor reactor, List<String> args, Map<String, String> kwargs) {
            EndpointArguments a = bindClient(prefix(), args, kwargs);
            return new TCP6ClientEndpoint(reactor, a.require("host"), a.requireInteger("port", 1, 65535),
                    a.seconds("timeout", ReactorTcp.DEFAULT_CONNECT_TIMEOUT), a.bindAddress("bindAddress"));
        }
    }

    static EndpointArguments bindClient(String type, List<String> args, Map<String, String> kwargs) {
        return bindClient(type, args, kwargs, List.of());
    }

    /** Binds a client's {@code host}, {@code port}, {@code timeout}, {@code bindAddress} and {@code extra} keywords, as Twisted's {@code _parseClientTCP}. */
    static EndpointArguments bindClient(String type, List<String> args, Map<String, String> kwargs, List<String> extra) {
        List<String> order = new java.util.ArrayList<>(args.size() == 1 && kwargs.containsKey("host")
                ? List.of("port", "host", "timeout", "bindAddress")
                : List.of("host", "port", "timeout", "bindAddress"));
        order.addAll(extra);
        if (args.size() > 2) {
            throw new IllegalArgumentException(type + ": too many positional arguments " + args + " (at most 2: host, port)");
        }
        EndpointArguments a = EndpointArguments.bind(type, args, kwargs, order);
        if (a.has("host") && a.get("host", "").isEmpty()) {
            throw new IllegalArgumentException(type + ": host is empty");
        }
        return a;
    }
}
