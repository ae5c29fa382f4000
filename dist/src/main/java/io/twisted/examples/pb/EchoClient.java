package io.twisted.examples.pb;

import io.twisted.internet.Reactor;
import io.twisted.internet.defer.Deferred;
import io.twisted.spread.pb.PbClientFactory;
import java.util.List;
import java.util.Map;

/**
 * Twisted's PB example client ({@code pbsimpleclient.py}) in Java: gets the root object, calls
 * {@code echo("hello network")} and a nested value, prints the answers and exits.
 *
 * <pre>
 *   java -cp dist/target/twist.jar io.twisted.examples.pb.EchoClient [HOST PORT]   (default 127.0.0.1 8789)
 * </pre>
 */
public final class EchoClient {

    private EchoClient() {
    }

    public static void main(String[] args) {
        String host = args.length > 0 ? args[0] : "127.0.0.1";
        int port = args.length > 1 ? Integer.parseInt(args[1]) : 8789;
        System.exit(Reactor.react(reactor -> {
            PbClientFactory factory = new PbClientFactory();
            reactor.connectTCP(host, port, factory);
            return factory.getRootObject()
                    .addCallbackDeferred(root -> root.callRemote("echo", "hello network")
                            .addCallbackDeferred(answer -> {
                                System.out.println("server echoed: " + answer);
                                return root.callRemote("echo", List.of(1L, 2.5, Map.of("k", List.of("v", -7L))));
                            }))
                    .<Void>addCallback(answer -> {
                        System.out.println("server echoed: " + answer);
                        return null;
                    })
                    .addFinally(factory::disconnect);
        }));
    }
}
