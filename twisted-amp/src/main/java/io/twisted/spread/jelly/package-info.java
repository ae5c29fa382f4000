/**
 * Jelly, the object serialization of Perspective Broker, compatible with Python Twisted's
 * {@code twisted.spread.jelly}: values become s-expressions (nested lists whose first element names
 * the type, {@code ["unicode", b"text"]}, {@code ["dictionary", [k, v], ...]}) that Banana carries.
 *
 * <p>Only an allow-list is ever unjellied: None, booleans, integers, floats, bytes, unicode, lists,
 * tuples, dictionaries, sets, decimals, shared references and cycles, plus what a
 * {@link io.twisted.spread.jelly.JellyExtension} (the PB broker: remote references, registered
 * copyable types) accepts. Anything else is refused with {@link io.twisted.spread.jelly.InsecureJelly}.
 * Java serialization is never used. See
 * <a href="https://docs.twisted.org/en/stable/core/howto/pb-copyable.html">Twisted's PB docs</a>.
 */
package io.twisted.spread.jelly;
