/**
 * The AMP box wire format, as Python Twisted's {@code twisted.protocols.amp} writes it: a box is a
 * sequence of key/value pairs, each key and each value prefixed by its length as a 16-bit
 * big-endian integer, ended by an empty key ({@code 00 00}). Keys are at most 255 bytes and values
 * at most 65,535 bytes ({@link io.twisted.amp.wire.AmpBox#MAX_KEY_LENGTH},
 * {@link io.twisted.amp.wire.AmpBox#MAX_VALUE_LENGTH}). Pure codecs: no transport, clock or
 * Deferred. See <a href="https://amp-protocol.net/">the AMP specification</a>.
 */
package io.twisted.amp.wire;
