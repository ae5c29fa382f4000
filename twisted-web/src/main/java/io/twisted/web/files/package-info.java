/**
 * Static files (Twisted's {@code twisted.web.static}): {@link io.twisted.web.files.File} serves
 * a directory tree with validators, conditional requests, byte ranges and listings, streaming
 * content with a producer. (The package is {@code files} because {@code static} is a Java keyword.)
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9110#section-13">RFC 9110 section 13 (conditional requests)</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9110#section-14">RFC 9110 section 14 (range requests)</a>
 */
package io.twisted.web.files;
