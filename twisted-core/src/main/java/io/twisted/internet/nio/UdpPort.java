package io.twisted.internet.nio;

import io.twisted.internet.DatagramProtocol;
import io.twisted.internet.DatagramTransport;
import io.twisted.internet.defer.Deferred;
import io.twisted.internet.error.CannotListenError;
import io.twisted.internet.error.MessageLengthError;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.PortUnreachableException;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.MembershipKey;
import java.nio.channels.SelectionKey;
import java.util.HashMap;
import java.util.Map;

/**
 * A UDP port (Twisted's {@code udp.Port} and {@code MulticastPort}). Receives up to
 * {@link #READS_PER_READY} datagrams per readiness into the reactor's shared buffer. Sending never
 * blocks: a datagram the socket buffer cannot take is dropped (and counted), as Twisted drops it on
 * EAGAIN. Errors are reported, never thrown into the reactor: ICMP port unreachable on a connected
 * port calls {@code connectionRefused()}; an oversize datagram to send raises
 * {@link MessageLengthError} to the caller; an oversize datagram received is dropped and logged.
 */
final class UdpPort implements DatagramTransport, Selectable {

    static final int READS_PER_READY = 32;
    /**
     * Receive buffer asked for on every UDP port (the kernel caps it at {@code net.core.rmem_max}):
     * the usual 208 KiB default holds only a few hundred small datagrams, so a burst of queries
     * arriving while the reactor is busy (a DNS server under {@code dnsperf}) was dropped by the
     * kernel before we could read it.
     */
    static final int RECEIVE_BUFFER = 1 << 20;
    /** The largest UDP payload over IPv4 (65,535 - 8 - 20). */
    static final int MAX_IPV4_PAYLOAD = 65507;
    /** The largest UDP payload over IPv6 without jumbograms (65,535 - 8). */
    static final int MAX_IPV6_PAYLOAD = 65527;

    private final NioReactor reactor;
    private final int port;
    private final DatagramProtocol protocol;
    private final String iface;
    private final int maxPacketSize;
    private final boolean listenMultiple;
    private DatagramChannel channel;
    private SelectionKey key;
    private SocketAddress bound;
    private InetSocketAddress connectedTo;
    private boolean listening;
    private Deferred<Void> stopped;
    private final Map<String, MembershipKey> groups = new HashMap<>();
    private long dropped;

