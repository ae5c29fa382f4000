package io.twisted.testing;

import io.twisted.internet.Protocol;
import io.twisted.internet.ProtocolFactory;
import io.twisted.internet.defer.Failure;
import io.twisted.internet.error.ConnectionLost;
import io.twisted.internet.task.Clock;
import java.net.SocketAddress;
import java.util.Objects;

/**
 * Connects a server protocol and a client protocol in memory and moves bytes between them on
 * demand: Twisted's {@code iosim.connect}, {@code IOPump} and {@code loopbackAsync} in one API.
 *
 * <pre>{@code
 * var server = new EchoProtocol();
 * var client = new AccumulatingProtocol();
 * var pump = LoopbackPump.builder().chunkSize(1).connect(server, client); // 1 byte per dataReceived
 * client.transport().write(ascii("hello"));
 * pump.pump();                                  // until nothing moves
 * assertEquals("hello", client.valueAsString());
 * client.transport().loseConnection();
 * pump.pump();
 * assertFalse(server.isConnected());
 * }</pre>
 *
 * <p>Each end is a {@link FakeTransport}; {@link FakeTransport its Javadoc} says exactly how
 * writes, closes, half-closes, aborts, producers and {@code unreadData} behave. Nothing moves
 * until {@link #flush()} (one step) or {@link #pump()} (steps until quiet) is called, so a test
 * controls every interleaving and no event re-enters a protocol from inside its own call.
 *
 * <p>One step: tick the clock if one was given ({@code advance(0)}, so {@code callLater(0, ...)}
 * calls run); deliver pending aborts; deliver to the server what the client had queued, then to the
 * client what the server had queued (bytes written during the step wait for the next one), in
 * {@code dataReceived} calls of at most {@link Builder#chunkSize} bytes; close write sides whose
 * queues emptied; deliver end-of-stream; resume pull producers.
 *
 * <p>Not thread-safe: drive it from the test thread.
 */
public final class LoopbackPump {

    /** Default bound on the steps of one {@link #pump()}. */
    public static final int DEFAULT_MAX_STEPS = 10_000;

    /** Default server address: 192.0.2.1:4321 (TEST-NET-1, RFC 5737). */
    public static final SocketAddress DEFAULT_SERVER_ADDRESS = StringTransport.address(192, 0, 2, 1, 4321);
    /** Default client address: 198.51.100.2:54321 (TEST-NET-2, RFC 5737). */
    public static final SocketAddress DEFAULT_CLIENT_ADDRESS = StringTransport.address(198, 51, 100, 2, 54321);

    private final Builder options;
    private final FakeTransport server;
    private final FakeTransport client;
    private Protocol serverProtocol;
    private Protocol clientProtocol;
    private boolean stepping;

    private LoopbackPump(Builder options) {
        this.options = options;
        this.server = new FakeTransport("server", options.serverAddress, options.clientAddress, this);
        this.client = new FakeTransport("client", options.clientAddress, options.serverAddress, this);
        server.setWatermarks(options.highWatermark, options.lowWatermark);
        client.setWatermarks(options.highWatermark, options.lowWatermark);
    }

    /** Connects {@code server} and {@code client} with default options; see {@link Builder#connect(Protocol, Protocol)}. */
    public static LoopbackPump connect(Protocol server, Protocol client) {
        return builder().connect(server, client);
    }

    /** Builds a protocol from each factory and connects them; see {@link Builder#connect(ProtocolFactory, ProtocolFactory)}. */
    public static LoopbackPump connect(ProtocolFactory serverFactory, ProtocolFactory clientFactory) {
        return builder().connect(serverFactory, clientFactory);
    }

    /** Options for a pump: chunk size, step bound, clock, addresses, watermarks, TLS. */
    public static Builder builder() {
        return new Builder();
    }

    // ------------------------------------------------------------------ access

    /** The server's end. */
    public FakeTransport serverTransport() {
        return server;
    }

    /** The client's end. */
    public FakeTransport clientTransport() {
        return client;
    }

