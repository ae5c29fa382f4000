package io.twisted.application;

import io.twisted.internet.defer.Deferred;

/**
 * Something that is started and stopped with the application (Twisted's {@code IService}).
 *
 * <p>Life cycle, all on the reactor thread:
 * <pre>
 *   privilegedStartService()   (before privileges would be dropped: bind low ports here)
 *   startService()             (once the reactor runs)
 *   stopService()              (at shutdown; the reactor waits for the Deferred it returns)
 * </pre>
 * Most services extend {@link AbstractService}.
 */
public interface Service {

    /** The name, unique among its parent's children, or {@code null}. */
    String name();

    /**
     * Sets the name.
     *
     * @throws IllegalStateException if the service already has a parent
     */
    void setName(String name);

    /** The collection this service belongs to, or {@code null}. */
    ServiceCollection parent();

    /** Adds this service to {@code parent}, leaving its previous parent first. */
    void setServiceParent(ServiceCollection parent);

    /**
     * Leaves the parent.
     *
     * @return what the parent's {@link ServiceCollection#removeService} returned (a Deferred when
     *     the service had to be stopped), or {@code null}
     */
    Deferred<Void> disownServiceParent();

    /** Whether {@link #startService()} ran and {@link #stopService()} has not. */
    boolean isRunning();

    /** Does the start-up work that needs privileges; by default nothing. */
    void privilegedStartService();

    /** Starts the service. */
    void startService();

    /**
     * Stops the service.
     *
     * @return {@code null} when stopped at once, or a Deferred that fires when stopped
     */
    Deferred<Void> stopService();
}
