package io.twisted.internet;

/**
 * Something that produces data for a {@link Consumer} (Twisted's {@code IProducer}).
 * A pull producer ({@link PullProducer}) writes once each time it is resumed; a push producer
 * ({@link PushProducer}) writes on its own until paused.
 */
public interface Producer {

    /** Asks for more data (pull) or lifts a pause (push). */
    void resumeProducing();

    /** Stops producing for good; the consumer is going away. */
    void stopProducing();
}
