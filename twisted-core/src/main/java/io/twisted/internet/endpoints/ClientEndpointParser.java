package io.twisted.internet.endpoints;

import io.twisted.internet.Reactor;
import java.util.List;
import java.util.Map;

/**
 * A plugin that makes client endpoints of one type from their description (Twisted's
 * {@code IStreamClientEndpointStringParserWithReactor}). Register an implementation (public, with a
 * public no-argument constructor) in
 * {@code META-INF/services/io.twisted.internet.endpoints.ClientEndpointParser};
 * {@link Endpoints#clientFromString} finds it with {@link java.util.ServiceLoader}.
 */
public interface ClientEndpointParser {

    /** The type this parser handles, matched case-insensitively (for example {@code tcp}). */
    String prefix();

    /**
     * Makes the endpoint.
     *
     * @param args the positional arguments after the type, unescaped
     * @param kwargs the keyword arguments, unescaped, in the order written
     * @throws IllegalArgumentException naming the bad part when the arguments are wrong
     */
    ClientEndpoint parseClient(Reactor reactor, List<String> args, Map<String, String> kwargs);
}
