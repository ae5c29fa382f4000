package io.twisted.web.client;

import io.twisted.internet.defer.Deferred;
import io.twisted.web.http.HttpHeaders;

/**
 * Something that issues HTTP requests (Twisted's {@code IAgent}): {@link Agent} itself and the
 * wrappers that add behaviour around one ({@link RedirectAgent}, {@link CookieAgent},
 * {@link ContentDecoderAgent}).
 */
public interface HttpAgent {

    /**
     * Issues a request.
     *
     * @param method the method, e.g. {@code GET}
     * @param uri an absolute {@code http} or {@code https} URI
     * @param headers extra header fields ({@code Host} is added when absent); not modified
     * @param body the request body, or {@code null}
     * @return fires with the response once its head has arrived (the body follows through
     *     {@link Response#deliverBody}), or fails: {@link ResponseNeverReceived},
     *     {@link ResponseFailed}, {@link RequestTransmissionFailed}, a connection error, a timeout
     */
    Deferred<Response> request(String method, String uri, HttpHeaders headers, BodyProducer body);

    /** A request without extra headers or body. */
    default Deferred<Response> request(String method, String uri) {
        return request(method, uri, new HttpHeaders(), null);
    }
}
