package io.twisted.internet;

import java.nio.ByteBuffer;

/** Something that consumes bytes and can be fed by a {@link Producer} (Twisted's {@code IConsumer}). */
public interface Consumer {

    /**
     * Registers the producer that feeds this consumer.
     *
     * @param streaming {@code true} for a {@link PushProducer}, {@code false} for a pull producer
     * @throws IllegalStateException if a producer is already registered
     */
    void registerProducer(Producer producer, boolean streaming);

    /** Unregisters the current producer, if any. */
    void unregisterProducer();

    /**
     * Consumes all remaining bytes of {@code data}: on return its position equals its limit and the
     * caller may reuse the buffer.
     */
    void write(ByteBuffer data);
}
