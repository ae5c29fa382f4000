package io.twisted.examples.pb;

import io.twisted.internet.Reactor;
import io.twisted.internet.endpoints.Endpoints;
import io.twisted.spread.pb.PbServerFactory;
import io.twisted.spread.pb.Root;
import io.twisted.spread.pb.Unjellyables;

/**
 * A PB server with a {@link Pond} (Copyable) and a {@link Scoreboard} (Cacheable): root methods
 * {@code getPond()}, {@code getScoreboard()} and {@code score(points)}.
 *
 * <pre>
 *   java -cp dist/target/twist.jar io.twisted.examples.pb.PondServer [ENDPOINT]   (default tcp:8790)
 * </pre>
 */
public final class PondServer {

    /** The root object. */
    public static class PondRoot extends Root {
        private final Scoreboard scoreboard = new Scoreboard();

        /** A fresh copy of the pond. */
        public Pond remote_getPond() {
            return new Pond(3, 2);
        }

        /** The scoreboard, cached on the caller. */
        public Scoreboard remote_getScoreboard() {
            return scoreboard;
        }

        /** Adds to the score; every cached copy is told before this answers. */
        public long remote_score(long points) {
            return scoreboard.add(points);
        }
    }

    /** The types a client of this server unjellies. */
    public static Unjellyables types() {
        return new Unjellyables().register(Pond.TYPE, Pond::fromState).registerCache(Scoreboard.TYPE, Scoreboard.Copy::new);
    }

    private PondServer() {
    }

    public static void main(String[] args) {
        String endpoint = args.length > 0 ? args[0] : "tcp:8790";
        Reactor reactor = Reactor.create();
        Endpoints.serverFromString(reactor, endpoint)
                .listen(new PbServerFactory(new PondRoot()))
                .addCallbacks(port -> {
                    System.out.println("PB pond server listening on " + port.getHost());
                    return null;
                }, failure -> {
                    System.err.println("Cannot listen on " + endpoint + ": " + failure.getErrorMessage());
                    System.exit(1);
                    return null;
                });
        reactor.run();
    }
}
