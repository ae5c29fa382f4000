package io.twisted.internet;

import io.twisted.internet.defer.Failure;
import java.util.Random;

/**
 * A client factory that reconnects after a failed attempt or a lost connection, waiting longer
 * each time, as Twisted's {@code ReconnectingClientFactory}: the delay grows by {@link #factor}
 * (e) per retry, with gaussian jitter of {@link #jitter} (about 12%) around it, up to
 * {@link #maxDelay}. Call {@link #resetDelay()} once a connection is known good (typically in
 * {@code buildProtocol}), and {@link #stopTrying()} to give up.
 */
public class ReconnectingClientFactory extends ClientFactory {

    /** Longest wait between attempts, seconds. */
    public double maxDelay = 3600;
    /** First wait, seconds. */
    public double initialDelay = 1.0;
    /** Growth per retry (e, as Twisted). */
    public double factor = 2.7182818284590451;
    /** Standard deviation of the jitter, as a fraction of the delay (as Twisted). */
    public double jitter = 0.11962656472;
    /** Give up after this many retries; {@code null} for never. */
    public Integer maxRetries;

    private final ReactorTime clock;
    private final Random random;
    private double delay = initialDelay;
    private int retries;
    private boolean continueTrying = true;
    private DelayedCall callId;
    private Connector connector;

    /** Reconnects on {@code clock} (the reactor), building protocols with {@code protocolSupplier}. */
    public ReconnectingClientFactory(ReactorTime clock, java.util.function.Supplier<? extends Protocol> protocolSupplier) {
        this(clock, new Random(), protocolSupplier);
    }

    /** As above, with the randomness for the jitter given (for tests). */
    public ReconnectingClientFactory(ReactorTime clock, Random random, java.util.function.Supplier<? extends Protocol> protocolSupplier) {
        super(protocolSupplier);
        this.clock = clock;
        this.random = random;
    }

    /** For subclasses that override {@code buildProtocol}. */
    protected ReconnectingClientFactory(ReactorTime clock, Random random) {
        this.clock = clock;
        this.random = random;
    }

    @Override
    public void clientConnectionFailed(Connector connector, Failure reason) {
        if (continueTrying) {
            this.connector = connector;
            retry();
        }
    }

    @Override
    public void clientConnectionLost(Connector connector, Failure reason) {
        if (continueTrying) {
            this.connector = connector;
            retry();
        }
    }

    /** Schedules the next attempt (unless stopped or out of retries). */
    public void retry() {
        retry(connector);
    }

    /** Schedules the next attempt on {@code connector}. */
    public void retry(Connector connector) {
        if (!continueTrying || connector == null) {
            return;
        }
        this.connector = connector;
        retries++;
        if (maxRetries != null && retries > maxRetries) {
            return;
        }
        delay = Math.min(delay * factor, maxDelay);
        if (jitter > 0) {
            delay = delay + random.nextGaussian() * delay * jitter;
            if (delay < 0) {
                delay = 0;
            }
        }
        callId = clock.callLater(delay, () -> {
            callId = null;
            connector.connect();
        });
    }

    /** The delay the next retry will start from (after growth), for tests and logs. */
    public double getDelay() {
        return delay;
    }

    /** How many retries have been scheduled since the last reset. */
    public int getRetries() {
        return retries;
    }

    /** Stops reconnecting: cancels a pending attempt and stops one in progress. */
    public void stopTrying() {
        if (callId != null) {
            callId.cancel();
            callId = null;
        }
        continueTrying = false;
        if (connector != null) {
            try {
                connector.stopConnecting();
            } catch (IllegalStateException notConnecting) {
                // not connecting right now: nothing to stop
            }
        }
    }

    /** Whether retries continue. */
    public boolean isTrying() {
        return continueTrying;
    }

    /** Call after a successful connection: the next failure waits {@link #initialDelay} again. */
    public void resetDelay() {
        delay = initialDelay;
        retries = 0;
        callId = null;
        continueTrying = true;
    }

    @Override
    public void startedConnecting(Connector connector) {
        this.connector = connector;
    }
}
