package io.twisted.internet;

/** UDP (Twisted's {@code IReactorUDP} and {@code IReactorMulticast}). */
public interface ReactorUdp {

    /** Largest datagram delivered by default, as Twisted's. */
    int DEFAULT_MAX_PACKET_SIZE = 8192;

    /**
     * Binds a UDP port ({@code 0} picks one) on {@code iface} ({@code ""} for every IPv4
     * interface, an IPv6 literal for IPv6) and starts {@code protocol} on it. Datagrams longer than
     * {@code maxPacketSize} are dropped and logged.
     *
     * @throws io.twisted.internet.error.CannotListenError if the port cannot be bound
     */
    DatagramTransport listenUDP(int port, DatagramProtocol protocol, String iface, int maxPacketSize);

    default DatagramTransport listenUDP(int port, DatagramProtocol protocol) {
        return listenUDP(port, protocol, "", DEFAULT_MAX_PACKET_SIZE);
    }

    /**
     * As {@link #listenUDP}, for multicast: with {@code listenMultiple} several sockets (of this or
     * other processes) may bind the same port.
     */
    DatagramTransport listenMulticast(int port, DatagramProtocol protocol, String iface, int maxPacketSize, boolean listenMultiple);
}
