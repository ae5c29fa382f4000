package io.twisted.amp;

/**
 * Answers one command synchronously: returns the response, or throws (a declared error becomes its
 * code on the wire; anything else becomes {@code UNKNOWN}).
 *
 * @param <A> the command's arguments
 * @param <R> the command's response
 */
@FunctionalInterface
public interface Responder<A, R> {
    /** The answer to {@code arguments}. */
    R respond(A arguments) throws Exception;
}
