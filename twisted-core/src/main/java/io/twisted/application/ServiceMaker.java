package io.twisted.application;

import io.twisted.internet.Reactor;

/**
 * A {@code twist} plugin (Twisted's {@code IServiceMaker}): {@code twist TAPNAME [options]} parses
 * the command line with {@link #options()} and runs the service {@link #makeService} returns.
 *
 * <p>Register an implementation (public, with a public no-argument constructor) in
 * {@code META-INF/services/io.twisted.application.ServiceMaker} of your module; the {@code twist}
 * jar finds it with {@link java.util.ServiceLoader}.
 * <pre>{@code
 * public final class EchoServiceMaker implements ServiceMaker {
 *     public String tapname() { return "echo"; }
 *     public String description() { return "An RFC 862 echo server."; }
 *     public Options options() {
 *         return new Options().repeatable("listen", "ENDPOINT", List.of("tcp:8000"), "Endpoint to listen on.");
 *     }
 *     public Service makeService(Reactor reactor, ParsedOptions options) {
 *         ServerEndpoint ep = Endpoints.serverFromString(reactor, options.get("listen"));
 *         return new StreamServerEndpointService(ep, Factory.forProtocol(Echo::new));
 *     }
 * }
 * }</pre>
 */
public interface ServiceMaker {

    /** The plugin's name on the command line: {@code twist TAPNAME}. */
    String tapname();

    /** One line saying what the plugin runs, shown by {@code twist --help}. */
    String description();

    /** The plugin's command-line options, also shown by {@code twist TAPNAME --help}. A new instance each call is fine. */
    Options options();

    /**
     * Makes the service to run; it is started once the reactor runs and stopped when it stops.
     *
     * @param options the parsed command line
     * @throws IllegalArgumentException (for example a {@link UsageError}) when an option's value is
     *     unusable; the runner prints the message and exits with status 2
     */
    Service makeService(Reactor reactor, ParsedOptions options);

    /**
     * Whether {@code twist --reactors N} may run this plugin on several reactors: the runner then
     * calls {@link #makeService} once per reactor, each reactor's TCP ports share their port with
     * {@code SO_REUSEPORT}, and the kernel spreads connections over them. Only plugins whose
     * services share no mutable state (or share it thread-safely) say yes. Default: no.
     */
    default boolean supportsMultipleReactors() {
        return false;
    }
}
