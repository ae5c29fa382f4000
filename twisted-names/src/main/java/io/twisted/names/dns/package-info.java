/**
 * The DNS wire format and presentation format, with no I/O: messages
 * ({@link io.twisted.names.dns.DnsMessage}, {@link io.twisted.names.dns.DnsMessageCodec}), names
 * with compression ({@link io.twisted.names.dns.DnsName}), the open registries
 * ({@link io.twisted.names.dns.DnsType}, {@link io.twisted.names.dns.DnsClass},
 * {@link io.twisted.names.dns.DnsRcode}, {@link io.twisted.names.dns.DnsOpcode}) and typed RDATA
 * ({@link io.twisted.names.dns.Rdata}).
 *
 * <p>Implements <a href="https://www.rfc-editor.org/rfc/rfc1035">RFC 1035</a> (messages, names,
 * master-file tokens), <a href="https://www.rfc-editor.org/rfc/rfc3596">RFC 3596</a> (AAAA),
 * <a href="https://www.rfc-editor.org/rfc/rfc2782">RFC 2782</a> (SRV),
 * <a href="https://www.rfc-editor.org/rfc/rfc3403">RFC 3403</a> (NAPTR),
 * <a href="https://www.rfc-editor.org/rfc/rfc6672">RFC 6672</a> (DNAME),
 * <a href="https://www.rfc-editor.org/rfc/rfc4034">RFC 4034</a> and
 * <a href="https://www.rfc-editor.org/rfc/rfc5155">RFC 5155</a> (DNSSEC records),
 * <a href="https://www.rfc-editor.org/rfc/rfc4255">RFC 4255</a> (SSHFP),
 * <a href="https://www.rfc-editor.org/rfc/rfc6698">RFC 6698</a> (TLSA),
 * <a href="https://www.rfc-editor.org/rfc/rfc8659">RFC 8659</a> (CAA),
 * <a href="https://www.rfc-editor.org/rfc/rfc6891">RFC 6891</a> (EDNS0) and
 * <a href="https://www.rfc-editor.org/rfc/rfc3597">RFC 3597</a> (unknown types). Decoding is strict
 * and bounded; every malformed input is a {@link io.twisted.names.dns.DnsFormatException}.
 */
package io.twisted.names.dns;
