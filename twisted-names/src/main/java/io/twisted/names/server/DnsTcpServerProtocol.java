package io.twisted.names.server;

import io.twisted.internet.DelayedCall;
import io.twisted.internet.Protocol;
import io.twisted.internet.ReactorTime;
import io.twisted.internet.defer.Failure;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * DNS over TCP (RFC 1035 §4.2.2, RFC 7766): each message is preceded by its length in two octets;
 * several queries may follow one another on a connection and are answered in order. The frame
 * length is at most 65,535 by construction, so at most one frame plus two octets is buffered. A
 * connection idle for {@link #idleTimeout} seconds is closed (RFC 7766 §6.2.3); a frame shorter
 * than a DNS header closes the connection.
 */
public final class DnsTcpServerProtocol extends Protocol {

    private final DnsQueryHandler handler;
    private final ReactorTime clock;
    private final double idleTimeout;
    private final byte[] frame = new byte[65535];
    private final byte[] lengthBytes = new byte[2];
    private int lengthRead;
    private int frameLength = -1;
    private int frameRead;
    private DelayedCall idleCall;

    /**
     * @param idleTimeout seconds a connection may stay without a complete query; 0 or less for none
     */
    public DnsTcpServerProtocol(DnsQueryHandler handler, ReactorTime clock, double idleTimeout) {
        this.handler = Objects.requireNonNull(handler);
        this.clock = Objects.requireNonNull(clock);
        this.idleTimeout = idleTimeout;
    }

    @Override
    public void connectionMade() {
        resetIdle();
    }

    @Override
    public void dataReceived(ByteBuffer data) {
        while (data.hasRemaining() && !transport.isDisconnecting()) {
            if (frameLength < 0) {
                lengthBytes[lengthRead++] = data.get();
                if (lengthRead == 2) {
                    frameLength = (lengthBytes[0] & 0xff) << 8 | lengthBytes[1] & 0xff;
                    frameRead = 0;
                    lengthRead = 0;
                }
                continue;
            }
            int n = Math.min(frameLength - frameRead, data.remaining());
            data.get(frame, frameRead, n);
            frameRead += n;
            if (frameRead == frameLength) {
                int len = frameLength;
                frameLength = -1;
                frameReceived(len);
            }
        }
        data.position(data.limit());
    }

    private void frameReceived(int len) {
        if (len < 12) {
            transport.loseConnection();
            return;
        }
        byte[] query = java.util.Arrays.copyOf(frame, len);
        for (byte[] response : handler.handle(query, true, transport.getPeer())) {
            byte[] out = new byte[response.length + 2];
            out[0] = (byte) (response.length >>> 8);
            out[1] = (byte) response.length;
            System.arraycopy(response, 0, out, 2, response.length);
            transport.write(out);
        }
        resetIdle();
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
        if (idleCall != null && idleCall.active()) {
            idleCall.cancel();
        }
        idleCall = null;
    }
}
