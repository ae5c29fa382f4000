package io.twisted.web.server;

import io.twisted.internet.defer.Failure;
import java.nio.ByteBuffer;

/**
 * Receives a request body as it arrives, for a resource that streams it (see
 * {@link io.twisted.web.resource.Resource#streamsRequestBody} and {@link Request#receiveBody}).
 * Called on the reactor thread, in this order:
 * <pre>
 *   bodyDataReceived*   (decoded content: chunk framing removed)
 *   bodyComplete | bodyFailed
 * </pre>
 */
public interface RequestBodyReceiver {

    /**
     * Some content. The buffer is valid only during the call: keep a copy, or write it to a
     * transport (which consumes it).
     */
    void bodyDataReceived(ByteBuffer data);

    /** The whole body arrived. */
    void bodyComplete();

    /**
     * The body will not complete: the client went away, stalled past the site's idle timeout, or
     * sent malformed framing. The response is already answered or dropped by the server.
     */
    void bodyFailed(Failure reason);
}
