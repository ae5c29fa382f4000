package io.twisted.protocols.policies;

import io.twisted.internet.Protocol;
import io.twisted.internet.ReactorTime;
import io.twisted.internet.defer.Failure;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * A {@link ProtocolWrapper} that closes its connection after a period with no traffic either way,
 * as Twisted's {@code policies.TimeoutProtocol}. Reads and writes restart the count; the count
 * starts when the connection is made. On timeout {@link #timeoutFunc()} runs, which by default
 * calls {@link #loseConnection()}.
 */
public class TimeoutProtocol extends ProtocolWrapper {

    private final TimeoutHelper timeout;
    private final Double initialTimeout;

    /**
     * A wrapper that times out after {@code timeoutSeconds} of idleness ({@code null}: never, until
     * {@link #setTimeout}).
     */
    public TimeoutProtocol(WrappingFactory factory, Protocol wrapped, ReactorTime clock, Double timeoutSeconds) {
        super(factory, wrapped);
        this.timeout = new TimeoutHelper(clock, this::timeoutFunc);
        this.initialTimeout = timeoutSeconds;
    }

    @Override
    public void connectionMade() {
        timeout.setTimeout(initialTimeout);
        super.connectionMade();
    }

    /** Changes the period and restarts the count ({@code null} turns it off). */
    public void setTimeout(Double timeoutSeconds) {
        timeout.setTimeout(timeoutSeconds);
    }

    /** Turns the timeout off. */
    public void cancelTimeout() {
        timeout.cancel();
    }

    /** Restarts the count. */
    public void resetTimeout() {
        timeout.resetTimeout();
    }

    /** Called when the connection has been idle for the period; closes it. */
    protected void timeoutFunc() {
        loseConnection();
    }

    @Override
    public void write(ByteBuffer data) {
        timeout.resetTimeout();
        super.write(data);
    }

    @Override
    public void writeSequence(List<ByteBuffer> data) {
        timeout.resetTimeout();
        super.writeSequence(data);
    }

    @Override
    public void dataReceived(ByteBuffer data) {
        timeout.resetTimeout();
        super.dataReceived(data);
    }

    @Override
    public void connectionLost(Failure reason) {
        timeout.cancel();
        super.connectionLost(reason);
    }
}
