package io.twisted.amp;

import io.twisted.internet.defer.Deferred;

/**
 * Answers one command asynchronously: the answer box is sent when the returned Deferred fires (an
 * errback is treated as a thrown exception in {@link Responder}).
 *
 * @param <A> the command's arguments
 * @param <R> the command's response
 */
@FunctionalInterface
public interface DeferredResponder<A, R> {
    /** The answer to {@code arguments}, later. */
    Deferred<R> respond(A arguments) throws Exception;
}
