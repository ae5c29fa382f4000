package io.twisted.testing;

import io.twisted.internet.ClientFactory;
import io.twisted.internet.Connector;
import io.twisted.internet.DelayedCall;
import io.twisted.internet.Protocol;
import io.twisted.internet.ProtocolFactory;
import io.twisted.internet.Transport;
import io.twisted.internet.defer.Failure;
import io.twisted.internet.error.ConnectionDone;
import io.twisted.internet.error.TimeoutError;
import io.twisted.internet.error.UserError;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The {@link Connector} a {@link MemoryReactor} returns. It follows the life of Twisted's
 * {@code BaseConnector} (states, factory {@code doStart}/{@code doStop}, {@code startedConnecting},
 * the timeout on the reactor's clock, {@code clientConnectionFailed}/{@code clientConnectionLost}),
 * records the calls made on it ({@link #actions()}), and lets the test decide how each attempt ends:
 *
 * <pre>{@code
 * MemoryConnector c = reactor.tcpClients().get(0).connector();
 * c.fail(new ConnectionRefusedError());              // factory.clientConnectionFailed(...)
 * // a reconnecting factory called c.connect() again:
 * assertEquals(List.of(MemoryConnector.Action.CONNECT), c.actions());
 * StringTransport t = c.succeed();                   // factory's protocol connected to t
 * t.simulateConnectionLost(new Failure(new ConnectionLost()));  // factory.clientConnectionLost(...)
 *
 * LoopbackPump pump = c.connectTo(serverFactory);    // or: a real conversation with a server
 * }</pre>
 */
public final class MemoryConnector implements Connector {

    /** Where the connector stands, as Twisted's {@code BaseConnector.state}. */
    public enum State { DISCONNECTED, CONNECTING, CONNECTED }

    /** A call made on the connector. */
    public enum Action { CONNECT, STOP_CONNECTING, DISCONNECT }

    private final MemoryReactor reactor;
    private final SocketAddress destination;
    private final ClientFactory factory;
    private final double timeout;
    private final Supplier<SocketAddress> localAddresses;
    private final List<Action> actions = new ArrayList<>();
    private State state = State.DISCONNECTED;
    private boolean factoryStarted;
    private DelayedCall timeoutCall;
    private int attempts;
    private Protocol protocol;
    private Transport transport;

    MemoryConnector(MemoryReactor reactor, SocketAddress destination, ClientFactory factory, double timeout,
            Supplier<SocketAddress> localAddresses) {
        this.reactor = reactor;
        this.localAddresses = localAddresses;
        this.destination = destination;
        this.factory = factory;
        this.timeout = timeout;
    }

    // ------------------------------------------------------------------ Connector

    /**
     * Starts a new attempt (recorded).
     *
     * @throws IllegalStateException unless disconnected
     */
    @Override
    public void connect() {
        actions.add(Action.CONNECT);
        startConnecting();
    }

    /**
     * Stops the attempt in progress (recorded): the factory hears {@code clientConnectionFailed}
     * with {@link UserError}.
     *
     * @throws IllegalStateException if not connecting
     */
    @Override
    public void stopConnecting() {
        actions.add(Action.STOP_CONNECTING);
        if (state != State.CONNECTING) {
            throw new IllegalStateException("we're not trying to connect");
        }
        failed(new UserError());
    }

    /** Recorded; stops connecting, or loses the connection if connected. */
    @Override
    public void disconnect() {
        actions.add(Action.DISCONNECT);
        if (state == State.CONNECTING) {
            failed(new UserError());
        } else if (state == State.CONNECTED) {
            transport.loseConnection();
        }
    }

    @Override
    public SocketAddress getDestination() {
        return destination;
    }

    // ------------------------------------------------------------------ inspection

    /** Where the connector stands. */
    public State state() {
        return state;
    }

    /** The calls made on this connector after {@code connectTCP} returned (its own first connect is not listed). */
    public List<Action> actions() {
        return Collections.unmodifiableList(actions);
    }

    /** How many attempts started (1 after {@code connectTCP}). */
    public int attempts() {
        return attempts;
    }

    /** The client factory. */
    public ClientFactory factory() {
        return factory;
    }

    /** The connect timeout in seconds (none if not positive). */
    public double timeout() {
        return timeout;
    }

    /** The protocol of the last successful attempt, or {@code null}. */
    public Protocol protocol() {
        return protocol;
    }

    /** The transport of the last successful attempt, or {@code null}. */
    public Transport transport() {
        return transport;
    }

    // ------------------------------------------------------------------ test side: ending an attempt

    /**
     * Makes the attempt in progress succeed: the factory builds the protocol (for the
     * destination address), which is connected to a new {@link StringTransportWithDisconnection};
     * when that transport's connection is lost the factory hears {@code clientConnectionLost}.
     *
     * @return the transport, or {@code null} if the factory returned no protocol (the factory then
     *     hears {@code clientConnectionLost} with {@link ConnectionDone}, as in Twisted)
     * @throws IllegalStateException if not connecting
     */
    public StringTransportWithDisconnection succeed() {
        Protocol p = buildClientProtocol();
        if (p == null) {
            return null;
        }
        var t = new StringTransportWithDisconnection(p);
        t.setHost(localAddresses.get());
        t.setPeer(destination);
        t.onConnectionLost(this::connectionLost);
        transport = t;
        p.makeConnection(t);
        return t;
    }

    /**
     * Makes the attempt in progress fail with {@code reason}: the factory hears
     * {@code clientConnectionFailed} (and then {@code doStop}, unless it connects again).
     *
     * @throws IllegalStateException if not connecting
     */
    public void fail(Throwable reason) {
        Objects.requireNonNull(reason, "reason");
        requireConnecting();
        failed(reason);
    }

    /** {@link #connectTo(ProtocolFactory, LoopbackPump.Builder)} with default pump options. */
    public LoopbackPump connectTo(ProtocolFactory serverFactory) {
        return connectTo(serverFactory, LoopbackPump.builder());
    }

    /**
     * Makes the attempt in progress succeed by connecting to a server protocol built by
     * {@code serverFactory}, through a pump built by {@code options} (whose addresses this sets).
     * When the client's side of the pump loses its connection the factory hears
     * {@code clientConnectionLost}.
     *
     * @throws IllegalStateException if not connecting, or a factory returned no protocol
     */
    public LoopbackPump connectTo(ProtocolFactory serverFactory, LoopbackPump.Builder options) {
        Objects.requireNonNull(serverFactory, "serverFactory");
        requireConnecting();
        SocketAddress clientAddress = localAddresses.get();
        Protocol server = serverFactory.buildProtocol(clientAddress);
        if (server == null) {
            throw new IllegalStateException("server factory " + serverFactory + " refused the connection");
        }
        Protocol client = buildClientProtocol();
        if (client == null) {
            throw new IllegalStateException("client factory " + factory + " returned no protocol");
        }
        LoopbackPump pump = options.serverAddress(destination).clientAddress(clientAddress).connect(server, client);
        transport = pump.clientTransport();
        pump.clientTransport().onConnectionLost(this::connectionLost);
        return pump;
    }

    /** Connects to whatever listens on {@code port} (its factory builds the server protocol). */
    public LoopbackPump connectTo(MemoryListeningPort port) {
        return connectTo(port, LoopbackPump.builder());
    }

    /** Connects to whatever listens on {@code port}, with pump {@code options}. */
    public LoopbackPump connectTo(MemoryListeningPort port, LoopbackPump.Builder options) {
        if (!port.isListening()) {
            throw new IllegalStateException("port " + port.getHost() + " is not listening");
        }
        return connectTo(port.factory(), options);
    }

    // ------------------------------------------------------------------ life cycle (BaseConnector)

    void startConnecting() {
        if (state != State.DISCONNECTED) {
            throw new IllegalStateException("can't connect in this state: " + state);
        }
        state = State.CONNECTING;
        attempts++;
        protocol = null;
        transport = null;
        if (!factoryStarted) {
            factory.doStart();
            factoryStarted = true;
        }
        if (timeout > 0) {
            timeoutCall = reactor.callLater(timeout, this::timedOut);
        }
        factory.startedConnecting(this);
    }

    private void timedOut() {
        timeoutCall = null;
        if (state == State.CONNECTING) {
            failed(new TimeoutError("Connection to " + destination + " timed out after " + timeout + " seconds."));
        }
    }

    private Protocol buildClientProtocol() {
        requireConnecting();
        cancelTimeout();
        state = State.CONNECTED;
        Protocol p = factory.buildProtocol(destination);
        protocol = p;
        if (p == null) {
            connectionLost(new Failure(new ConnectionDone()));
        }
        return p;
    }

    private void failed(Throwable reason) {
        cancelTimeout();
        state = State.DISCONNECTED;
        transport = null;
        factory.clientConnectionFailed(this, new Failure(reason));
        if (state == State.DISCONNECTED) {
            stopFactory();
        }
    }

    private void connectionLost(Failure reason) {
        state = State.DISCONNECTED;
        factory.clientConnectionLost(this, reason);
        if (state == State.DISCONNECTED) {
            stopFactory();
        }
    }

    private void stopFactory() {
        if (factoryStarted) {
            factoryStarted = false;
            factory.doStop();
        }
    }

    private void requireConnecting() {
        if (state != State.CONNECTING) {
            throw new IllegalStateException("connector is not connecting: " + state);
        }
    }

    private void cancelTimeout() {
        if (timeoutCall != null && timeoutCall.active()) {
            timeoutCall.cancel();
        }
        timeoutCall = null;
    }

    @Override
    public String toString() {
        return "MemoryConnector[" + destination + ", " + state + "]";
    }
}
