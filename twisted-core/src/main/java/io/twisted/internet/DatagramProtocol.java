package io.twisted.internet;

import java.net.SocketAddress;
import java.nio.ByteBuffer;

/**
 * The handler of a UDP port, as Twisted's {@code DatagramProtocol}.
 *
 * <p>Event flow on the reactor thread: {@code startProtocol()} when a port starts using it,
 * {@code datagramReceived(data, address)} per datagram (the buffer is valid only during the call),
 * {@code connectionRefused()} when a connected port's peer answered with ICMP port unreachable,
 * {@code stopProtocol()} when the last port using it stops.
 */
public class DatagramProtocol {

    /** The port this protocol sends through; set by {@link #makeConnection}. */
    protected DatagramTransport transport;
    private int numPorts;

    /** Attaches the transport and starts the protocol (once, for the first port). */
    public void makeConnection(DatagramTransport transport) {
        this.transport = transport;
        doStart();
    }

    /** Called by a port when it starts using this protocol. */
    public final void doStart() {
        if (numPorts++ == 0) {
            startProtocol();
        }
    }

    /** Called by a port when it stops using this protocol. */
    public final void doStop() {
        if (numPorts == 0) {
            return;
        }
        if (--numPorts == 0) {
            stopProtocol();
            transport = null;
        }
    }

    /** The port started listening. */
    public void startProtocol() {
    }

    /** The last port using this protocol stopped. */
    public void stopProtocol() {
    }

    /** A datagram arrived from {@code address}; {@code data} is valid only during the call. */
    public void datagramReceived(ByteBuffer data, SocketAddress address) {
    }

    /** The peer of a connected port refused a datagram (ICMP port unreachable). */
    public void connectionRefused() {
    }

    /** The transport, or {@code null}. */
    public DatagramTransport transport() {
        return transport;
    }
}
