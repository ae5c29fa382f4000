package io.twisted.names.server;

import io.twisted.internet.Factory;
import io.twisted.internet.Protocol;
import io.twisted.internet.ReactorTime;
import java.net.SocketAddress;
import java.util.Objects;

/**
 * A DNS server (Twisted's {@code DNSServerFactory}): the TCP factory, and through
 * {@link #datagramProtocol()} the UDP protocol, both answering with one {@link DnsQueryHandler}.
 *
 * <pre>{@code
 * Zone zone = Zone.fromMasterFile(Path.of("example.zone"), null);
 * DnsServerFactory factory = new DnsServerFactory(new DnsQueryHandler(List.of(zone)), reactor);
 * reactor.listenUDP(53, factory.datagramProtocol(), "127.0.0.1", 65535);
 * reactor.listenTCP(53, factory, "127.0.0.1");
 * }</pre>
 */
public final class DnsServerFactory extends Factory {

    /** Default TCP idle timeout, seconds (RFC 7766 §6.2.3 suggests "a few seconds" to minutes). */
    public static final double DEFAULT_IDLE_TIMEOUT = 30;

    private final DnsQueryHandler handler;
    private final ReactorTime clock;
    private double idleTimeout = DEFAULT_IDLE_TIMEOUT;

    public DnsServerFactory(DnsQueryHandler handler, ReactorTime clock) {
        this.handler = Objects.requireNonNull(handler);
        this.clock = Objects.requireNonNull(clock);
    }

    /** Sets the TCP idle timeout in seconds (0 for none). */
    public DnsServerFactory setIdleTimeout(double seconds) {
        this.idleTimeout = seconds;
        return this;
    }

    public DnsQueryHandler handler() {
        return handler;
    }

    @Override
    public Protocol buildProtocol(SocketAddress address) {
        Protocol p = new DnsTcpServerProtocol(handler, clock, idleTimeout);
        p.setFactory(this);
        return p;
    }

    /** A new UDP protocol answering with the same handler. */
    public DnsDatagramServerProtocol datagramProtocol() {
        return new DnsDatagramServerProtocol(handler);
    }
}
