package io.twisted.testing;

import io.twisted.internet.Protocol;
import io.twisted.internet.defer.Failure;
import io.twisted.internet.error.ConnectionAborted;
import io.twisted.internet.error.ConnectionDone;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A {@link StringTransport} that, on {@link #loseConnection()} or {@link #abortConnection()},
 * tells its protocol {@code connectionLost} at once (exactly once: {@link ConnectionDone} or
 * {@link ConnectionAborted}), as Twisted's {@code StringTransportWithDisconnection}.
 *
 * <pre>{@code
 * var transport = new StringTransportWithDisconnection();
 * transport.setProtocol(proto);
 * proto.makeConnection(transport);
 * proto.dataReceived(ascii("QUIT\r\n"));
 * assertFalse(proto.isConnected());
 * }</pre>
 *
 * Unlike a real transport it calls {@code connectionLost} synchronously, from inside
 * {@code loseConnection}: a protocol that closes from {@code dataReceived} sees it re-entrantly.
 * Use {@link LoopbackPump} to test the asynchronous order.
 */
public class StringTransportWithDisconnection extends StringTransport {

    private Protocol protocol;
    private Failure lostReason;
    private final List<Consumer<Failure>> lossListeners = new ArrayList<>(1);

    /** A transport whose protocol is set later with {@link #setProtocol}. */
    public StringTransportWithDisconnection() {
    }

    /** A transport that will tell {@code protocol}; call {@code protocol.makeConnection(this)} next. */
    public StringTransportWithDisconnection(Protocol protocol) {
        this.protocol = protocol;
    }

    /** Sets the protocol to tell; call it before {@code makeConnection}. */
    public void setProtocol(Protocol protocol) {
        this.protocol = protocol;
    }

    /** The protocol told of the disconnection, or {@code null}. */
    public Protocol protocol() {
        return protocol;
    }

    /** Whether {@code connectionLost} was delivered. */
    public boolean isConnectionLost() {
        return lostReason != null;
    }

    /** The reason given to {@code connectionLost}, or {@code null} if it was not delivered. */
    public Failure lostReason() {
        return lostReason;
    }

    /** Runs {@code listener} after {@code connectionLost} has been delivered. */
    public void onConnectionLost(Consumer<Failure> listener) {
        lossListeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /**
     * Simulates the other side going away: the protocol hears {@code connectionLost(reason)} now
     * (once), e.g. {@code new Failure(new ConnectionDone())} for a clean close by the peer.
     */
    public void simulateConnectionLost(Failure reason) {
        if (!isDisconnecting()) {
            super.loseConnection();
        }
        lose(reason);
    }

    @Override
    public void loseConnection() {
        boolean was = isDisconnecting();
        super.loseConnection();
        if (!was) {
            lose(new Failure(new ConnectionDone()));
        }
    }

    @Override
    public void abortConnection() {
        boolean was = isDisconnecting();
        super.abortConnection();
        if (!was) {
            lose(new Failure(new ConnectionAborted()));
        }
    }

    /** A registered producer is stopped when the connection is lost, as a real transport does. */
    private void lose(Failure reason) {
        if (lostReason != null || protocol == null) {
            return;
        }
        lostReason = reason;
        if (producer() != null) {
            producer().stopProducing();
        }
        protocol.disconnect(reason);
        for (Consumer<Failure> l : List.copyOf(lossListeners)) {
            l.accept(reason);
        }
    }
}
