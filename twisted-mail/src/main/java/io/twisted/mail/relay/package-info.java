/**
 * Relaying mail to other domains: a durable queue on disk ({@link io.twisted.mail.relay.RelayQueue},
 * write + fsync + rename, re-read after a restart), delivery by MX lookup through twisted-names
 * ({@link io.twisted.mail.relay.MxResolver}, RFC 5321 section 5.1, with the implicit MX and RFC 7505
 * null MX) with the SMTP client of {@link io.twisted.mail.smtp.client}, retries on a schedule on
 * the reactor clock ({@link io.twisted.mail.relay.RelayManager}), and bounces in the RFC 3464
 * format ({@link io.twisted.mail.relay.DeliveryStatusReport}) handed to a
 * {@link io.twisted.mail.relay.BounceDelivery}. {@link io.twisted.mail.relay.RelayingDelivery} puts
 * the queue behind the SMTP server: remote recipients are queued only for sessions allowed to
 * relay (authenticated by default), never for anyone.
 *
 * <p>Exchangers are reached over IPv6 and IPv4 (AAAA and A records, families interleaved as RFC
 * 8305 suggests, the family that last worked first), every address of one MX preference before
 * the next, a bounded number of connections per attempt. STARTTLS towards exchangers is
 * opportunistic by default (RFC 7435: encrypt without verifying, in clear when TLS is not
 * offered, refused or its handshake fails) or required (verified against the trust store or a
 * given CA, and the MX host name; never in clear). Delivery is at-least-once: nothing accepted is
 * lost, a crash may cause a duplicate (see {@link io.twisted.mail.relay.RelayManager}).
 *
 * <p>Module edge: this package is why twisted-mail depends on twisted-names (DESIGN.md allows it
 * for MX lookups). Deviations: hosts are not deduplicated by address across MX records; an MX
 * that is an alias (CNAME) is followed rather than refused; DANE/MTA-STS (RFC 7672, 8461) are not
 * implemented.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc5321#section-5.1">RFC 5321 section 5.1</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc3464">RFC 3464</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc6522">RFC 6522</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7505">RFC 7505</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7435">RFC 7435</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8305">RFC 8305</a>
 */
package io.twisted.mail.relay;
