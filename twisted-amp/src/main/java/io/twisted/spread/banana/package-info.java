/**
 * Banana, the s-expression wire format under Perspective Broker, byte-compatible with Python
 * Twisted's {@code twisted.spread.banana}: an element is a base-128 little-endian prefix followed by a
 * type byte ({@code 0x80} list, {@code 0x81} int, {@code 0x82} string, {@code 0x83} negative int,
 * {@code 0x84} float (8 bytes IEEE 754 big-endian follow, no prefix), {@code 0x85}/{@code 0x86}
 * large positive/negative int, {@code 0x87} vocabulary symbol of the {@code pb} dialect).
 * Limits as Twisted's: at most 64 prefix bytes, lists and strings of at most 640 KiB; ours adds a
 * nesting depth limit and a limit on the bytes of one expression. See
 * <a href="https://docs.twisted.org/en/stable/core/specifications/banana.html">the Banana specification</a>.
 */
package io.twisted.spread.banana;
