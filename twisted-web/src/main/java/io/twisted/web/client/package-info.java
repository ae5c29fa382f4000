/**
 * The HTTP/1.1 client (Twisted's {@code twisted.web.client} and {@code treq}): {@link
 * io.twisted.web.client.Agent} issues requests over TCP or TLS (hostname verification on by
 * default) through a persistent {@link io.twisted.web.client.HttpConnectionPool}, and returns a
 * {@link io.twisted.web.client.Response} whose body streams to a
 * {@link io.twisted.internet.Protocol} with flow control; {@link io.twisted.web.client.Bodies#readBody}
 * collects it. Wrappers add redirects ({@link io.twisted.web.client.RedirectAgent}), cookies
 * ({@link io.twisted.web.client.CookieAgent}), gzip decoding
 * ({@link io.twisted.web.client.ContentDecoderAgent}) and a forward proxy
 * ({@link io.twisted.web.client.ProxyAgent}); {@link io.twisted.web.client.HttpClient} is the
 * one-line API. Responses are parsed by the one {@link io.twisted.web.http.HttpParser}.
 *
 * <p>Implements <a href="https://www.rfc-editor.org/rfc/rfc9112">RFC 9112</a> (HTTP/1.1),
 * redirects and methods of <a href="https://www.rfc-editor.org/rfc/rfc9110">RFC 9110</a>,
 * cookies after <a href="https://www.rfc-editor.org/rfc/rfc6265">RFC 6265</a> (simplified, see
 * {@link io.twisted.web.client.CookieJar}) and gzip of
 * <a href="https://www.rfc-editor.org/rfc/rfc1952">RFC 1952</a>.
 */
package io.twisted.web.client;
