/**
 * Zone data: {@link io.twisted.names.zone.Zone} (an authoritative zone's RRsets) and
 * {@link io.twisted.names.zone.MasterFileParser}, which reads BIND master files
 * (<a href="https://www.rfc-editor.org/rfc/rfc1035#section-5">RFC 1035 §5</a>,
 * <a href="https://www.rfc-editor.org/rfc/rfc2308#section-4">RFC 2308 §4</a> {@code $TTL},
 * <a href="https://www.rfc-editor.org/rfc/rfc3597#section-5">RFC 3597 §5</a> unknown types).
 */
package io.twisted.names.zone;
