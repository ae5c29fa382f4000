/**
 * The small standard services of Twisted's {@code twisted.protocols.wire}, over TCP:
 * {@link io.twisted.protocols.wire.Echo} (<a href="https://www.rfc-editor.org/rfc/rfc862">RFC 862</a>),
 * {@link io.twisted.protocols.wire.Discard} (<a href="https://www.rfc-editor.org/rfc/rfc863">RFC 863</a>),
 * {@link io.twisted.protocols.wire.Chargen} (<a href="https://www.rfc-editor.org/rfc/rfc864">RFC 864</a>),
 * {@link io.twisted.protocols.wire.Qotd} (<a href="https://www.rfc-editor.org/rfc/rfc865">RFC 865</a>),
 * {@link io.twisted.protocols.wire.Daytime} (<a href="https://www.rfc-editor.org/rfc/rfc867">RFC 867</a>) and
 * {@link io.twisted.protocols.wire.Time} (<a href="https://www.rfc-editor.org/rfc/rfc868">RFC 868</a>).
 * Serve one with {@code Factory.forProtocol(Echo::new)}. They are also the simplest examples of a
 * protocol that writes the buffer it reads (Echo) and of a streaming push producer (Chargen). The UDP
 * variants of these RFCs are not implemented.
 */
package io.twisted.protocols.wire;
