/**
 * AMP, the Asynchronous Messaging Protocol, wire-compatible with Python Twisted's
 * {@code twisted.protocols.amp}: commands declared in Java ({@link io.twisted.amp.Command} with a
 * {@link io.twisted.amp.Schema} of typed {@link io.twisted.amp.Field}s), responders bound by
 * {@link io.twisted.amp.AmpResponder} or lambdas, {@link io.twisted.amp.Amp#callRemote} returning a
 * Deferred of the typed response, declared errors by wire code, {@code UNKNOWN}/{@code UNHANDLED},
 * {@link io.twisted.amp.StartTls} and {@link io.twisted.amp.ProtocolSwitchCommand}.
 *
 * <p>Layers: {@link io.twisted.amp.wire} (box codec), {@link io.twisted.amp.BinaryBoxProtocol} (boxes
 * over a transport), {@link io.twisted.amp.BoxDispatcher} (tags, answers, errors), {@link io.twisted.amp.Amp}
 * (typed commands). See <a href="https://amp-protocol.net/">amp-protocol.net</a>.
 */
package io.twisted.amp;
