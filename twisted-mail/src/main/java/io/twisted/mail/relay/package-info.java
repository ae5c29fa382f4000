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
 * <p>Module edge: this package is why twisted-mail depends on twisted-names (DESIGN.md allows it
 * for MX lookups). Deviation: only IPv4 addresses (A records) of the exchangers are tried.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc5321#section-5.1">RFC 5321 section 5.1</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc3464">RFC 3464</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc6522">RFC 6522</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7505">RFC 7505</a>
 */
package io.twisted.mail.relay;
