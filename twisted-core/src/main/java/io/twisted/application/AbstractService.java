package io.twisted.application;

import io.twisted.internet.defer.Deferred;

/**
 * The usual base of a {@link Service} (Twisted's {@code Service} class): keeps the name, parent and
 * running flag. Subclasses override {@link #startService()} and {@link #stopService()}, calling
 * {@code super} first.
 */
public abstract class AbstractService implements Service {

    private String name;
    private ServiceCollection parent;
    private boolean running;

    @Override
    public String name() {
        return name;
    }

    @Override
    public void setName(String name) {
        if (parent != null) {
            throw new IllegalStateException("cannot rename service '" + this.name + "' while it has a parent");
        }
        this.name = name;
    }

    @Override
    public ServiceCollection parent() {
        return parent;
    }

    @Override
    public void setServiceParent(ServiceCollection parent) {
        if (this.parent != null) {
            disownServiceParent();
        }
        this.parent = parent;
        parent.addService(this);
    }

    @Override
    public Deferred<Void> disownServiceParent() {
        ServiceCollection p = parent;
        if (p == null) {
            return null;
        }
        Deferred<Void> d = p.removeService(this);
        parent = null;
        return d;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public void privilegedStartService() {
    }

    @Override
    public void startService() {
        running = true;
    }

    @Override
    public Deferred<Void> stopService() {
        running = false;
        return null;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + (name == null ? "" : "(" + name + ")") + (running ? "[running]" : "");
    }
}
