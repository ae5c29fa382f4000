package io.twisted.internet.endpoints;

import io.twisted.internet.Connector;
import io.twisted.internet.DelayedCall;
import io.twisted.internet.Protocol;
import io.twisted.internet.ProtocolFactory;
import io.twisted.internet.Reactor;
import io.twisted.internet.ReactorTcp;
import io.twisted.internet.defer.CancelledError;
import io.twisted.internet.defer.Deferred;
import io.twisted.internet.defer.Failure;
import io.twisted.internet.error.DNSLookupError;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Objects;

/**
 * A name-based TCP client endpoint that connects to the first of the host's addresses to answer
 * (Twisted's {@code HostnameEndpoint}), with the "Happy Eyeballs" algorithm of RFC 8305.
 *
 * <ol>
 *   <li>The name is resolved off the reactor thread (by default {@link InetAddress#getAllByName}
 *       on the reactor's thread pool, {@code callInThread}; tests inject a {@link Resolver}). An IP literal
 *       resolves to itself. No answer fails the connection with {@link DNSLookupError}.</li>
 *   <li>The addresses are interleaved by family (RFC 8305 section 4): the resolver's order is kept
 *       within each family (the system sorts by RFC 6724 already), the family of the first
 *       answer goes first, then they alternate (IPv6, IPv4, IPv6, ... when IPv6 came first).</li>
 *   <li>Attempts start one "Connection Attempt Delay" apart (section 5; default 250 ms, measured
 *       on the reactor clock), without waiting for earlier attempts to finish. When an attempt
 *       fails and none other is in progress, the next starts at once instead of waiting.</li>
 *   <li>The first attempt to connect wins: its protocol is built by the user's factory, the
 *       Deferred fires with it, and every other attempt is cancelled (its connector stops
 *       connecting); an attempt that connects after the winner gets no protocol and is closed.</li>
 *   <li>When every attempt fails the Deferred fails with the last attempt's failure.</li>
 *   <li>Cancelling the Deferred cancels the resolution, the pending attempt timer and every
 *       attempt in progress; the Deferred fails with {@link CancelledError}.</li>
 * </ol>
 *
 * Deviations from RFC 8305: there is no separate AAAA/A query race (section 3), since the
 * system resolver returns both families at once; the attempt delay is fixed (not adapted to
 * measured round-trip times).
 */
public class HostnameEndpoint implements ClientEndpoint {

    /** RFC 8305 section 5's recommended Connection Attempt Delay, in seconds. */
    public static final double DEFAULT_ATTEMPT_DELAY = 0.25;

    /** Resolves a host name to addresses; the Deferred must fire on the reactor thread. */
    @FunctionalInterface
    public interface Resolver {
        /**
         * @return fires with the addresses in preference order, or fails (for example with
         *     {@link UnknownHostException})
         */
        Deferred<List<InetAddress>> resolve(String host);
    }

    private final Reactor reactor;
    private final String host;
    private final int port;
    private final double timeout;
    private final SocketAddress bindAddress;
    private final Resolver resolver;
    private final double attemptDelay;

    /** Connects to {@code host:port} with the default timeout (30 s), resolver and attempt delay. */
    public HostnameEndpoint(Reactor reactor, String host, int port) {
        this(reactor, host, port, ReactorTcp.DEFAULT_CONNECT_TIMEOUT, null);
    }

    /**
     * @param timeout seconds each connection attempt may take
     * @param bindAddress local address to bind before connecting, or {@code null}
     */
    public HostnameEndpoint(Reactor reactor, String host, int port, double timeout, SocketAddress bindAddress) {
        this(reactor, host, port, timeout, bindAddress, null, DEFAULT_ATTEMPT_DELAY);
    }

