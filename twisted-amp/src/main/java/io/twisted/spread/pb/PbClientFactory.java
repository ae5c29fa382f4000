package io.twisted.spread.pb;

import io.twisted.internet.ClientFactory;
import io.twisted.internet.Connector;
import io.twisted.internet.Protocol;
import io.twisted.internet.defer.Deferred;
import io.twisted.internet.defer.Failure;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * Connects to a PB server (Twisted's {@code pb.PBClientFactory}): connect it with
 * {@code reactor.connectTCP(host, port, factory)}, then {@link #getRootObject()}.
 *
 * <pre>{@code
 * PbClientFactory f = new PbClientFactory();
 * reactor.connectTCP("127.0.0.1", 8789, f);
 * f.getRootObject().addCallbackDeferred(root -> root.callRemote("echo", "hello"));
 * }</pre>
 */
public class PbClientFactory extends ClientFactory {

    private final Unjellyables unjellyables;
    private Broker broker;
    private Failure failure;
    private final List<Deferred<RemoteReference>> rootRequests = new ArrayList<>();

    /** A factory unjellying no copy types. */
    public PbClientFactory() {
        this(new Unjellyables());
    }

    /** A factory building the copy types in {@code unjellyables}. */
    public PbClientFactory(Unjellyables unjellyables) {
        super(() -> null);
        this.unjellyables = unjellyables;
    }

    @Override
    public Protocol buildProtocol(SocketAddress address) {
        Broker b = new Broker(true, unjellyables);
        b.setFactory(this);
        broker = b;
        failure = null;
        b.notifyOnConnect(this::ready);
        return b;
    }

    private void ready() {
        List<Deferred<RemoteReference>> waiting = new ArrayList<>(rootRequests);
        rootRequests.clear();
        for (Deferred<RemoteReference> d : waiting) {
            d.callback(broker.remoteForName("root"));
        }
    }

    /** The server's root object, once connected and negotiated. */
    public Deferred<RemoteReference> getRootObject() {
        if (broker != null && broker.isReady()) {
            return Deferred.succeed(broker.remoteForName("root"));
        }
        if (failure != null) {
            return Deferred.fail(failure);
        }
        Deferred<RemoteReference> d = new Deferred<>();
        rootRequests.add(d);
        return d;
    }

    /**
     * Logs in with a user name and password (Twisted's {@code login(UsernamePassword)}): gets the
     * root, sends the user name, answers the challenge; the Deferred gives the avatar's reference.
     * {@code mind} (may be {@code null}) is passed to the server's realm.
     */
    public Deferred<RemoteReference> login(String username, String password, Referenceable mind) {
        byte[] user = username.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] pass = password.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return getRootObject()
                .addCallbackDeferred(root -> root.callRemote("login", (Object) user))
                .addCallbackDeferred(challenges -> respond(challenges, pass, mind))
                .addCallback(avatar -> (RemoteReference) avatar);
    }

    /** Logs in anonymously (Twisted's {@code login(Anonymous())}). */
    public Deferred<RemoteReference> loginAnonymous(Referenceable mind) {
        return getRootObject()
                .addCallbackDeferred(root -> root.callRemote("loginAnonymous", mind))
                .addCallback(avatar -> (RemoteReference) avatar);
    }

    private static Deferred<Object> respond(Object challenges, byte[] password, Referenceable mind) {
        if (!(challenges instanceof List<?> pair) || pair.size() != 2 || !(pair.get(0) instanceof byte[] challenge)
                || !(pair.get(1) instanceof RemoteReference challenger)) {
            return Deferred.fail(new PbError("unexpected login answer: " + challenges));
        }
        return challenger.callRemote("respond", PbChallenge.respond(challenge, password), mind);
    }

    private void failAll(Failure reason) {
        failure = reason;
        List<Deferred<RemoteReference>> waiting = new ArrayList<>(rootRequests);
        rootRequests.clear();
        for (Deferred<RemoteReference> d : waiting) {
            d.errback(reason);
        }
    }

    @Override
    public void clientConnectionFailed(Connector connector, Failure reason) {
        failAll(reason);
    }

    @Override
    public void clientConnectionLost(Connector connector, Failure reason) {
        failAll(reason);
    }

    /** Closes the connection (Twisted's {@code disconnect}). */
    public void disconnect() {
        if (broker != null && broker.transport() != null) {
            broker.transport().loseConnection();
        }
    }

    /** The current connection's broker, or {@code null}. */
    public Broker broker() {
        return broker;
    }
}
