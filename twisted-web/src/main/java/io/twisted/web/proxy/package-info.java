/**
 * Proxying (Twisted's {@code twisted.web.proxy}): {@link io.twisted.web.proxy.ReverseProxyResource}
 * forwards requests under a path to another HTTP server and {@link io.twisted.web.proxy.ForwardProxyResource}
 * forwards absolute-form requests, reading responses with the same
 * {@link io.twisted.web.http.HttpParser} the server uses. Both stream both ways under flow control:
 * request bodies go upstream as they arrive (they are streamed resources, see
 * {@link io.twisted.web.resource.Resource#streamsRequestBody}) and responses come back as they
 * arrive, so neither a slow upstream nor a slow client makes memory grow.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9110#section-7.6">RFC 9110 section 7.6 (message forwarding)</a>
 */
package io.twisted.web.proxy;
