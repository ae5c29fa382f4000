package io.twisted.protocols.policies;

import io.twisted.internet.DelayedCall;
import io.twisted.internet.Protocol;
import io.twisted.internet.ProtocolFactory;
import io.twisted.internet.ReactorTime;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.Objects;

/**
 * Limits the connections of a factory and their bandwidth, as Twisted's
 * {@code policies.ThrottlingFactory}.
 *
 * <ul>
 *   <li><b>Connections:</b> beyond {@code maxConnectionCount} live connections,
 *       {@link #buildProtocol} returns {@code null} and the new connection is closed at once.
 *   <li><b>Reads:</b> the bytes read by all connections are counted per second of the injected
 *       clock; a second over {@code readLimit} bytes pauses reading on every connection
 *       ({@code transport.pauseProducing()}) for {@code read/readLimit - 1} seconds.
 *   <li><b>Writes:</b> likewise for bytes written over {@code writeLimit}; as in Twisted, only a
 *       producer registered through the connection is paused — plain writes are counted but not held
 *       back, since a transport never refuses a write.
 * </ul>
 * Limits of {@code null} (bandwidth) or {@link Integer#MAX_VALUE} (connections) mean no limit. The
 * per-second checks run only while at least one connection is up.
 */
public class ThrottlingFactory extends WrappingFactory {

    private final ReactorTime clock;
    private final int maxConnectionCount;
    private final Long readLimit;
    private final Long writeLimit;
    private int connectionCount;
    private long readThisSecond;
    private long writtenThisSecond;
    private DelayedCall checkReadCall;
    private DelayedCall checkWriteCall;
    private DelayedCall unthrottleReadsCall;
    private DelayedCall unthrottleWritesCall;

    /**
     * @param maxConnectionCount most connections at once
     * @param readLimit most bytes read per second over all connections, or {@code null}
     * @param writeLimit most bytes written per second over all connections, or {@code null}
     */
    public ThrottlingFactory(ProtocolFactory wrappedFactory, ReactorTime clock, int maxConnectionCount,
            Long readLimit, Long writeLimit) {
        super(wrappedFactory);
        this.clock = Objects.requireNonNull(clock, "clock");
        if (maxConnectionCount < 0) {
            throw new IllegalArgumentException("maxConnectionCount must not be negative: " + maxConnectionCount);
        }
        if ((readLimit != null && readLimit <= 0) || (writeLimit != null && writeLimit <= 0)) {
            throw new IllegalArgumentException("bandwidth limits must be positive");
        }
        this.maxConnectionCount = maxConnectionCount;
        this.readLimit = readLimit;
        this.writeLimit = writeLimit;
    }

    /** Only a connection-count limit. */
    public ThrottlingFactory(ProtocolFactory wrappedFactory, ReactorTime clock, int maxConnectionCount) {
        this(wrappedFactory, clock, maxConnectionCount, null, null);
    }

    /** The number of connections built and not yet lost. */
    public int connectionCount() {
        return connectionCount;
    }

    @Override
    public Protocol buildProtocol(SocketAddress address) {
        if (connectionCount >= maxConnectionCount) {
            return null;
        }
        Protocol p = super.buildProtocol(address);
        if (p == null) {
            return null;
        }
        if (connectionCount++ == 0) {
            if (readLimit != null) {
                checkReadBandwidth();
            }
            if (writeLimit != null) {
                checkWriteBandwidth();
            }
        }
        return p;
    }

    @Override
    protected ProtocolWrapper wrapProtocol(Protocol wrapped) {
        return new ThrottlingProtocol(this, wrapped);
    }

    @Override
    public void unregisterProtocol(ProtocolWrapper wrapper) {
        super.unregisterProtocol(wrapper);
        if (--connectionCount == 0) {
            checkReadCall = cancel(checkReadCall);
            checkWriteCall = cancel(checkWriteCall);
            unthrottleReadsCall = cancel(unthrottleReadsCall);
            unthrottleWritesCall = cancel(unthrottleWritesCall);
        }
    }

    /** Counts bytes read by one of the connections. */
    void registerRead(long n) {
        readThisSecond += n;
    }

    /** Counts bytes written by one of the connections. */
    void registerWritten(long n) {
        writtenThisSecond += n;
    }

    private void checkReadBandwidth() {
        if (readThisSecond > readLimit) {
            forEach(ThrottlingProtocol::throttleReads);
            double throttleTime = (double) readThisSecond / readLimit - 1.0;
            unthrottleReadsCall = clock.callLater(throttleTime, this::unthrottleReads);
        }
        readThisSecond = 0;
        checkReadCall = clock.callLater(1, this::checkReadBandwidth);
    }

    private void checkWriteBandwidth() {
        if (writtenThisSecond > writeLimit) {
            forEach(ThrottlingProtocol::throttleWrites);
            double throttleTime = (double) writtenThisSecond / writeLimit - 1.0;
            unthrottleWritesCall = clock.callLater(throttleTime, this::unthrottleWrites);
        }
        writtenThisSecond = 0;
        checkWriteCall = clock.callLater(1, this::checkWriteBandwidth);
    }

    private void unthrottleReads() {
        unthrottleReadsCall = null;
        forEach(ThrottlingProtocol::unthrottleReads);
    }

    private void unthrottleWrites() {
        unthrottleWritesCall = null;
        forEach(ThrottlingProtocol::unthrottleWrites);
    }

    private void forEach(java.util.function.Consumer<ThrottlingProtocol> action) {
        for (ProtocolWrapper p : new ArrayList<>(protocols())) {
            if (p instanceof ThrottlingProtocol t) {
                action.accept(t);
            }
        }
    }

    private static DelayedCall cancel(DelayedCall call) {
        if (call != null && call.active()) {
            call.cancel();
        }
        return null;
    }
}
