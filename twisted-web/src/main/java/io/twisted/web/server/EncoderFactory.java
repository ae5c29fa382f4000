package io.twisted.web.server;

/** Chooses a {@link ContentEncoder} for a request, or none (Twisted's {@code _IRequestEncoderFactory}). */
public interface EncoderFactory {

    /**
     * An encoder when the request accepts this encoding (the factory also sets the response's
     * {@code Content-Encoding} and {@code Vary}), else {@code null}.
     */
    ContentEncoder encoderForRequest(Request request);
}
