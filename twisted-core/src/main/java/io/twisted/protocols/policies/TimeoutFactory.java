package io.twisted.protocols.policies;

import io.twisted.internet.Protocol;
import io.twisted.internet.ProtocolFactory;
import io.twisted.internet.ReactorTime;
import java.util.Objects;

/**
 * Wraps every connection of a factory in a {@link TimeoutProtocol}, as Twisted's
 * {@code policies.TimeoutFactory}: connections idle for the period (default
 * {@value #DEFAULT_TIMEOUT} seconds, Twisted's 30 minutes) are closed.
 */
public class TimeoutFactory extends WrappingFactory {

    /** Twisted's default idle period: 30 minutes. */
    public static final double DEFAULT_TIMEOUT = 30 * 60;

    private final ReactorTime clock;
    private final double timeoutSeconds;

    /** Idle connections are closed after {@value #DEFAULT_TIMEOUT} seconds. */
    public TimeoutFactory(ProtocolFactory wrappedFactory, ReactorTime clock) {
        this(wrappedFactory, clock, DEFAULT_TIMEOUT);
    }

    /** Idle connections are closed after {@code timeoutSeconds}. */
    public TimeoutFactory(ProtocolFactory wrappedFactory, ReactorTime clock, double timeoutSeconds) {
        super(wrappedFactory);
        this.clock = Objects.requireNonNull(clock, "clock");
        if (!(timeoutSeconds >= 0)) {
            throw new IllegalArgumentException("timeout must be a non-negative number of seconds: " + timeoutSeconds);
        }
        this.timeoutSeconds = timeoutSeconds;
    }

    @Override
    protected ProtocolWrapper wrapProtocol(Protocol wrapped) {
        return new TimeoutProtocol(this, wrapped, clock, timeoutSeconds);
    }
}
