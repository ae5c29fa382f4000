/**
 * Resolvers with Twisted's lookup API ({@link io.twisted.names.client.Resolver}): a stub resolver
 * over UDP with TCP fallback ({@link io.twisted.names.client.ClientResolver},
 * <a href="https://www.rfc-editor.org/rfc/rfc1035#section-4.2">RFC 1035 §4.2</a>,
 * <a href="https://www.rfc-editor.org/rfc/rfc7766">RFC 7766</a>, spoofing defences of
 * <a href="https://www.rfc-editor.org/rfc/rfc5452">RFC 5452</a>), resolv.conf settings, a hosts-file
 * resolver and a chain. Not yet here: a caching resolver (RFC 2308) and a recursive resolver.
 */
package io.twisted.names.client;
