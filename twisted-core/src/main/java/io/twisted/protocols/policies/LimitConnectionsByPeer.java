package io.twisted.protocols.policies;

import io.twisted.internet.Protocol;
import io.twisted.internet.ProtocolFactory;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Refuses a peer's connections beyond a number at once, as Twisted's
 * {@code policies.LimitConnectionsByPeer} (default {@value #DEFAULT_MAX_CONNECTIONS_PER_PEER}).
 * A peer is its host address ({@link InetSocketAddress#getHostString()}; any other address type as a
 * whole). A refused connection is closed at once ({@link #buildProtocol} returns {@code null}).
 * Unlike Twisted's, the count is given back for the peer that was counted even if the connection's
 * reported peer changes (e.g. a PROXY-protocol wrapper rewrote it).
 */
public class LimitConnectionsByPeer extends WrappingFactory {

    /** Twisted's default: 5 connections per peer. */
    public static final int DEFAULT_MAX_CONNECTIONS_PER_PEER = 5;

    private final int maxConnectionsPerPeer;
    private final Map<String, Integer> peerConnections = new HashMap<>();
    private final Map<ProtocolWrapper, String> peerOf = new IdentityHashMap<>();

    /** At most {@value #DEFAULT_MAX_CONNECTIONS_PER_PEER} connections per peer. */
    public LimitConnectionsByPeer(ProtocolFactory wrappedFactory) {
        this(wrappedFactory, DEFAULT_MAX_CONNECTIONS_PER_PEER);
    }

    /** At most {@code maxConnectionsPerPeer} connections per peer. */
    public LimitConnectionsByPeer(ProtocolFactory wrappedFactory, int maxConnectionsPerPeer) {
        super(wrappedFactory);
        if (maxConnectionsPerPeer < 0) {
            throw new IllegalArgumentException("maxConnectionsPerPeer must not be negative: " + maxConnectionsPerPeer);
        }
        this.maxConnectionsPerPeer = maxConnectionsPerPeer;
    }

    /** The connections counted for {@code peer}'s host. */
    public int connectionsFrom(SocketAddress peer) {
        return peerConnections.getOrDefault(hostOf(peer), 0);
    }

    @Override
    public Protocol buildProtocol(SocketAddress address) {
        String host = hostOf(address);
        int count = peerConnections.getOrDefault(host, 0);
        if (count >= maxConnectionsPerPeer) {
            return null;
        }
        Protocol p = super.buildProtocol(address);
        if (p instanceof ProtocolWrapper wrapper) {
            peerConnections.put(host, count + 1);
            peerOf.put(wrapper, host);
        }
        return p;
    }

    @Override
    public void unregisterProtocol(ProtocolWrapper wrapper) {
        super.unregisterProtocol(wrapper);
        String host = peerOf.remove(wrapper);
        if (host != null) {
            peerConnections.computeIfPresent(host, (h, n) -> n <= 1 ? null : n - 1);
        }
    }

    private static String hostOf(SocketAddress address) {
        if (address instanceof InetSocketAddress inet) {
            return inet.getHostString();
        }
        return String.valueOf(address);
    }
}
