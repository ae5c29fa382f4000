package io.twisted.internet;

/**
 * A producer that writes whenever it has data, until paused (Twisted's {@code IPushProducer}).
 * A transport pauses its registered push producer when its write queue passes the high watermark
 * and resumes it below the low watermark.
 */
public interface PushProducer extends Producer {

    /** Stop writing until {@link #resumeProducing()}. */
    void pauseProducing();
}
