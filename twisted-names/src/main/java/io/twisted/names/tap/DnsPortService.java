package io.twisted.names.tap;

import io.twisted.application.AbstractService;
import io.twisted.internet.DatagramTransport;
import io.twisted.internet.ListeningPort;
import io.twisted.internet.Reactor;
import io.twisted.internet.defer.Deferred;
import io.twisted.names.server.DnsServerFactory;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Listens for DNS on one port and interface over UDP and TCP while running. Listening happens in
 * {@link #privilegedStartService()} and a failure (port in use) is thrown from there, so
 * {@code twist} reports it. With port 0 the TCP port takes the port the system chose for UDP.
 */
public final class DnsPortService extends AbstractService {

    private static final System.Logger LOG = System.getLogger(DnsPortService.class.getName());

    private final Reactor reactor;
    private final DnsServerFactory factory;
    private final int port;
    private final String iface;
    private DatagramTransport udp;
    private ListeningPort tcp;

    public DnsPortService(Reactor reactor, DnsServerFactory factory, int port, String iface) {
        this.reactor = Objects.requireNonNull(reactor);
        this.factory = Objects.requireNonNull(factory);
        this.port = port;
        this.iface = iface == null ? "" : iface;
    }

    /** The UDP port while listening, else {@code null}. */
    public DatagramTransport udpPort() {
        return udp;
    }

    /** With port 0: how many kernel-picked UDP ports are tried before the TCP port on the same number is given up. */
    static final int MAX_PORT_PICKS = 20;

    /** The TCP port while listening, else {@code null}. */
    public ListeningPort tcpPort() {
        return tcp;
    }

    @Override
    public void privilegedStartService() {
        super.privilegedStartService();
        if (udp != null) {
            return;
        }
        // With port 0 the kernel picks a free UDP port, whose number may be taken for TCP by
        // someone else: then try another pick (a bounded number of times).
        for (int attempt = 1; ; attempt++) {
            udp = reactor.listenUDP(port, factory.datagramProtocol(), iface, 65535);
            int bound = port == 0 ? ((InetSocketAddress) udp.getHost()).getPort() : port;
            try {
                tcp = reactor.listenTCP(bound, factory, iface);
                break;
            } catch (RuntimeException e) {
                udp.stopListening();
                udp = null;
                if (port != 0 || attempt >= MAX_PORT_PICKS || !(e instanceof io.twisted.internet.error.CannotListenError)) {
                    throw e;
                }
            }
        }
        LOG.log(System.Logger.Level.INFO, "DNS listening on " + udp.getHost() + " (UDP and TCP)");
    }

    @Override
    public void startService() {
        super.startService();
        if (udp == null) {
            privilegedStartService();
        }
    }

    @Override
    public Deferred<Void> stopService() {
        super.stopService();
        List<Deferred<? extends Object>> stops = new ArrayList<>();
        if (udp != null) {
            stops.add(udp.stopListening());
            udp = null;
        }
        if (tcp != null) {
            stops.add(tcp.stopListening());
            tcp = null;
        }
        return Deferred.gatherResults(stops).addCallback(x -> null);
    }
}
