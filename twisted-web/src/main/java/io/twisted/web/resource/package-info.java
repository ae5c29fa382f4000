/**
 * Resources, the objects a {@link io.twisted.web.server.Site} renders (Twisted's
 * {@code twisted.web.resource}): {@link io.twisted.web.resource.Resource} trees with per-method
 * render dispatch, and {@link io.twisted.web.resource.ErrorPage}s that escape what they echo.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9110#section-9">RFC 9110 section 9 (methods)</a>
 */
package io.twisted.web.resource;
