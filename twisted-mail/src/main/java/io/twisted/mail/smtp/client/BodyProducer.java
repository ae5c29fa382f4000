package io.twisted.mail.smtp.client;

import io.twisted.internet.Consumer;
import io.twisted.internet.defer.Deferred;

/**
 * Produces a message's bytes for DATA (Twisted's {@code IBodyProducer}), so a message is streamed
 * and never held whole. The client hands it a {@link Consumer} that dot-stuffs and writes to the
 * connection; the producer registers itself (or a helper) with that consumer as a producer, so the
 * connection pauses it while its write queue is full, writes the message, unregisters, and fires
 * the Deferred.
 *
 * <p>A producer is started at most once. {@link BodyProducers} makes them from a byte array, a
 * stream or a file.
 */
public interface BodyProducer {

    /** {@link #length()} when the size is not known in advance. */
    long UNKNOWN_LENGTH = -1;

    /** The message's size in bytes, or {@link #UNKNOWN_LENGTH}; declared with SIZE (RFC 1870). */
    long length();

    /**
     * Writes the message to {@code consumer}, flow-controlled.
     *
     * @return fires once every byte was written, or fails with the read error
     */
    Deferred<Void> startProducing(Consumer consumer);

    /** Stops for good (connection lost or timed out); the Deferred then fails. */
    void stopProducing();
}