    /** The server protocol that was connected (above any inserted layer). */
    public Protocol serverProtocol() {
        return serverProtocol;
    }

    /** The client protocol that was connected (above any inserted layer). */
    public Protocol clientProtocol() {
        return clientProtocol;
    }

    FakeTransport.TlsStarter tlsStarter() {
        return options.tlsStarter;
    }

    // ------------------------------------------------------------------ driving

    /**
     * Runs one step (see the class comment).
     *
     * @return whether anything happened: bytes moved, a close or loss was delivered, a producer wrote
     * @throws IllegalStateException if called from inside a step (from a protocol callback)
     */
    public boolean flush() {
        if (stepping) {
            throw new IllegalStateException("LoopbackPump.flush() called from inside a pump step");
        }
        stepping = true;
        try {
            if (options.tick != null) {
                options.tick.run();
            }
            boolean progress = false;
            progress |= client.deliverPendingLoss();
            progress |= server.deliverPendingLoss();
            progress |= server.deliverIncoming(options.chunkSize, options.poison);
            progress |= client.deliverIncoming(options.chunkSize, options.poison);
            progress |= client.finishWrites();
            progress |= server.finishWrites();
            progress |= server.deliverEof();
            progress |= client.deliverEof();
            progress |= client.resetIfPeerGone();
            progress |= server.resetIfPeerGone();
            progress |= client.pullProducer();
            progress |= server.pullProducer();
            return progress;
        } finally {
            stepping = false;
        }
    }

    /**
     * Runs steps until one does nothing.
     *
     * @return the number of steps that did something
     * @throws IllegalStateException if it has not settled after {@link Builder#maxSteps} steps (the
     *     protocols keep talking forever, or a producer never stops)
     */
    public int pump() {
        int steps = 0;
        while (flush()) {
            if (++steps >= options.maxSteps) {
                throw new IllegalStateException("LoopbackPump did not settle within " + options.maxSteps + " steps: "
                        + server + ", " + client);
            }
        }
        return steps;
    }

    /**
     * Breaks the connection at once, as a network failure would: everything queued is dropped and
     * both ends hear {@code connectionLost(ConnectionLost)} now (the server first).
     */
    public void breakConnection() {
        Failure reason = new Failure(new ConnectionLost("Connection broken by LoopbackPump.breakConnection()"));
        server.breakNow(reason);
        client.breakNow(reason);
    }

    /** Whether both ends have heard {@code connectionLost}. */
    public boolean isClosed() {
        return server.disconnected() && client.disconnected();
    }

    @Override
    public String toString() {
        return "LoopbackPump[" + server + ", " + client + "]";
    }

    private LoopbackPump start(Protocol serverProto, Protocol clientProto) {
        this.serverProtocol = Objects.requireNonNull(serverProto, "server protocol");
        this.clientProtocol = Objects.requireNonNull(clientProto, "client protocol");
        server.link(client, serverProto);
        client.link(server, clientProto);
        serverProto.makeConnection(server);
        clientProto.makeConnection(client);
        return this;
    }

    // ------------------------------------------------------------------ builder

    /** Options for a {@link LoopbackPump}; reusable, each {@code connect} makes a new pump. */
    public static final class Builder {
        private int chunkSize = Integer.MAX_VALUE;
        private int maxSteps = DEFAULT_MAX_STEPS;
        private Runnable tick;
        private SocketAddress serverAddress = DEFAULT_SERVER_ADDRESS;
        private SocketAddress clientAddress = DEFAULT_CLIENT_ADDRESS;
        private int highWatermark = FakeTransport.DEFAULT_HIGH_WATERMARK;
        private int lowWatermark = FakeTransport.DEFAULT_LOW_WATERMARK;
        private boolean poison = true;
        private FakeTransport.TlsStarter tlsStarter;

        private Builder() {
        }

        /**
         * Delivers at most {@code bytes} per {@code dataReceived} (default: everything queued at
         * once, so consecutive writes arrive coalesced). {@code 1} exercises every buffer boundary.
         */
        public Builder chunkSize(int bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("chunkSize must be at least 1: " + bytes);
            }
            this.chunkSize = bytes;
            return this;
        }

