/**
 * Results that are not there yet, after Twisted's {@code twisted.internet.defer}.
 *
 * <p>{@link io.twisted.internet.defer.Deferred} is a chain of callbacks and errbacks that runs once,
 * synchronously, when it is fired; {@link io.twisted.internet.defer.Failure} carries an error down
 * the chain with {@code trap}/{@code check}. Around them: cancellation and timeouts
 * ({@code Deferred.cancel}, {@code addTimeout}, {@link io.twisted.internet.defer.CancelledError});
 * waiting for several Deferreds ({@link io.twisted.internet.defer.DeferredList},
 * {@code Deferred.gatherResults}, {@link io.twisted.internet.defer.FirstError},
 * {@link io.twisted.internet.defer.FailureGroup}); conversions to and from
 * {@link java.util.concurrent.CompletionStage}; sequential code in the style of
 * {@code inlineCallbacks} ({@link io.twisted.internet.defer.Coroutines}), whose bodies run on their
 * own (virtual) threads but never at the same time as the reactor thread; and the log of
 * failures left unhandled in garbage-collected Deferreds, naming the cause chain and, with
 * {@link io.twisted.internet.defer.Deferred#setDebugging debugging} on, where the Deferred was
 * created.
 *
 * <p>Apart from the coroutine handoff, nothing here takes a lock: a Deferred belongs to one
 * reactor thread.
 */
package io.twisted.internet.defer;
