/**
 * The HTTP/1.1 server (Twisted's {@code twisted.web.server} and {@code twisted.web.http} channel):
 * {@link io.twisted.web.server.Site}, the {@link io.twisted.internet.ProtocolFactory} users listen
 * with; {@link io.twisted.web.server.HttpChannel}, one state machine per connection (persistent
 * connections, pipelining, timeouts, limits); {@link io.twisted.web.server.Request}, what a
 * resource reads and writes.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9110">RFC 9110 HTTP Semantics</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9112">RFC 9112 HTTP/1.1</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc6265">RFC 6265 Cookies</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7578">RFC 7578 multipart/form-data</a>
 */
package io.twisted.web.server;
