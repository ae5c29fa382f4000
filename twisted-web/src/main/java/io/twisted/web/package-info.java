/**
 * Twisted Web for Java: an HTTP/1.1 server with resource trees and static files, after Python
 * Twisted's {@code twisted.web}.
 *
 * <p>Layers, each a package: {@link io.twisted.web.http} (wire: the one HTTP/1.1 parser and
 * writer, no I/O), {@link io.twisted.web.server} (protocol: {@code HttpChannel} per connection,
 * {@code Site}, {@code Request}), {@link io.twisted.web.resource} and {@link io.twisted.web.files}
 * (api: resources users write or reuse), {@link io.twisted.web.vhost} (name-based virtual hosts) and
 * {@link io.twisted.web.tap} ({@code twist web}).
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9110">RFC 9110 HTTP Semantics</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9112">RFC 9112 HTTP/1.1</a>
 */
package io.twisted.web;
