/**
 * The HTTP/1.1 wire format (RFC 9112): {@link io.twisted.web.http.HttpParser}, one strict push
 * parser over {@link java.nio.ByteBuffer}s for requests and responses, and
 * {@link io.twisted.web.http.HttpWriter}, which serializes message heads and chunked framing.
 * No transport, clock or Deferred lives here.
 *
 * <p>Every rejection is an {@link io.twisted.web.http.HttpParseException} naming the reason and
 * the status a server should answer with (400, 413, 414, 431, 501, 505).
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9112">RFC 9112 HTTP/1.1</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9110">RFC 9110 HTTP Semantics</a>
 */
package io.twisted.web.http;
