package io.twisted.names.server;

import io.twisted.internet.DelayedCall;
import io.twisted.internet.ReactorTime;
import io.twisted.internet.defer.Failure;
import io.twisted.protocols.basic.Int16StringReceiver;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;

/**
 * DNS over TCP (RFC 1035 §4.2.2, RFC 7766): each message is preceded by its length in two octets
 * ({@link Int16StringReceiver} framing, so at most one 65,535-octet frame is buffered); several
 * queries may follow one another on a connection. Authoritative answers go out in order;
 * forwarded (recursive) ones as they complete, matched by ID (RFC 7766 §7). A connection idle
 * for {@code idleTimeout} seconds is closed (RFC 7766 §6.2.3); a frame shorter than a DNS header
 * closes the connection.
 */
public final class DnsTcpServerProtocol extends Int16StringReceiver {

    private final DnsQueryHandler handler;
    private final ReactorTime clock;
    private final double idleTimeout;
    private DelayedCall idleCall;
    private boolean closed;

    /**
     * @param idleTimeout seconds a connection may stay without a complete query; 0 or less for none
     */
    public DnsTcpServerProtocol(DnsQueryHandler handler, ReactorTime clock, double idleTimeout) {
        super(65535);
        this.handler = Objects.requireNonNull(handler);
        this.clock = Objects.requireNonNull(clock);
        this.idleTimeout = idleTimeout;
    }

    @Override
    public void connectionMade() {
        resetIdle();
    }

    @Override
    protected void stringReceived(byte[] query) {
        if (query.length < 12) {
            transport.loseConnection();
            return;
        }
        handler.respond(query, true, transport.getPeer()).addCallback(this::send);
        resetIdle();
    }

    private Void send(List<byte[]> responses) {
        if (!closed) {
            for (byte[] response : responses) {
                sendString(ByteBuffer.wrap(response));
            }
        }
        return null;
    }

    private void resetIdle() {
        if (idleTimeout <= 0) {
            return;
        }
        if (idleCall != null && idleCall.active()) {
            idleCall.cancel();
        }
        idleCall = clock.callLater(idleTimeout, this::idle);
    }

    private void idle() {
        idleCall = null;
        transport.loseConnection();
    }

    @Override
    public void connectionLost(Failure reason) {
        closed = true;
        if (idleCall != null && idleCall.active()) {
            idleCall.cancel();
        }
        idleCall = null;
    }
}