    private HostnameEndpoint(Reactor reactor, String host, int port, double timeout, SocketAddress bindAddress,
            Resolver resolver, double attemptDelay) {
        this.reactor = Objects.requireNonNull(reactor, "reactor");
        this.host = Objects.requireNonNull(host, "host");
        if (host.isEmpty()) {
            throw new IllegalArgumentException("host is empty");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is out of range 1-65535");
        }
        if (!(timeout > 0)) {
            throw new IllegalArgumentException("timeout must be positive, not " + timeout);
        }
        if (!(attemptDelay >= 0)) {
            throw new IllegalArgumentException("attempt delay must not be negative, not " + attemptDelay);
        }
        this.port = port;
        this.timeout = timeout;
        this.bindAddress = bindAddress;
        this.resolver = resolver != null ? resolver : this::resolveInThread;
        this.attemptDelay = attemptDelay;
    }

    /** A copy that resolves names with {@code resolver}. */
    public HostnameEndpoint withResolver(Resolver resolver) {
        return new HostnameEndpoint(reactor, host, port, timeout, bindAddress, Objects.requireNonNull(resolver, "resolver"), attemptDelay);
    }

    /** A copy that starts attempts {@code seconds} apart (RFC 8305 section 5 recommends 0.1 to 2 s). */
    public HostnameEndpoint withAttemptDelay(double seconds) {
        return new HostnameEndpoint(reactor, host, port, timeout, bindAddress, resolver, seconds);
    }

    /** {@link InetAddress#getAllByName} on the reactor's thread pool ({@code callInThread}), the answer on the reactor thread. */
    private Deferred<List<InetAddress>> resolveInThread(String name) {
        Deferred<List<InetAddress>> d = new Deferred<>();
        reactor.callInThread(() -> {
            try {
                List<InetAddress> addresses = Arrays.asList(InetAddress.getAllByName(name));
                reactor.callFromThread(() -> {
                    if (!d.isCalled()) {
                        d.callback(addresses);
                    }
                });
            } catch (UnknownHostException | RuntimeException e) {
                reactor.callFromThread(() -> {
                    if (!d.isCalled()) {
                        d.errback(e);
                    }
                });
            }
        });
        return d;
    }

    @Override
    public Deferred<Protocol> connect(ProtocolFactory factory) {
        return new Race(Objects.requireNonNull(factory, "factory")).start();
    }

