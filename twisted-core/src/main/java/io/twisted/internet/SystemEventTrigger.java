package io.twisted.internet;

/**
 * A trigger for a system event. It may return a {@link io.twisted.internet.defer.Deferred}: the
 * event's next phase then waits until it fires (as Twisted's "before" shutdown triggers do).
 */
@FunctionalInterface
public interface SystemEventTrigger {
    /** Runs the trigger; returns {@code null}, a value, or a Deferred to wait for. */
    Object run() throws Exception;
}
