package io.twisted.web.client;

import io.twisted.internet.Consumer;
import io.twisted.internet.PushProducer;
import io.twisted.internet.defer.Deferred;

/**
 * The body of a request, produced into the connection (Twisted's {@code IBodyProducer}).
 *
 * <p>The client calls {@link #startProducing} once with a consumer that frames what it is given
 * (as {@code Content-Length} content when {@link #length()} is known, else as chunks) and fires the
 * returned Deferred's result to end the body. Between, the client calls {@link #pauseProducing()} and
 * {@link #resumeProducing()} as the connection's write queue fills and drains, and
 * {@link #stopProducing()} if the request is abandoned (the returned Deferred need not fire then).
 */
public interface BodyProducer extends PushProducer {

    /** {@link #length()} when the length is not known in advance: the body is sent chunked. */
    long UNKNOWN_LENGTH = -1;

    /** The number of bytes this producer will write, or {@link #UNKNOWN_LENGTH}. */
    long length();

    /**
     * Starts writing the body into {@code consumer}.
     *
     * @return fires with {@code null} when the whole body was written, or fails
     */
    Deferred<Void> startProducing(Consumer consumer);
}