    /**
     * Interleaves {@code addresses} by family, the first answer's family first (RFC 8305 section 4).
     */
    public static List<InetAddress> interleave(List<InetAddress> addresses) {
        List<InetAddress> v6 = new ArrayList<>();
        List<InetAddress> v4 = new ArrayList<>();
        for (InetAddress a : addresses) {
            (a instanceof Inet6Address ? v6 : v4).add(a);
        }
        boolean v6First = !addresses.isEmpty() && addresses.get(0) instanceof Inet6Address;
        List<InetAddress> first = v6First ? v6 : v4;
        List<InetAddress> second = v6First ? v4 : v6;
        List<InetAddress> out = new ArrayList<>(addresses.size());
        for (int i = 0; i < Math.max(first.size(), second.size()); i++) {
            if (i < first.size()) {
                out.add(first.get(i));
            }
            if (i < second.size()) {
                out.add(second.get(i));
            }
        }
        return out;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    /** Seconds each attempt may take. */
    public double timeout() {
        return timeout;
    }

    /** The local address bound before connecting, or {@code null}. */
    public SocketAddress bindAddress() {
        return bindAddress;
    }

    /** Seconds between the starts of two attempts. */
    public double attemptDelay() {
        return attemptDelay;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(host='" + host + "', port=" + port + ", timeout=" + timeout
                + (bindAddress == null ? "" : ", bindAddress=" + bindAddress) + ", attemptDelay=" + attemptDelay + ")";
    }

    /** One call of {@link #connect}: resolution, then the attempts racing. All on the reactor thread. */
    private final class Race {
        private final ProtocolFactory factory;
        private final Deferred<Protocol> result;
        private final Deque<InetAddress> pending = new ArrayDeque<>();
        private final List<Deferred<Protocol>> inFlight = new ArrayList<>();
        private Deferred<List<InetAddress>> resolving;
        private DelayedCall nextAttempt;
        private boolean protocolBuilt;
        private boolean done;
        private Failure lastFailure;
        private final ProtocolFactory once = new ProtocolFactory() {
            @Override
            public Protocol buildProtocol(SocketAddress address) {
                return buildOnce(address);
            }

            @Override
            public void doStart() {
                factory.doStart();
            }

            @Override
            public void doStop() {
                factory.doStop();
            }
        };

        Race(ProtocolFactory factory) {
            this.factory = factory;
            this.result = new Deferred<>(this::cancel);
        }

        Deferred<Protocol> start() {
            Deferred<List<InetAddress>> d;
            try {
                d = resolver.resolve(host);
            } catch (RuntimeException e) {
                d = Deferred.fail(e);
            }
            resolving = d;
            d.addCallbacks(this::resolved, this::resolutionFailed);
            return result;
        }

        private Void resolved(List<InetAddress> addresses) {
            resolving = null;
            if (done) {
                return null;
            }
            if (addresses == null || addresses.isEmpty()) {
                finish(new Failure(new DNSLookupError("no addresses for host " + host)));
                return null;
            }
            pending.addAll(interleave(addresses));
            startNextAttempt();
            return null;
        }

        private Void resolutionFailed(Failure f) {
            resolving = null;
            if (done) {
                return null;
            }
            Throwable cause = f.value();
            finish(new Failure(cause instanceof DNSLookupError ? cause
                    : new DNSLookupError("cannot resolve host " + host + ": " + f.getErrorMessage(), cause)));
            return null;
        }

        private void startNextAttempt() {
            nextAttempt = null;
            if (done || pending.isEmpty()) {
                return;
            }
            InetAddress address = pending.removeFirst();
            WrappingClientFactory attempt = new WrappingClientFactory(once);
            Deferred<Protocol> d;
            try {
                Connector connector = reactor.connectTCP(address.getHostAddress(), port, attempt, timeout, bindAddress);
                attempt.setConnector(connector);
                d = attempt.whenConnected();
            } catch (RuntimeException e) {
                d = Deferred.fail(e);
            }
            inFlight.add(d);
            Deferred<Protocol> mine = d;
            d.addCallbacks(p -> connected(mine, p), f -> attemptFailed(mine, f));
            if (!done && !pending.isEmpty() && nextAttempt == null) {
                nextAttempt = reactor.callLater(attemptDelay, this::startNextAttempt);
            }
        }

        /** The user's factory builds one protocol only: for the first attempt to connect. */
        private Protocol buildOnce(SocketAddress address) {
            if (protocolBuilt || done) {
                return null;
            }
            protocolBuilt = true;
            return factory.buildProtocol(address);
        }

        private Protocol connected(Deferred<Protocol> attempt, Protocol p) {
            inFlight.remove(attempt);
            if (!done) {
                done = true;
                stopEverything();
                result.callback(p);
            }
            return p;
        }

        private Void attemptFailed(Deferred<Protocol> attempt, Failure f) {
            inFlight.remove(attempt);
            if (done) {
                return null;
            }
            lastFailure = f;
            if (!inFlight.isEmpty()) {
                return null;
            }
            if (pending.isEmpty()) {
                finish(lastFailure);
            } else {
                cancelTimer();
                startNextAttempt(); // nothing in progress: no reason to wait for the delay
            }
            return null;
        }

        private void finish(Failure f) {
            done = true;
            stopEverything();
            if (!result.isCalled()) {
                result.errback(f);
            }
        }

        private void cancel(Deferred<Protocol> d) {
            if (done) {
                return;
            }
            done = true;
            Deferred<List<InetAddress>> r = resolving;
            resolving = null;
            if (r != null) {
                r.cancel();
            }
            stopEverything();
            if (!d.isCalled()) {
                d.errback(new CancelledError("connection to " + host + ":" + port + " cancelled"));
            }
        }

        private void stopEverything() {
            cancelTimer();
            pending.clear();
            for (Deferred<Protocol> d : new ArrayList<>(inFlight)) {
                d.cancel();
            }
            inFlight.clear();
        }

        private void cancelTimer() {
            if (nextAttempt != null && nextAttempt.active()) {
                nextAttempt.cancel();
            }
            nextAttempt = null;
        }
    }
}
