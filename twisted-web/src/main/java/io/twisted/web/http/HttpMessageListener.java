package io.twisted.web.http;

import java.nio.ByteBuffer;

/**
 * What an {@link HttpParser} reports, in this order for each message:
 * <pre>
 *   requestLine | statusLine      (by the parser's mode)
 *   headersComplete               (framing already checked)
 *   bodyData*                     (decoded content: chunk framing removed)
 *   messageComplete               (with the trailer fields, empty when none)
 * </pre>
 * A {@code bodyData} buffer is a view of the parser's input, valid only during the call.
 */
public interface HttpMessageListener {

    /** A request line (request mode). */
    default void requestLine(String method, String target, HttpVersion version) {
    }

    /** A status line (response mode). */
    default void statusLine(HttpVersion version, int status, String reason) {
    }

    /** The header section is complete and valid. */
    void headersComplete(HttpHeaders headers);

    /** Some decoded content. */
    void bodyData(ByteBuffer data);

    /** The message is complete; the parser stops there until {@link HttpParser#reset()}. */
    void messageComplete(HttpHeaders trailers);
}
