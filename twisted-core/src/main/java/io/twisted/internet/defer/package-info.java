/**
 * {@link io.twisted.internet.defer.Deferred} and {@link io.twisted.internet.defer.Failure}, after Twisted's {@code twisted.internet.defer}: callback chains that fire once, cancellation, timeouts, lists of Deferreds, and conversions to and from {@link java.util.concurrent.CompletionStage}.
 */
package io.twisted.internet.defer;
