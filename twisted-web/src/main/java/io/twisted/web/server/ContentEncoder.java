package io.twisted.web.server;

/**
 * Transforms a response's content as it is written (Twisted's {@code _IRequestEncoder}): set with
 * {@link Request#setEncoder} before the headers go out, typically by an
 * {@link io.twisted.web.resource.EncodingResourceWrapper}.
 */
public interface ContentEncoder {

    /** Encodes more content; may return an empty array while the encoder buffers. */
    byte[] encode(byte[] data);

    /** Ends the encoding and returns what is left. */
    byte[] finish();
}
