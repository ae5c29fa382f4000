package io.twisted.internet.endpoints;

import io.twisted.internet.Protocol;
import io.twisted.internet.ProtocolFactory;
import io.twisted.internet.Reactor;
import io.twisted.internet.defer.Deferred;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;
import java.util.TreeSet;

/**
 * Making endpoints from strings, and connecting a protocol instance (Twisted's
 * {@code serverFromString}, {@code clientFromString} and {@code connectProtocol}).
 *
 * <p>The description syntax is Twisted's (see {@link EndpointDescription}): {@code TYPE:ARG:KEY=VALUE...}
 * with backslash escapes. The type selects a {@link ServerEndpointParser} or
 * {@link ClientEndpointParser} by its prefix, case-insensitively; parsers are found with
 * {@link ServiceLoader} (twisted-core registers {@code tcp}, {@code tcp6}, {@code ssl}, {@code unix} and the client-only {@code tls}), or passed explicitly.
 * Every error is an {@link IllegalArgumentException} whose message names the bad part:
 * <pre>
 *   unknown endpoint type 'tpc' in "tpc:8080" (known types: tcp, tcp6)
 *   tcp: port 'abc' is not a number
 *   tcp: unknown parameter 'interfce' (known: port, interface, backlog)
 * </pre>
 */
public final class Endpoints {

    private Endpoints() {
    }

    /** Makes a server endpoint from {@code description} with the parsers found by {@link ServiceLoader}. */
    public static ServerEndpoint serverFromString(Reactor reactor, String description) {
        return serverFromString(reactor, description, load(ServerEndpointParser.class));
    }

    /** Makes a server endpoint from {@code description} with the given parsers. */
    public static ServerEndpoint serverFromString(Reactor reactor, String description, Iterable<? extends ServerEndpointParser> parsers) {
        EndpointDescription d = EndpointDescription.parse(description);
        TreeSet<String> known = new TreeSet<>();
        for (ServerEndpointParser p : parsers) {
            if (p.prefix().equalsIgnoreCase(d.type())) {
                return p.parseServer(reactor, d.args(), d.kwargs());
            }
            known.add(p.prefix().toLowerCase(Locale.ROOT));
        }
        throw unknownType(d, known);
    }

    /** Makes a client endpoint from {@code description} with the parsers found by {@link ServiceLoader}. */
    public static ClientEndpoint clientFromString(Reactor reactor, String description) {
        return clientFromString(reactor, description, load(ClientEndpointParser.class));
    }

    /** Makes a client endpoint from {@code description} with the given parsers. */
    public static ClientEndpoint clientFromString(Reactor reactor, String description, Iterable<? extends ClientEndpointParser> parsers) {
        EndpointDescription d = EndpointDescription.parse(description);
        TreeSet<String> known = new TreeSet<>();
        for (ClientEndpointParser p : parsers) {
            if (p.prefix().equalsIgnoreCase(d.type())) {
                return p.parseClient(reactor, d.args(), d.kwargs());
            }
            known.add(p.prefix().toLowerCase(Locale.ROOT));
        }
        throw unknownType(d, known);
    }

    /**
     * Connects {@code protocol} itself (not a factory) through {@code endpoint} (Twisted's
     * {@code connectProtocol}).
     *
     * @return fires with {@code protocol} once connected
     */
    public static <P extends Protocol> Deferred<P> connectProtocol(ClientEndpoint endpoint, P protocol) {
        ProtocolFactory oneShot = new ProtocolFactory() {
            @Override
            public Protocol buildProtocol(SocketAddress address) {
                return protocol;
            }

            @Override
            public void doStart() {
            }

            @Override
            public void doStop() {
            }
        };
        return endpoint.connect(oneShot).addCallback(p -> protocol);
    }

    /**
     * Escapes {@code argument} for use as one field of a description (Twisted's
     * {@code quoteStringArgument}): backslashes and colons get a backslash, so
     * {@code "ssl:443:privateKey=" + quoteStringArgument(path)} is safe for any path.
     */
    public static String quoteStringArgument(String argument) {
        return argument.replace("\\", "\\\\").replace(":", "\\:");
    }

    /** The server endpoint types {@link ServiceLoader} finds, sorted. */
    public static List<String> serverTypes() {
        List<String> types = new ArrayList<>();
        for (ServerEndpointParser p : load(ServerEndpointParser.class)) {
            types.add(p.prefix().toLowerCase(Locale.ROOT));
        }
        types.sort(null);
        return types;
    }

    private static IllegalArgumentException unknownType(EndpointDescription d, TreeSet<String> known) {
        StringBuilder msg = new StringBuilder("unknown endpoint type '").append(d.type()).append("' in \"")
                .append(d.description()).append("\" (known types: ").append(known.isEmpty() ? "none" : String.join(", ", known)).append(')');
        if (!d.type().isEmpty() && d.type().chars().allMatch(c -> c >= '0' && c <= '9')) {
            msg.append("; did you mean \"tcp:").append(d.description()).append("\"?");
        }
        return new IllegalArgumentException(msg.toString());
    }

    private static <S> List<S> load(Class<S> service) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (loader == null) {
            loader = Endpoints.class.getClassLoader();
        }
        List<S> found = new ArrayList<>();
        ServiceLoader.load(service, loader).forEach(found::add);
        return found;
    }
}
