package io.twisted.amp;

import io.twisted.amp.wire.AmpBox;
import io.twisted.amp.wire.AmpBoxDecoder;
import io.twisted.amp.wire.AmpWireException;
import io.twisted.internet.Protocol;
import io.twisted.internet.Transport;
import io.twisted.internet.defer.Failure;
import io.twisted.internet.error.ConnectionDone;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * The box layer of AMP over a stream (Twisted's {@code BinaryBoxProtocol}): parses boxes from the
 * bytes that arrive and hands each to a {@link BoxReceiver}; writes boxes it is given.
 *
 * <p>A malformed stream (a key longer than 255 bytes, a box past the size limit, a box the receiver
 * cannot handle) is logged and ends the connection; no exception escapes into the reactor.
 *
 * <p>It can hand the connection over to another protocol after a box ({@link #switchTo}; Twisted's
 * {@code _switchTo}): the bytes that follow, in the same read or later, go to that protocol. When a
 * box's handling starts TLS on the transport, the bytes after the box go back to the transport with
 * {@link Transport#unreadData} so the TLS layer reads them.
 */
public class BinaryBoxProtocol extends Protocol implements BoxSender {

    private static final System.Logger LOG = System.getLogger(BinaryBoxProtocol.class.getName());

    private final AmpBoxDecoder decoder;
    private BoxReceiver receiver;
    private Protocol inner;
    private boolean locked;
    private boolean failed;

    /** A protocol delivering boxes to {@code receiver}, with the default box size limit. */
    public BinaryBoxProtocol(BoxReceiver receiver) {
        this(receiver, AmpBoxDecoder.DEFAULT_MAX_BOX_SIZE);
    }

    /** A protocol delivering boxes to {@code receiver}, refusing boxes over {@code maxBoxSize} bytes. */
    public BinaryBoxProtocol(BoxReceiver receiver, int maxBoxSize) {
        this.receiver = receiver;
        this.decoder = new AmpBoxDecoder(maxBoxSize);
    }

    /** For subclasses that set their receiver in their constructor with {@link #setBoxReceiver}. */
    protected BinaryBoxProtocol(int maxBoxSize) {
        this.decoder = new AmpBoxDecoder(maxBoxSize);
    }

    /** Sets the receiver (before the connection is made). */
    protected final void setBoxReceiver(BoxReceiver receiver) {
        this.receiver = Objects.requireNonNull(receiver);
    }

    @Override
    public void connectionMade() {
        receiver.startReceivingBoxes(this);
    }

    @Override
    public Transport transport() {
        return transport;
    }

    @Override
    public void sendBox(AmpBox box) {
        if (inner != null || locked) {
            throw new ProtocolSwitched("cannot send a box: the connection " + (inner != null ? "was handed to " + inner
                    : "is being switched to another protocol"));
        }
        if (transport == null) {
            throw new IllegalStateException("not connected");
        }
        transport.write(box.encode());
    }

    @Override
    public void dataReceived(ByteBuffer data) {
        if (inner != null) {
            inner.dataReceived(data);
            return;
        }
        if (failed) {
            data.position(data.limit());
            return;
        }
        Transport before = transport;
        while (data.hasRemaining()) {
            AmpBox box;
            try {
                box = decoder.decode(data);
            } catch (AmpWireException e) {
                protocolError("malformed AMP stream: " + e.getMessage(), e);
                data.position(data.limit());
                return;
            }
            if (box == null) {
                return;
            }
            try {
                receiver.ampBoxReceived(box);
            } catch (RuntimeException e) {
                protocolError("cannot handle box " + box + ": " + e, e);
                data.position(data.limit());
                return;
            }
            if (inner != null) {
                if (data.hasRemaining()) {
                    inner.dataReceived(data);
                }
                return;
            }
            if (transport != before) {
                // TLS started under us: what follows is the layer's to read.
                if (data.hasRemaining()) {
                    before.unreadData(data);
                }
                return;
            }
        }
    }

    /** Logs {@code reason} and closes the connection; later input is ignored. */
    protected void protocolError(String reason, Throwable cause) {
        failed = true;
        LOG.log(System.Logger.Level.WARNING, "AMP connection to " + (transport == null ? "?" : transport.getPeer())
                + " closed: " + reason, cause);
        if (transport != null) {
            transport.loseConnection();
        }
    }

    /** Stops sending boxes until {@link #switchTo} or {@link #unlockFromSwitch} (Twisted's {@code _lockForSwitch}). */
    protected void lockForSwitch() {
        locked = true;
    }

    /** Undoes {@link #lockForSwitch} (the switch was refused). */
    protected void unlockFromSwitch() {
        locked = false;
    }

    /**
     * Hands the connection to {@code protocol}: it gets {@code makeConnection} with this transport now,
     * and every later byte and the connection loss. Boxes can no longer be sent.
     */
    public void switchTo(Protocol protocol) {
        if (inner != null) {
            throw new ProtocolSwitched("already switched to " + inner);
        }
        inner = Objects.requireNonNull(protocol);
        locked = false;
        protocol.makeConnection(transport);
    }

    /** The protocol the connection was handed to, or {@code null}. */
    public Protocol innerProtocol() {
        return inner;
    }

    @Override
    public void connectionLost(Failure reason) {
        if (inner != null) {
            inner.disconnect(reason);
        }
        receiver.stopReceivingBoxes(reason == null ? new Failure(new ConnectionDone()) : reason);
    }
}
