/**
 * Name-based virtual hosting (Twisted's {@code twisted.web.vhost}): one site, several host names,
 * chosen by the {@code Host} field (RFC 9110 section 7.2).
 */
package io.twisted.web.vhost;
