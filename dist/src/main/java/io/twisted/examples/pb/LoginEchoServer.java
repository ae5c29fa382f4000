package io.twisted.examples.pb;

import io.twisted.cred.Login;
import io.twisted.cred.Portal;
import io.twisted.cred.Realm;
import io.twisted.cred.checkers.InMemoryUsernamePasswordDatabase;
import io.twisted.internet.Reactor;
import io.twisted.internet.defer.Deferred;
import io.twisted.internet.endpoints.Endpoints;
import io.twisted.spread.pb.Avatar;
import io.twisted.spread.pb.PbError;
import io.twisted.spread.pb.PbServerFactory;
import io.twisted.spread.pb.PortalRoot;
import java.util.List;

/**
 * Twisted's PB login example server ({@code pbechoserver.py}) in Java: users log in through cred
 * (guest/guest); the avatar answers {@code echo(text)} and fails {@code error()} with a PB error.
 * Python's {@code pbechoclient.py} talks to it unchanged.
 *
 * <pre>
 *   java -cp dist/target/twist.jar io.twisted.examples.pb.LoginEchoServer [ENDPOINT]   (default tcp:8787)
 * </pre>
 */
public final class LoginEchoServer {

    /** The avatar of a logged-in user (Twisted's {@code SimplePerspective}). */
    public static class SimplePerspective extends Avatar {
        /** Returns {@code text}. */
        public Object perspective_echo(Object text) {
            System.out.println("echoing " + text);
            return text;
        }

        /** Always fails, as the Python example's {@code DefinedError("exception!")}. */
        public Object perspective_error() {
            throw new PbError("exception!");
        }
    }

    /** Gives each login a fresh {@link SimplePerspective}. */
    public static final class SimpleRealm implements Realm {
        @Override
        public <A> Deferred<Login<A>> requestAvatar(Object avatarId, Object mind, List<Class<? extends A>> interfaces) {
            for (Class<? extends A> iface : interfaces) {
                if (iface == Avatar.class) {
                    SimplePerspective avatar = new SimplePerspective();
                    return Deferred.succeed(new Login<>(iface, iface.cast(avatar),
                            () -> System.out.println(avatarId + " logged out")));
                }
            }
            return Deferred.fail(new UnsupportedOperationException("no interface"));
        }
    }

    /** The portal of the example: user guest, password guest. */
    public static Portal portal() {
        return new Portal(new SimpleRealm(), List.of(new InMemoryUsernamePasswordDatabase().addUser("guest", "guest")));
    }

    private LoginEchoServer() {
    }

    public static void main(String[] args) {
        String endpoint = args.length > 0 ? args[0] : "tcp:8787";
        Reactor reactor = Reactor.create();
        Endpoints.serverFromString(reactor, endpoint)
                .listen(new PbServerFactory(new PortalRoot(portal())))
                .addCallbacks(port -> {
                    System.out.println("PB login echo server listening on " + port.getHost());
                    return null;
                }, failure -> {
                    System.err.println("Cannot listen on " + endpoint + ": " + failure.getErrorMessage());
                    System.exit(1);
                    return null;
                });
        reactor.run();
    }
}