        /** Bound on the steps of one {@link #pump()} (default {@value #DEFAULT_MAX_STEPS}). */
        public Builder maxSteps(int steps) {
            if (steps < 1) {
                throw new IllegalArgumentException("maxSteps must be at least 1: " + steps);
            }
            this.maxSteps = steps;
            return this;
        }

        /** Calls {@code clock.advance(0)} at the start of every step, as Twisted's IOPump does. */
        public Builder clock(Clock clock) {
            Objects.requireNonNull(clock, "clock");
            this.tick = () -> clock.advance(0);
            return this;
        }

        /**
         * Calls {@code reactor.advance(0)} at the start of every step: pending
         * {@code callFromThread} calls and due timed calls run.
         */
        public Builder reactor(MemoryReactor reactor) {
            Objects.requireNonNull(reactor, "reactor");
            this.tick = () -> reactor.advance(0);
            return this;
        }

        /** The server's address (the client's {@code getPeer()}); default {@link #DEFAULT_SERVER_ADDRESS}. */
        public Builder serverAddress(SocketAddress address) {
            this.serverAddress = Objects.requireNonNull(address, "address");
            return this;
        }

        /** The client's address (the server's {@code getPeer()}); default {@link #DEFAULT_CLIENT_ADDRESS}. */
        public Builder clientAddress(SocketAddress address) {
            this.clientAddress = Objects.requireNonNull(address, "address");
            return this;
        }

        /**
         * Watermarks of queued bytes for registered push producers on both ends (defaults
         * {@link FakeTransport#DEFAULT_HIGH_WATERMARK} and {@link FakeTransport#DEFAULT_LOW_WATERMARK}).
         */
        public Builder watermarks(int high, int low) {
            if (low < 0 || low > high) {
                throw new IllegalArgumentException("need 0 <= low <= high: high=" + high + " low=" + low);
            }
            this.highWatermark = high;
            this.lowWatermark = low;
            return this;
        }

        /**
         * Whether each delivered buffer's scratch memory is overwritten after {@code dataReceived}
         * returns (default {@code true}), so that a protocol that keeps a reference to it, against
         * the {@link Protocol#dataReceived} contract, sees garbage.
         */
        public Builder poisonDeliveredBuffers(boolean poison) {
            this.poison = poison;
            return this;
        }

        /**
         * How {@link FakeTransport#startTLS} inserts a TLS layer, typically
         * {@code (transport, options) -> transport.insertLayer(new TlsLayer(transport.protocol(), options))}.
         * Without it {@code startTLS} throws {@link UnsupportedOperationException}.
         */
        public Builder tls(FakeTransport.TlsStarter starter) {
            this.tlsStarter = starter;
            return this;
        }

        /**
         * Connects the two protocols: {@code server.makeConnection} runs first, then
         * {@code client.makeConnection}. Nothing is delivered until the pump is driven.
         */
        public LoopbackPump connect(Protocol server, Protocol client) {
            return new LoopbackPump(this).start(server, client);
        }

        /**
         * Builds the server protocol with {@code serverFactory.buildProtocol(clientAddress)} and
         * the client protocol with {@code clientFactory.buildProtocol(serverAddress)}, then connects
         * them. The factories' {@code doStart}/{@code doStop} are not called (no port or connector
         * is involved; see {@link MemoryReactor} for those).
         *
         * @throws IllegalStateException if a factory returns {@code null} (refuses the connection)
         */
        public LoopbackPump connect(ProtocolFactory serverFactory, ProtocolFactory clientFactory) {
            Protocol s = serverFactory.buildProtocol(clientAddress);
            if (s == null) {
                throw new IllegalStateException("server factory " + serverFactory + " refused the connection");
            }
            Protocol c = clientFactory.buildProtocol(serverAddress);
            if (c == null) {
                throw new IllegalStateException("client factory " + clientFactory + " refused the connection");
            }
            return connect(s, c);
        }
    }
}
