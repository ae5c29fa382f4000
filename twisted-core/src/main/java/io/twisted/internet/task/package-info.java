/**
 * Scheduling helpers over a reactor's time, after Twisted's {@code twisted.internet.task}:
 * {@link io.twisted.internet.task.LoopingCall} (call a function every interval, without drift),
 * {@link io.twisted.internet.task.Tasks#deferLater} (a Deferred fired after a delay),
 * {@link io.twisted.internet.task.Cooperator} (run many iterators in small time slices so that
 * long work does not starve the reactor) and {@link io.twisted.internet.task.Clock}, the
 * deterministic {@link io.twisted.internet.ReactorTime} that tests drive by hand.
 *
 * <p>Everything here reads time only through an injected {@link io.twisted.internet.ReactorTime},
 * so a test replaces the reactor with a {@code Clock} and calls {@code advance} instead of
 * sleeping. Like the rest of a reactor's objects, these classes belong to the reactor thread.
 */
package io.twisted.internet.task;
