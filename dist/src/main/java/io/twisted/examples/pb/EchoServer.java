package io.twisted.examples.pb;

import io.twisted.internet.Reactor;
import io.twisted.internet.endpoints.Endpoints;
import io.twisted.spread.pb.PbServerFactory;
import io.twisted.spread.pb.Root;

/**
 * Twisted's PB example server ({@code pbsimple.py}) in Java: the root object answers {@code echo(x)}
 * with {@code x}. Python's {@code pbsimpleclient.py} talks to it unchanged.
 *
 * <pre>
 *   java -cp dist/target/twist.jar io.twisted.examples.pb.EchoServer [ENDPOINT]   (default tcp:8789)
 * </pre>
 */
public final class EchoServer {

    /** The root: {@code remote_echo} returns its argument. */
    public static class Echoer extends Root {
        /** Returns {@code x} as it came. */
        public Object remote_echo(Object x) {
            return x;
        }
    }

    private EchoServer() {
    }

    public static void main(String[] args) {
        String endpoint = args.length > 0 ? args[0] : "tcp:8789";
        Reactor reactor = Reactor.create();
        Endpoints.serverFromString(reactor, endpoint)
                .listen(new PbServerFactory(new Echoer()))
                .addCallbacks(port -> {
                    System.out.println("PB echo server listening on " + port.getHost());
                    return null;
                }, failure -> {
                    System.err.println("Cannot listen on " + endpoint + ": " + failure.getErrorMessage());
                    System.exit(1);
                    return null;
                });
        reactor.run();
    }
}
