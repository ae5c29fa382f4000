package io.twisted.internet.endpoints;

import io.twisted.internet.Reactor;
import io.twisted.internet.ReactorTcp;
import io.twisted.internet.ReactorUnix;
import java.util.List;
import java.util.Map;

/**
 * The {@code unix} endpoint types: UNIX domain stream sockets, with Twisted's parameters.
 *
 * <ul>
 *   <li>Server: {@code unix:ADDRESS[:mode=666][:backlog=50][:lockfile=1]} (positional order
 *       {@code address, mode, backlog, lockfile}). {@code mode} is octal, as Twisted's
 *       {@code int(mode, 8)}; {@code lockfile} is {@code 0} or {@code 1} and defaults to 1, as in
 *       Twisted's parser: a {@code ADDRESS.lock} file holding the process id guards the path.</li>
 *   <li>Client: {@code unix:PATH} or {@code unix:path=PATH}, with {@code timeout} (seconds,
 *       default 30) and {@code checkPID} ({@code 0}/{@code 1}; Twisted's older spelling
 *       {@code lockfile} is accepted too): fail at once when the server's lock file names a
 *       dead process.</li>
 * </ul>
 */
public final class UnixEndpointParsers {

    private UnixEndpointParsers() {
    }

    private static final List<String> SERVER = List.of("address", "mode", "backlog", "lockfile");
    private static final List<String> CLIENT = List.of("path", "timeout", "checkPID", "lockfile");

    /** The server-side {@code unix} type. */
    public static final class Server implements ServerEndpointParser {
        @Override
        public String prefix() {
            return "unix";
        }

        @Override
        public ServerEndpoint parseServer(Reactor reactor, List<String> args, Map<String, String> kwargs) {
            EndpointArguments a = EndpointArguments.bind(prefix(), args, kwargs, SERVER);
            String address = a.require("address");
            if (address.isEmpty()) {
                throw new IllegalArgumentException("unix: address is empty");
            }
            return new UNIXServerEndpoint(reactor, address, a.integer("backlog", ReactorTcp.DEFAULT_BACKLOG, 1, 65535),
                    a.octal("mode", ReactorUnix.DEFAULT_MODE), a.zeroOrOne("lockfile", true));
        }
    }

    /** The client-side {@code unix} type. */
    public static final class Client implements ClientEndpointParser {
        @Override
        public String prefix() {
            return "unix";
        }

        @Override
        public ClientEndpoint parseClient(Reactor reactor, List<String> args, Map<String, String> kwargs) {
            if (args.size() > 1) {
                throw new IllegalArgumentException("unix: too many positional arguments " + args + " (at most 1: path)");
            }
            EndpointArguments a = EndpointArguments.bind(prefix(), args, kwargs, CLIENT);
            String path = a.require("path");
            if (path.isEmpty()) {
                throw new IllegalArgumentException("unix: path is empty");
            }
            if (a.has("checkPID") && a.has("lockfile")) {
                throw new IllegalArgumentException("unix: give checkPID or lockfile, not both");
            }
            boolean checkPID = a.has("lockfile") ? a.zeroOrOne("lockfile", false) : a.zeroOrOne("checkPID", false);
            return new UNIXClientEndpoint(reactor, path, a.seconds("timeout", ReactorTcp.DEFAULT_CONNECT_TIMEOUT), checkPID);
        }
    }
}
