/**
 * Policies applied to connections from outside the protocol, after Twisted's
 * {@code twisted.protocols.policies}: {@link io.twisted.protocols.policies.ProtocolWrapper} and
 * {@link io.twisted.protocols.policies.WrappingFactory} put a layer between every connection of a
 * factory and its protocol; {@link io.twisted.protocols.policies.TimeoutFactory} closes idle
 * connections; {@link io.twisted.protocols.policies.ThrottlingFactory} limits connection count and
 * read/write bandwidth; {@link io.twisted.protocols.policies.LimitConnectionsByPeer} and
 * {@link io.twisted.protocols.policies.LimitTotalConnectionsFactory} cap connections per peer and in
 * all; {@link io.twisted.protocols.policies.TimeoutHelper} gives any protocol an idle
 * timeout by composition (Twisted's {@code TimeoutMixin}).
 *
 * <p>All time comes from an injected {@link io.twisted.internet.ReactorTime}, so tests drive it with
 * {@link io.twisted.internet.task.Clock}. These are not protocol implementations and follow no RFC;
 * idle timeouts required by protocols (e.g. <a href="https://www.rfc-editor.org/rfc/rfc5321#section-4.5.3.2">RFC 5321
 * section 4.5.3.2</a>, <a href="https://www.rfc-editor.org/rfc/rfc9112#section-9.8">RFC 9112 section 9.8</a>)
 * are built with them.
 */
package io.twisted.protocols.policies;
