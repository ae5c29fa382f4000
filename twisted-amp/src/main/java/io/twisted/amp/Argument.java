package io.twisted.amp;

/**
 * How one AMP value travels: a Java value to the bytes of a box value and back (Twisted's
 * {@code amp.Argument}). The standard types are in {@link Arguments}; a user type implements this.
 *
 * @param <T> the Java type
 */
public interface Argument<T> {

    /**
     * The wire form of {@code value}.
     *
     * @throws IllegalArgumentException if the value cannot be written (a naive date, a NaN decimal ...)
     */
    byte[] toBytes(T value);

    /**
     * The value that {@code data} stands for.
     *
     * @throws IllegalArgumentException if {@code data} is not a valid encoding of this type
     */
    T fromBytes(byte[] data);

    /** A short name for messages, as Twisted's class name ({@code Integer}, {@code ListOf(Unicode)}). */
    String typeName();
}
