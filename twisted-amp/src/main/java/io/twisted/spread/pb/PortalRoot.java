package io.twisted.spread.pb;

import io.twisted.cred.Login;
import io.twisted.cred.Portal;
import io.twisted.cred.credentials.Anonymous;
import io.twisted.internet.defer.Deferred;
import io.twisted.spread.jelly.Tuple;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

/**
 * A root that logs users in through a {@link Portal} (Twisted's {@code _PortalRoot} and
 * {@code _PortalWrapper}): {@code login(username)} answers a challenge and a challenger whose
 * {@code respond(response, mind)} checks it with the portal and returns the {@link Avatar};
 * {@code loginAnonymous(mind)} logs in as {@link Anonymous}. The avatar is logged out when the
 * connection ends.
 *
 * <pre>{@code
 * reactor.listenTCP(8790, new PbServerFactory(new PortalRoot(portal)));
 * }</pre>
 */
public class PortalRoot extends Root {

    private final Portal portal;
    private final SecureRandom random = new SecureRandom();

    /** Logs users in through {@code portal}; its realm returns {@link Avatar}s. */
    public PortalRoot(Portal portal) {
        this.portal = portal;
    }

    @Override
    public Referenceable rootObject(Broker broker) {
        return new Wrapper(broker);
    }

    private final class Wrapper extends Referenceable {
        private final Broker broker;

        Wrapper(Broker broker) {
            this.broker = broker;
        }

        @SuppressWarnings("unused")
        public Tuple remote_login(Object username) {
            String name = username instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(username);
            byte[] challenge = PbChallenge.challenge(random);
            return Tuple.of(challenge, new Challenger(broker, name, challenge));
        }

        @SuppressWarnings("unused")
        public Deferred<Avatar> remote_loginAnonymous(Object mind) {
            return login(broker, Anonymous.INSTANCE, mind);
        }
    }

    private final class Challenger extends Referenceable {
        private final Broker broker;
        private final String username;
        private final byte[] challenge;

        Challenger(Broker broker, String username, byte[] challenge) {
            this.broker = broker;
            this.username = username;
            this.challenge = challenge;
        }

        @SuppressWarnings("unused")
        public Deferred<Avatar> remote_respond(byte[] response, Object mind) {
            return login(broker, new PbChallenge.Response(username, challenge, response), mind);
        }
    }

    private Deferred<Avatar> login(Broker broker, io.twisted.cred.credentials.Credentials credentials, Object mind) {
        Deferred<Login<Avatar>> d = portal.login(credentials, mind, Avatar.class);
        return d.addCallback(login -> {
            broker.notifyOnDisconnect(login::logout);
            return login.avatar();
        });
    }
}
