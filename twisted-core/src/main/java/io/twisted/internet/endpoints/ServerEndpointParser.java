package io.twisted.internet.endpoints;

import io.twisted.internet.Reactor;
import java.util.List;
import java.util.Map;

/**
 * A plugin that makes server endpoints of one type from their description (Twisted's
 * {@code IStreamServerEndpointStringParser}). Register an implementation (public, with a public
 * no-argument constructor) in {@code META-INF/services/io.twisted.internet.endpoints.ServerEndpointParser};
 * {@link Endpoints#serverFromString} finds it with {@link java.util.ServiceLoader}.
 *
 * <pre>
 *   "ssl:443:privateKey=k.pem"  -&gt;  prefix "ssl", args ["443"], kwargs {privateKey=k.pem}
 * </pre>
 */
public interface ServerEndpointParser {

    /** The type this parser handles, matched case-insensitively (for example {@code tcp}). */
    String prefix();

    /**
     * Makes the endpoint. Bind the arguments with {@link EndpointArguments} to get Twisted-style
     * errors.
     *
     * @param args the positional arguments after the type, unescaped
     * @param kwargs the keyword arguments, unescaped, in the order written
     * @throws IllegalArgumentException naming the bad part when the arguments are wrong
     */
    ServerEndpoint parseServer(Reactor reactor, List<String> args, Map<String, String> kwargs);
}
