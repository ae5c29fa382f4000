package io.twisted.web.client;

import io.twisted.internet.DelayedCall;
import io.twisted.internet.ReactorTime;
import io.twisted.internet.defer.Deferred;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Connections kept open between requests (Twisted's {@code HTTPConnectionPool}), keyed by
 * {@code scheme://host:port} (or the proxy's address).
 *
 * <p>A persistent pool keeps at most {@link #maxPersistentPerHost()} idle connections per key
 * (default {@value #DEFAULT_MAX_PERSISTENT_PER_HOST}; the oldest is closed beyond that) and closes
 * each after {@link #cachedConnectionTimeout()} seconds of idleness on the reactor's clock
 * (default {@value #DEFAULT_CACHED_CONNECTION_TIMEOUT}). A connection the server closes while
 * idle is dropped. The number of connections in use is not limited. A request that fails with
 * {@link ResponseNeverReceived} on a reused connection (the server closed it just as we used it) is
 * retried once on a new connection when it is idempotent (RFC 9110 section 9.2.2) and has no body,
 * unless {@link #setRetryAutomatically} turned that off. A non-persistent pool closes each
 * connection after its response.
 */
public final class HttpConnectionPool {

    /** Default most idle connections per key. */
    public static final int DEFAULT_MAX_PERSISTENT_PER_HOST = 2;
    /** Default seconds an idle connection is kept. */
    public static final double DEFAULT_CACHED_CONNECTION_TIMEOUT = 240;

    /** A connection handed out, and whether it had carried a request before. */
    record Connection(HttpClientProtocol protocol, boolean reused) {
    }

    private record Idle(HttpClientProtocol protocol, DelayedCall timeout) {
    }

    private final ReactorTime clock;
    private final boolean persistent;
    private int maxPersistentPerHost = DEFAULT_MAX_PERSISTENT_PER_HOST;
    private double cachedConnectionTimeout = DEFAULT_CACHED_CONNECTION_TIMEOUT;
    private boolean retryAutomatically = true;
    private final Map<String, Deque<Idle>> idle = new HashMap<>();
    private final Map<HttpClientProtocol, Deferred<Void>> closing = new IdentityHashMap<>();
    private int connectionsMade;

    /** A persistent pool timing idle connections on {@code clock}. */
    public HttpConnectionPool(ReactorTime clock) {
        this(clock, true);
    }

    /** A pool on {@code clock}, persistent or not. */
    public HttpConnectionPool(ReactorTime clock, boolean persistent) {
        this.clock = clock;
        this.persistent = persistent;
    }

    /** Whether connections are kept between requests. */
    public boolean isPersistent() {
        return persistent;
    }

    /** Most idle connections per key. */
    public int maxPersistentPerHost() {
        return maxPersistentPerHost;
    }

    /** Sets the most idle connections per key (at least 1). */
    public HttpConnectionPool setMaxPersistentPerHost(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("maxPersistentPerHost must be at least 1: " + n);
        }
        this.maxPersistentPerHost = n;
        return this;
    }

    /** Seconds an idle connection is kept. */
    public double cachedConnectionTimeout() {
        return cachedConnectionTimeout;
    }

    /** Sets the seconds an idle connection is kept (positive). */
    public HttpConnectionPool setCachedConnectionTimeout(double seconds) {
        if (!(seconds > 0)) {
            throw new IllegalArgumentException("cachedConnectionTimeout must be positive: " + seconds);
        }
        this.cachedConnectionTimeout = seconds;
        return this;
    }

    /** Whether idempotent requests that failed on a reused connection are retried once. */
    public boolean retryAutomatically() {
        return retryAutomatically;
    }

    /** Turns automatic retries on or off. */
    public HttpConnectionPool setRetryAutomatically(boolean retry) {
        this.retryAutomatically = retry;
        return this;
    }

    /** The number of idle connections kept for {@code key}. */
    public int idleConnections(String key) {
        Deque<Idle> q = idle.get(key);
        return q == null ? 0 : q.size();
    }

    /** The number of connections this pool opened. */
    public int connectionsMade() {
        return connectionsMade;
    }

    /** An idle connection for {@code key}, else a new one from {@code connect}. */
    Deferred<Connection> getConnection(String key, Supplier<Deferred<HttpClientProtocol>> connect) {
        Deque<Idle> q = idle.get(key);
        while (q != null && !q.isEmpty()) {
            Idle i = q.pollFirst();
            if (i.timeout().active()) {
                i.timeout().cancel();
            }
            if (q.isEmpty()) {
                idle.remove(key);
            }
            if (i.protocol().isIdle()) {
                return Deferred.succeed(new Connection(i.protocol(), true));
            }
        }
        return newConnection(key, connect);
    }

    /** A new connection for {@code key} from {@code connect}. */
    Deferred<Connection> newConnection(String key, Supplier<Deferred<HttpClientProtocol>> connect) {
        connectionsMade++;
        return connect.get().addCallback(p -> {
            p.setListener(new Tracker(key));
            return new Connection(p, false);
        });
    }

    /**
     * Closes every idle connection.
     *
     * @return fires when they are all closed
     */
    public Deferred<Void> closeCachedConnections() {
        List<Deferred<Void>> waits = new ArrayList<>();
        for (Deque<Idle> q : idle.values()) {
            for (Idle i : q) {
                if (i.timeout().active()) {
                    i.timeout().cancel();
                }
                Deferred<Void> d = new Deferred<>();
                closing.put(i.protocol(), d);
                waits.add(d);
            }
        }
        List<Idle> all = new ArrayList<>();
        idle.values().forEach(all::addAll);
        idle.clear();
        for (Idle i : all) {
            i.protocol().transport().loseConnection();
        }
        return Deferred.gatherResults(waits).addCallback(r -> null);
    }

    private void put(String key, HttpClientProtocol p) {
        if (!persistent) {
            p.transport().loseConnection();
            return;
        }
        Deque<Idle> q = idle.computeIfAbsent(key, k -> new ArrayDeque<>());
        DelayedCall timeout = clock.callLater(cachedConnectionTimeout, () -> expire(key, p));
        q.addFirst(new Idle(p, timeout));
        while (q.size() > maxPersistentPerHost) {
            Idle oldest = q.pollLast();
            oldest.timeout().cancel();
            oldest.protocol().transport().loseConnection();
        }
    }

    private void expire(String key, HttpClientProtocol p) {
        if (remove(key, p)) {
            p.transport().loseConnection();
        }
    }

    private boolean remove(String key, HttpClientProtocol p) {
        Deque<Idle> q = idle.get(key);
        if (q == null) {
            return false;
        }
        for (var it = q.iterator(); it.hasNext();) {
            Idle i = it.next();
            if (i.protocol() == p) {
                it.remove();
                if (i.timeout().active()) {
                    i.timeout().cancel();
                }
                if (q.isEmpty()) {
                    idle.remove(key);
                }
                return true;
            }
        }
        return false;
    }

    /** Follows one connection's life: back to the idle set, or gone. */
    private final class Tracker implements HttpClientProtocol.Listener {
        private final String key;

        Tracker(String key) {
            this.key = key;
        }

        @Override
        public void idle(HttpClientProtocol protocol) {
            put(key, protocol);
        }

        @Override
        public void lost(HttpClientProtocol protocol) {
            remove(key, protocol);
            Deferred<Void> d = closing.remove(protocol);
            if (d != null) {
                d.callback(null);
            }
        }
    }

    @Override
    public String toString() {
        return "HttpConnectionPool[persistent=" + persistent + ", idle=" + idle.keySet() + "]";
    }
}
