package io.twisted.application;

import io.twisted.internet.defer.Deferred;

/** A service that holds other services (Twisted's {@code IServiceCollection}). */
public interface ServiceCollection extends Iterable<Service> {

    /**
     * The child named {@code name}.
     *
     * @throws java.util.NoSuchElementException if there is none
     */
    Service getServiceNamed(String name);

    /**
     * Adds a child (normally called by {@link Service#setServiceParent}); starts it if this
     * collection is running.
     *
     * @throws IllegalArgumentException if a child with the same name exists
     */
    void addService(Service service);

    /**
     * Removes a child (normally called by {@link Service#disownServiceParent}).
     *
     * @return the child's stop Deferred if this collection is running and stopped it, else {@code null}
     */
    Deferred<Void> removeService(Service service);
}
