package io.twisted.testing;

import io.twisted.internet.DatagramProtocol;
import io.twisted.internet.DatagramTransport;
import io.twisted.internet.defer.Deferred;
import io.twisted.internet.error.MessageLengthError;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The {@link DatagramTransport} a {@link MemoryReactor} returns from {@code listenUDP} and
 * {@code listenMulticast}: it records the datagrams the protocol sends and the options it sets,
 * and {@link #deliver} hands it datagrams as if they arrived.
 *
 * <pre>{@code
 * var proto = new DnsServerProtocol(...);
 * reactor.listenUDP(53, proto);
 * MemoryDatagramTransport port = reactor.udpPorts().get(0).transport();
 * port.deliver(Bytes.hex("..."), new InetSocketAddress("192.0.2.7", 5353));
 * assertEquals(new InetSocketAddress("192.0.2.7", 5353), port.sent().get(0).address());
 * }</pre>
 *
 * Sending follows the real port: more than 65,507 bytes (the largest IPv4 UDP payload) throws
 * {@link MessageLengthError}; a connected port sends only to its peer. Receiving drops what the
 * real port would drop: datagrams longer than {@code maxPacketSize}, and, once connected,
 * datagrams from anyone but the peer.
 */
public final class MemoryDatagramTransport implements DatagramTransport {

    /** Largest UDP payload over IPv4. */
    public static final int MAX_IPV4_PAYLOAD = 65507;

    /** One datagram sent: a copy of its bytes and where it went. */
    public record Datagram(byte[] data, SocketAddress address) {
        /** The bytes as a read-only buffer. */
        public ByteBuffer buffer() {
            return ByteBuffer.wrap(data).asReadOnlyBuffer();
        }
    }

    private final SocketAddress host;
    private final DatagramProtocol protocol;
    private final int maxPacketSize;
    private final List<Datagram> sent = new ArrayList<>();
    private final Set<String> groups = new LinkedHashSet<>();
    private InetSocketAddress connectedTo;
    private boolean listening;
    private boolean broadcastAllowed;
    private int ttl = 1;
    private boolean loopbackMode = true;
    private String outgoingInterface;

    MemoryDatagramTransport(SocketAddress host, DatagramProtocol protocol, int maxPacketSize) {
        this.host = host;
        this.protocol = protocol;
        this.maxPacketSize = maxPacketSize <= 0 ? MAX_IPV4_PAYLOAD : maxPacketSize;
    }

    void start() {
        listening = true;
        protocol.makeConnection(this);
    }

    // ------------------------------------------------------------------ test side

    /** Every datagram sent, in order. */
    public List<Datagram> sent() {
        return Collections.unmodifiableList(sent);
    }

    /** Returns {@link #sent()} and forgets it. */
    public List<Datagram> takeSent() {
        List<Datagram> out = List.copyOf(sent);
        sent.clear();
        return out;
    }

    /**
     * Delivers a datagram from {@code from} to the protocol, as the real port would.
     *
     * @return whether it was delivered (not dropped as too long, from a stranger to a connected
     *     port, or to a port that stopped listening)
     */
    public boolean deliver(ByteBuffer data, SocketAddress from) {
        Objects.requireNonNull(from, "from");
        if (!listening || data.remaining() > maxPacketSize || connectedTo != null && !connectedTo.equals(from)) {
            data.position(data.limit());
            return false;
        }
        byte[] copy = new byte[data.remaining()];
        data.get(copy);
        protocol.datagramReceived(ByteBuffer.wrap(copy), from);
        return true;
    }

    /** Tells a connected port's protocol that its peer refused a datagram (ICMP port unreachable). */
    public void refuse() {
        if (connectedTo == null) {
            throw new IllegalStateException("only a connected port hears of refused datagrams");
        }
        protocol.connectionRefused();
    }

    /** The protocol. */
    public DatagramProtocol protocol() {
        return protocol;
    }

    /** The peer given to {@link #connect}, or {@code null}. */
    public InetSocketAddress connectedTo() {
        return connectedTo;
    }

    /** Multicast groups joined, as {@code "group%iface"} ({@code iface} may be {@code null}). */
    public Set<String> groups() {
        return Collections.unmodifiableSet(groups);
    }

    /** The interface set by {@link #setOutgoingInterface}, or {@code null}. */
    public String outgoingInterface() {
        return outgoingInterface;
    }

    /** Whether {@link #stopListening()} has not been called. */
    public boolean isListening() {
        return listening;
    }

    // ------------------------------------------------------------------ DatagramTransport

    @Override
    public SocketAddress getHost() {
        return host;
    }

    /** Stops the port: the protocol's {@code doStop} runs (the first time). */
    @Override
    public Deferred<Void> stopListening() {
        if (listening) {
            listening = false;
            protocol.doStop();
        }
        return Deferred.succeed(null);
    }

    @Override
    public void write(ByteBuffer data, SocketAddress address) {
        Objects.requireNonNull(address, "address");
        if (connectedTo != null && !connectedTo.equals(address)) {
            throw new IllegalStateException("a connected port sends only to " + connectedTo + ", not " + address);
        }
        send(data, address);
    }

    @Override
    public void write(ByteBuffer data) {
        if (connectedTo == null) {
            throw new IllegalStateException("port is not connected: give an address");
        }
        send(data, connectedTo);
    }

    private void send(ByteBuffer data, SocketAddress address) {
        if (data.remaining() > MAX_IPV4_PAYLOAD) {
            throw new MessageLengthError("message too long: " + data.remaining() + " bytes, a UDP datagram holds at most "
                    + MAX_IPV4_PAYLOAD);
        }
        byte[] copy = new byte[data.remaining()];
        data.get(copy);
        sent.add(new Datagram(copy, address));
    }

    /** Connects to an IP literal (a host name is refused, as the real port does not look names up). */
    @Override
    public void connect(String host, int port) {
        InetSocketAddress a = MemoryReactor.inetAddress(host, port);
        if (a.isUnresolved()) {
            throw new IllegalArgumentException("please pass only IP addresses, not domain names: " + host);
        }
        connectedTo = a;
    }

    @Override
    public void setBroadcastAllowed(boolean enabled) {
        broadcastAllowed = enabled;
    }

    @Override
    public boolean getBroadcastAllowed() {
        return broadcastAllowed;
    }

    @Override
    public void joinGroup(String group, String iface) {
        groups.add(group + "%" + iface);
    }

    @Override
    public void leaveGroup(String group, String iface) {
        groups.remove(group + "%" + iface);
    }

    @Override
    public void setTTL(int ttl) {
        this.ttl = ttl;
    }

    @Override
    public int getTTL() {
        return ttl;
    }

    @Override
    public void setLoopbackMode(boolean enabled) {
        loopbackMode = enabled;
    }

    @Override
    public boolean getLoopbackMode() {
        return loopbackMode;
    }

    @Override
    public void setOutgoingInterface(String address) {
        outgoingInterface = address;
    }

    @Override
    public String toString() {
        return "MemoryDatagramTransport[" + host + (listening ? "" : ", stopped") + "]";
    }
}
