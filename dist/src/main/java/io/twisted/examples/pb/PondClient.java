package io.twisted.examples.pb;

import io.twisted.internet.Reactor;
import io.twisted.internet.defer.Deferred;
import io.twisted.spread.pb.PbClientFactory;
import io.twisted.spread.pb.RemoteReference;

/**
 * The client of {@link PondServer}: copies the pond, caches the scoreboard, scores 10 points and shows
 * that its cached copy followed.
 *
 * <pre>
 *   java -cp dist/target/twist.jar io.twisted.examples.pb.PondClient [HOST PORT]   (default 127.0.0.1 8790)
 * </pre>
 */
public final class PondClient {

    private PondClient() {
    }

    /** Runs the conversation on {@code root}; fires with the scoreboard copy. */
    static Deferred<Scoreboard.Copy> run(RemoteReference root) {
        return root.callRemote("getPond")
                .addCallbackDeferred(pond -> {
                    System.out.println("got a copy of the pond: " + pond);
                    return root.callRemote("getScoreboard");
                })
                .addCallbackDeferred(board -> {
                    Scoreboard.Copy copy = (Scoreboard.Copy) board;
                    System.out.println("cached scoreboard: " + copy.score());
                    return root.callRemote("score", 10L).addCallback(total -> {
                        System.out.println("scored; server total " + total + ", our copy says " + copy.score());
                        return copy;
                    });
                });
    }

    public static void main(String[] args) {
        String host = args.length > 0 ? args[0] : "127.0.0.1";
        int port = args.length > 1 ? Integer.parseInt(args[1]) : 8790;
        System.exit(Reactor.react(reactor -> {
            PbClientFactory factory = new PbClientFactory(PondServer.types());
            reactor.connectTCP(host, port, factory);
            return factory.getRootObject().addCallbackDeferred(PondClient::run).addFinally(factory::disconnect);
        }));
    }
}
