package io.twisted.testing;

import io.twisted.internet.ListeningPort;
import io.twisted.internet.Protocol;
import io.twisted.internet.ProtocolFactory;
import io.twisted.internet.defer.Deferred;
import java.net.SocketAddress;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The {@link ListeningPort} a {@link MemoryReactor} returns. It accepts no real connections; a
 * test makes one with {@link #accept()} (a {@link StringTransport}) or {@link #connect} (a
 * {@link LoopbackPump} to a client protocol).
 *
 * <pre>{@code
 * reactor.listenTCP(0, new Factory(EchoProtocol::new));
 * MemoryListeningPort port = reactor.tcpServers().get(0).listeningPort();
 * MemoryListeningPort.Accepted conn = port.accept();
 * conn.protocol().dataReceived(ascii("ping"));
 * assertEquals("ping", conn.transport().valueAsString());
 * }</pre>
 */
public final class MemoryListeningPort implements ListeningPort {

    /** A connection made by {@link #accept()}: the protocol the factory built and its transport. */
    public record Accepted(Protocol protocol, StringTransportWithDisconnection transport) {
    }

    private final Supplier<SocketAddress> clientAddresses;
    private final SocketAddress host;
    private final String iface;
    private final ProtocolFactory factory;
    private boolean listening;
    private int stopCount;

    MemoryListeningPort(SocketAddress host, String iface, ProtocolFactory factory, Supplier<SocketAddress> clientAddresses) {
        this.clientAddresses = clientAddresses;
        this.host = host;
        this.iface = iface;
        this.factory = factory;
    }

    void start() {
        listening = true;
        factory.doStart();
    }

    /** The address this port "listens" on; for port 0, a fake port chosen by the reactor. */
    @Override
    public SocketAddress getHost() {
        return host;
    }

    /** The factory given to {@code listen*}. */
    public ProtocolFactory factory() {
        return factory;
    }

    String iface() {
        return iface;
    }

    /** Whether {@link #stopListening()} has not been called. */
    public boolean isListening() {
        return listening;
    }

    /** How many times {@link #stopListening()} was called. */
    public int stopCount() {
        return stopCount;
    }

    /** Stops listening: the factory's {@code doStop} runs (the first time); returns a fired Deferred. */
    @Override
    public Deferred<Void> stopListening() {
        stopCount++;
        if (listening) {
            listening = false;
            factory.doStop();
        }
        return Deferred.succeed(null);
    }

    /**
     * Simulates an incoming connection: the factory builds a protocol for a fresh fake client
     * address, which is connected to a {@link StringTransportWithDisconnection} (host: this port;
     * peer: the client address).
     *
     * @return the connection, or {@code null} if the factory refused it (returned no protocol)
     * @throws IllegalStateException if this port stopped listening
     */
    public Accepted accept() {
        requireListening();
        SocketAddress peer = clientAddresses.get();
        Protocol p = factory.buildProtocol(peer);
        if (p == null) {
            return null;
        }
        var transport = new StringTransportWithDisconnection(p);
        transport.setHost(host);
        transport.setPeer(peer);
        p.makeConnection(transport);
        return new Accepted(p, transport);
    }

    /** {@link #connect(Protocol, LoopbackPump.Builder)} with default pump options. */
    public LoopbackPump connect(Protocol client) {
        return connect(client, LoopbackPump.builder());
    }

    /**
     * Simulates a client connecting: the factory builds the server protocol for a fresh fake
     * client address, and {@code client} is connected to it through a pump built by
     * {@code options} (whose addresses this sets: the server's is this port's).
     *
     * @throws IllegalStateException if this port stopped listening or the factory refused the connection
     */
    public LoopbackPump connect(Protocol client, LoopbackPump.Builder options) {
        Objects.requireNonNull(client, "client");
        requireListening();
        SocketAddress peer = clientAddresses.get();
        Protocol server = factory.buildProtocol(peer);
        if (server == null) {
            throw new IllegalStateException("factory " + factory + " refused the connection");
        }
        return options.serverAddress(host).clientAddress(peer).connect(server, client);
    }

    private void requireListening() {
        if (!listening) {
            throw new IllegalStateException("port " + host + " is not listening");
        }
    }

    @Override
    public String toString() {
        return "MemoryListeningPort[" + host + (listening ? "" : ", stopped") + "]";
    }
}
