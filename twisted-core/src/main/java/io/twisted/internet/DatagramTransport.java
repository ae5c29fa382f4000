package io.twisted.internet;

import java.net.SocketAddress;
import java.nio.ByteBuffer;

/**
 * A UDP port as its protocol sees it (Twisted's {@code IUDPTransport} and
 * {@code IMulticastTransport}). Sending never blocks: a datagram the socket cannot take right away
 * is dropped, as UDP may drop it anywhere on the way.
 */
public interface DatagramTransport extends ListeningPort {

    /**
     * Sends one datagram to {@code address} (which must be omitted, i.e. use {@link #write(ByteBuffer)},
     * once the port is connected).
     *
     * @throws io.twisted.internet.error.MessageLengthError if it is longer than a datagram can be
     */
    void write(ByteBuffer data, SocketAddress address);

    /** Sends one datagram to the connected peer. @throws IllegalStateException if not connected */
    void write(ByteBuffer data);

    /**
     * Connects the port to one peer (an IP literal): it then receives only from that peer, and a
     * refused datagram is reported with {@link DatagramProtocol#connectionRefused()}.
     */
    void connect(String host, int port);

    /** Whether sending to broadcast addresses is allowed. */
    void setBroadcastAllowed(boolean enabled);

    boolean getBroadcastAllowed();

    /** Joins multicast {@code group} on {@code iface} (an address of a local interface, or null for the default). */
    void joinGroup(String group, String iface);

    /** Leaves a group joined with {@link #joinGroup}. */
    void leaveGroup(String group, String iface);

    /** Time-to-live of outgoing multicast datagrams. */
    void setTTL(int ttl);

    int getTTL();

    /** Whether our own multicast datagrams loop back to us. */
    void setLoopbackMode(boolean enabled);

    boolean getLoopbackMode();

    /** Sets the interface (by one of its addresses) multicast datagrams leave from. */
    void setOutgoingInterface(String address);
}
