/**
 * Reverse proxying (Twisted's {@code twisted.web.proxy}): {@link io.twisted.web.proxy.ReverseProxyResource}
 * forwards requests under a path to another HTTP server, reading its responses with the same
 * {@link io.twisted.web.http.HttpParser} the server uses, and streams them back under flow control.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9110#section-7.6">RFC 9110 section 7.6 (message forwarding)</a>
 */
package io.twisted.web.proxy;