    UdpPort(NioReactor reactor, int port, DatagramProtocol protocol, String iface, int maxPacketSize, boolean listenMultiple) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be in 0..65535, got " + port);
        }
        this.reactor = reactor;
        this.port = port;
        this.protocol = protocol;
        this.iface = iface == null ? "" : iface;
        this.maxPacketSize = maxPacketSize <= 0 ? MAX_IPV6_PAYLOAD : maxPacketSize;
        this.listenMultiple = listenMultiple;
    }

    private ProtocolFamily family() {
        return iface.indexOf(':') >= 0 ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET;
    }

    void startListening() {
        InetSocketAddress addr = iface.isEmpty()
                ? new InetSocketAddress(family() == StandardProtocolFamily.INET ? "0.0.0.0" : "::", port)
                : new InetSocketAddress(iface, port);
        if (addr.isUnresolved()) {
            throw new CannotListenError("Couldn't listen on UDP " + iface + ":" + port + ": unknown interface address");
        }
        try {
            channel = DatagramChannel.open(family());
            if (listenMultiple) {
                channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
                try {
                    channel.setOption(StandardSocketOptions.SO_REUSEPORT, true);
                } catch (UnsupportedOperationException ignored) {
                    // SO_REUSEADDR is what multicast needs where SO_REUSEPORT does not exist
                }
            }
            if (channel.getOption(StandardSocketOptions.SO_RCVBUF) < RECEIVE_BUFFER) {
                channel.setOption(StandardSocketOptions.SO_RCVBUF, RECEIVE_BUFFER);
            }
            channel.bind(addr);
            channel.configureBlocking(false);
            bound = channel.getLocalAddress();
            key = reactor.register(channel, SelectionKey.OP_READ, this);
        } catch (IOException e) {
            closeQuietly();
            throw new CannotListenError("Couldn't listen on UDP " + (iface.isEmpty() ? "any" : iface) + ":" + port + ": " + e.getMessage(), e);
        }
        listening = true;
        protocol.makeConnection(this);
    }

    @Override
    public void onReady(int readyOps) {
        ByteBuffer buf = reactor.readBuffer;
        for (int i = 0; i < READS_PER_READY && listening; i++) {
            buf.clear();
            SocketAddress from;
            try {
                from = channel.receive(buf);
            } catch (PortUnreachableException e) {
                refused();
                continue;
            } catch (IOException e) {
                NioReactor.LOG.log(System.Logger.Level.WARNING, "UDP receive on " + bound + " failed: " + e.getMessage());
                return;
            }
            if (from == null) {
                return;
            }
            buf.flip();
            if (buf.remaining() > maxPacketSize) {
                NioReactor.LOG.log(System.Logger.Level.WARNING, "dropped a " + buf.remaining() + "-byte datagram from " + from
                        + " on " + bound + ": longer than maxPacketSize " + maxPacketSize);
                continue;
            }
            try {
                protocol.datagramReceived(buf, from);
            } catch (Throwable t) {
                NioReactor.LOG.log(System.Logger.Level.ERROR, "Unhandled error in datagramReceived of "
                        + protocol.getClass().getName() + " (datagram from " + from + ")", t);
            }
        }
    }

    private void refused() {
        try {
            protocol.connectionRefused();
        } catch (Throwable t) {
            NioReactor.LOG.log(System.Logger.Level.ERROR, "Unhandled error in connectionRefused", t);
        }
    }

    @Override
    public void write(ByteBuffer data, SocketAddress address) {
        if (connectedTo != null) {
            if (address != null && !address.equals(connectedTo)) {
                throw new IllegalStateException("this port is connected to " + connectedTo + "; write(data) without an address");
            }
            write(data);
            return;
        }
        if (address == null) {
            throw new IllegalStateException("this port is not connected: give an address");
        }
        send(data, address);
    }

    @Override
    public void write(ByteBuffer data) {
        if (connectedTo == null) {
            throw new IllegalStateException("this port is not connected: use write(data, address)");
        }
        send(data, null);
    }

    private void send(ByteBuffer data, SocketAddress address) {
        if (!listening) {
            data.position(data.limit());
            return;
        }
        int len = data.remaining();
        int max = family() == StandardProtocolFamily.INET ? MAX_IPV4_PAYLOAD : MAX_IPV6_PAYLOAD;
        if (len > max) {
            throw new MessageLengthError("message too long: " + len + " bytes, a UDP datagram holds at most " + max);
        }
        try {
            int n = address == null ? channel.write(data) : channel.send(data, address);
            if (n == 0 && len > 0) {
                dropped++;
                data.position(data.limit());
            }
        } catch (PortUnreachableException e) {
            data.position(data.limit());
            refused();
        } catch (IOException e) {
            data.position(data.limit());
            if (String.valueOf(e.getMessage()).contains("too long")) {
                throw new MessageLengthError("message too long: " + len + " bytes (" + e.getMessage() + ")", e);
            }
            NioReactor.LOG.log(System.Logger.Level.WARNING, "UDP send from " + bound + " to "
                    + (address == null ? connectedTo : address) + " failed: " + e.getMessage());
        }
    }

    /** Datagrams dropped because the socket's send buffer was full. */
    long droppedDatagrams() {
        return dropped;
    }

    @Override
    public void connect(String host, int port) {
        if (connectedTo != null) {
            throw new IllegalStateException("already connected to " + connectedTo);
        }
        if (!TcpConnector.isLiteral(host)) {
            throw new IllegalArgumentException("please only pass IPs to connect(), not host names: " + host);
        }
        InetSocketAddress to = new InetSocketAddress(host, port);
        try {
            channel.connect(to);
        } catch (IOException e) {
            throw new IllegalStateException("cannot connect UDP port to " + to + ": " + e.getMessage(), e);
        }
        connectedTo = to;
    }

    @Override
    public SocketAddress getHost() {
        return bound;
    }

    @Override
    public Deferred<Void> stopListening() {
        reactor.checkThread("stopListening");
        if (stopped != null) {
            return stopped;
        }
        stopped = new Deferred<>();
        if (!listening) {
            stopped.callback(null);
            return stopped;
        }
        close();
        Deferred<Void> d = stopped;
        reactor.callLater(0, () -> {
            try {
                protocol.doStop();
            } finally {
                d.callback(null);
            }
        });
        return stopped;
    }

    private void close() {
        listening = false;
        if (key != null) {
            key.cancel();
        }
        closeQuietly();
        reactor.unregister(this);
    }

    private void closeQuietly() {
        try {
            if (channel != null) {
                channel.close();
            }
        } catch (IOException ignored) {
            // nothing more to do
        }
    }

    @Override
    public void abortOnError(Throwable error) {
        stopListening();
    }

    @Override
    public void closeForShutdown() {
        if (listening) {
            close();
            protocol.doStop();
        }
    }

    // ------------------------------------------------------------------ broadcast and multicast

    @Override
    public void setBroadcastAllowed(boolean enabled) {
        setOption(StandardSocketOptions.SO_BROADCAST, enabled);
    }

    @Override
    public boolean getBroadcastAllowed() {
        return getOption(StandardSocketOptions.SO_BROADCAST);
    }

    @Override
    public void joinGroup(String group, String ifaceAddress) {
        try {
            InetAddress g = InetAddress.getByName(group);
            NetworkInterface ni = networkInterface(ifaceAddress);
            String k = group + "%" + ni.getName();
            if (groups.containsKey(k)) {
                return;
            }
            groups.put(k, channel.join(g, ni));
        } catch (IOException e) {
            throw new IllegalStateException("cannot join multicast group " + group + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void leaveGroup(String group, String ifaceAddress) {
        try {
            NetworkInterface ni = networkInterface(ifaceAddress);
            MembershipKey k = groups.remove(group + "%" + ni.getName());
            if (k == null) {
                throw new IllegalStateException("not a member of multicast group " + group + " on " + ni.getName());
            }
            k.drop();
        } catch (IOException e) {
            throw new IllegalStateException("cannot leave multicast group " + group + ": " + e.getMessage(), e);
        }
    }

    private NetworkInterface networkInterface(String address) throws IOException {
        NetworkInterface ni;
        if (address == null || address.isEmpty() || address.equals("0.0.0.0")) {
            ni = channel.getOption(StandardSocketOptions.IP_MULTICAST_IF);
            if (ni == null) {
                ni = NetworkInterface.getByInetAddress(InetAddress.getLoopbackAddress());
                // The default route's interface is what the kernel would pick; loopback is the fallback here.
                java.util.Enumeration<NetworkInterface> all = NetworkInterface.getNetworkInterfaces();
                while (all.hasMoreElements()) {
                    NetworkInterface c = all.nextElement();
                    if (c.isUp() && c.supportsMulticast() && !c.isLoopback()) {
                        ni = c;
                        break;
                    }
                }
            }
        } else {
            ni = NetworkInterface.getByInetAddress(InetAddress.getByName(address));
        }
        if (ni == null) {
            throw new IOException("no network interface has address " + address);
        }
        return ni;
    }

    @Override
    public void setTTL(int ttl) {
        setOption(StandardSocketOptions.IP_MULTICAST_TTL, ttl);
    }

    @Override
    public int getTTL() {
        return getOption(StandardSocketOptions.IP_MULTICAST_TTL);
    }

    @Override
    public void setLoopbackMode(boolean enabled) {
        setOption(StandardSocketOptions.IP_MULTICAST_LOOP, enabled);
    }

    @Override
    public boolean getLoopbackMode() {
        return getOption(StandardSocketOptions.IP_MULTICAST_LOOP);
    }

    @Override
    public void setOutgoingInterface(String address) {
        try {
            setOption(StandardSocketOptions.IP_MULTICAST_IF, networkInterface(address));
        } catch (IOException e) {
            throw new IllegalStateException("cannot use interface " + address + ": " + e.getMessage(), e);
        }
    }

    private <T> void setOption(java.net.SocketOption<T> opt, T value) {
        try {
            channel.setOption(opt, value);
        } catch (IOException e) {
            throw new IllegalStateException("cannot set " + opt.name() + ": " + e.getMessage(), e);
        }
    }

    private <T> T getOption(java.net.SocketOption<T> opt) {
        try {
            return channel.getOption(opt);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + opt.name() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "<UDP port " + bound + " of " + protocol.getClass().getSimpleName() + ">";
    }
}
