/**
 * An authoritative DNS server: {@link io.twisted.names.server.ZoneAuthority} answers from a zone
 * (<a href="https://www.rfc-editor.org/rfc/rfc1034#section-4.3.2">RFC 1034 §4.3.2</a>, wildcards
 * per <a href="https://www.rfc-editor.org/rfc/rfc4592">RFC 4592</a>, negative answers per
 * <a href="https://www.rfc-editor.org/rfc/rfc2308">RFC 2308</a>),
 * {@link io.twisted.names.server.DnsQueryHandler} turns query bytes into response bytes (EDNS0
 * sizes and truncation, <a href="https://www.rfc-editor.org/rfc/rfc6891">RFC 6891</a>; AXFR,
 * <a href="https://www.rfc-editor.org/rfc/rfc5936">RFC 5936</a>), and the UDP/TCP protocols
 * (<a href="https://www.rfc-editor.org/rfc/rfc1035#section-4.2">RFC 1035 §4.2</a>,
 * <a href="https://www.rfc-editor.org/rfc/rfc7766">RFC 7766</a>) with
 * {@link io.twisted.names.server.DnsServerFactory} carry them.
 */
package io.twisted.names.server;
