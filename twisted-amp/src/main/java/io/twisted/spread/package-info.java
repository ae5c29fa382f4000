/**
 * Twisted's {@code twisted.spread} in Java: {@link io.twisted.spread.banana} (the s-expression wire
 * format), {@link io.twisted.spread.jelly} (object serialization with an allow-list) and
 * {@link io.twisted.spread.pb} (Perspective Broker), wire-compatible with Python Twisted.
 */
package io.twisted.spread;
