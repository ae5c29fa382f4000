package io.twisted.web.client;

import io.twisted.web.http.HttpHeaders;
import java.net.URI;

/**
 * One request as a connection sends it.
 *
 * @param method the method
 * @param target the request target (origin-form, or absolute-form through a proxy)
 * @param headers the fields, {@code Host} included
 * @param body the body, or {@code null}
 * @param uri the absolute URI, for the {@link Response}
 * @param persistent whether to keep the connection afterwards (else {@code Connection: close})
 */
record ClientRequest(String method, String target, HttpHeaders headers, BodyProducer body, URI uri, boolean persistent) {
}
