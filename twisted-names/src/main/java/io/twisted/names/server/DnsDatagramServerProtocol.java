package io.twisted.names.server;

import io.twisted.internet.DatagramProtocol;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * DNS over UDP (RFC 1035 §4.2.1): each datagram is one query, answered with one datagram to its
 * sender (Twisted's {@code DNSDatagramProtocol} with a server controller). Bad datagrams get
 * FORMERR or are dropped; nothing a client sends stops the port.
 */
public final class DnsDatagramServerProtocol extends DatagramProtocol {

    private static final System.Logger LOG = System.getLogger(DnsDatagramServerProtocol.class.getName());

    private final DnsQueryHandler handler;

    public DnsDatagramServerProtocol(DnsQueryHandler handler) {
        this.handler = Objects.requireNonNull(handler);
    }

    @Override
    public void datagramReceived(ByteBuffer data, SocketAddress address) {
        byte[] query = new byte[data.remaining()];
        data.get(query);
        handler.respond(query, false, address).addCallback(responses -> send(responses, address));
    }

    private Void send(java.util.List<byte[]> responses, SocketAddress address) {
        if (transport == null) {
            return null;
        }
        for (byte[] response : responses) {
            try {
                transport.write(ByteBuffer.wrap(response), address);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "cannot send a response to " + address + ": " + e.getMessage());
            }
        }
        return null;
    }
}
