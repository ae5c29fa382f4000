package io.twisted.application;

import io.twisted.internet.ListeningPort;
import io.twisted.internet.ProtocolFactory;
import io.twisted.internet.defer.CancelledError;
import io.twisted.internet.defer.Deferred;
import io.twisted.internet.defer.Failure;
import io.twisted.internet.endpoints.ServerEndpoint;
import java.util.Objects;

/**
 * Listens on a {@link ServerEndpoint} while running (Twisted's {@code StreamServerEndpointService}).
 *
 * <p>Listening starts in {@link #privilegedStartService()} (or {@link #startService()} if that was
 * skipped) and stops in {@link #stopService()}, whose Deferred fires once the port is closed; a
 * listen still in progress is cancelled. A failure to listen is logged; with
 * {@link #setRaiseSynchronously(boolean) raiseSynchronously} a failure known at once (the port is
 * in use) is thrown from the start call instead, which is what a command-line runner wants.
 */
public class StreamServerEndpointService extends AbstractService {

    private static final System.Logger LOG = System.getLogger(StreamServerEndpointService.class.getName());

    private final ServerEndpoint endpoint;
    private final ProtocolFactory factory;
    private boolean raiseSynchronously;
    private Deferred<ListeningPort> waitingForPort;
    private ListeningPort port;

    public StreamServerEndpointService(ServerEndpoint endpoint, ProtocolFactory factory) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.factory = Objects.requireNonNull(factory, "factory");
    }

    /**
     * Whether the next start throws when listening fails at once (Twisted's
     * {@code _raiseSynchronously}); it applies to one start only.
     */
    public StreamServerEndpointService setRaiseSynchronously(boolean raise) {
        this.raiseSynchronously = raise;
        return this;
    }

    /** The endpoint listened on. */
    public ServerEndpoint endpoint() {
        return endpoint;
    }

    /** The listening port, or {@code null} when not listening (yet). */
    public ListeningPort port() {
        return port;
    }

    @Override
    public void privilegedStartService() {
        super.privilegedStartService();
        Failure[] raisedNow = new Failure[1];
        boolean raise = raiseSynchronously;
        boolean[] synchronous = {true};
        waitingForPort = endpoint.listen(factory);
        waitingForPort.addCallbacks(this::listening, f -> {
            if (raise && synchronous[0]) {
                raisedNow[0] = f;
            } else if (f.check(CancelledError.class) == null) {
                LOG.log(System.Logger.Level.ERROR, "cannot listen on " + endpoint + ": " + f.getErrorMessage(), f.value());
            }
            return null;
        });
        synchronous[0] = false;
        raiseSynchronously = false;
        if (raisedNow[0] != null) {
            waitingForPort = null;
            Throwable t = raisedNow[0].value();
            throw t instanceof RuntimeException ? (RuntimeException) t : new IllegalStateException(t.getMessage(), t);
        }
    }

    private ListeningPort listening(ListeningPort p) {
        port = p;
        LOG.log(System.Logger.Level.INFO, "listening on " + p.getHost());
        return p;
    }

    @Override
    public void startService() {
        super.startService();
        if (waitingForPort == null) {
            privilegedStartService();
        }
    }

    @Override
    public Deferred<Void> stopService() {
        super.stopService();
        Deferred<ListeningPort> d = waitingForPort;
        waitingForPort = null;
        if (d == null) {
            return null;
        }
        d.cancel();
        return d.addCallbackDeferred(this::stopListening);
    }

    private Deferred<Void> stopListening(ListeningPort p) {
        port = null;
        if (p == null) {
            return Deferred.succeed(null);
        }
        return p.stopListening();
    }
}
