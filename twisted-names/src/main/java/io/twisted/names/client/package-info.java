/**
 * Resolvers with Twisted's lookup API ({@link io.twisted.names.client.Resolver}): a stub resolver
 * over UDP with TCP fallback ({@link io.twisted.names.client.ClientResolver},
 * <a href="https://www.rfc-editor.org/rfc/rfc1035#section-4.2">RFC 1035 §4.2</a>,
 * <a href="https://www.rfc-editor.org/rfc/rfc7766">RFC 7766</a>, spoofing defences of
 * <a href="https://www.rfc-editor.org/rfc/rfc5452">RFC 5452</a>) configured from resolv.conf, an
 * iterative resolver from root hints ({@link io.twisted.names.client.RecursiveResolver},
 * <a href="https://www.rfc-editor.org/rfc/rfc1034#section-5.3.3">RFC 1034 §5.3.3</a>), a cache
 * with negative caching ({@link io.twisted.names.client.CachingResolver},
 * <a href="https://www.rfc-editor.org/rfc/rfc2308">RFC 2308</a>), a hosts-file resolver, a chain,
 * and zone transfers in ({@link io.twisted.names.client.ZoneTransfer},
 * <a href="https://www.rfc-editor.org/rfc/rfc5936">RFC 5936</a>).
 */
package io.twisted.names.client;
