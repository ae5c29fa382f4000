package io.twisted.internet;

/**
 * A producer that writes one chunk each time {@link #resumeProducing()} is called
 * (Twisted's {@code IPullProducer}); the consumer calls it again whenever it wants more.
 */
public interface PullProducer extends Producer {
}
