package io.twisted.application;

import io.twisted.internet.defer.Deferred;
import io.twisted.internet.defer.Failure;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * A service made of services (Twisted's {@code MultiService}): starts its children in the order
 * they were added, stops them in reverse order, and its {@link #stopService()} fires once every
 * child's stop Deferred has fired. A child that fails to stop is logged; the others still stop.
 */
public class MultiService extends AbstractService implements ServiceCollection {

    private static final System.Logger LOG = System.getLogger(MultiService.class.getName());

    private final List<Service> services = new ArrayList<>();
    private final Map<String, Service> namedServices = new HashMap<>();

    @Override
    public void privilegedStartService() {
        super.privilegedStartService();
        for (Service s : new ArrayList<>(services)) {
            s.privilegedStartService();
        }
    }

    @Override
    public void startService() {
        super.startService();
        for (Service s : new ArrayList<>(services)) {
            s.startService();
        }
    }

    @Override
    public Deferred<Void> stopService() {
        super.stopService();
        List<Service> reversed = new ArrayList<>(services);
        java.util.Collections.reverse(reversed);
        Deferred<Void> all = new Deferred<>();
        int[] pending = {reversed.size() + 1};
        Runnable oneDone = () -> {
            if (--pending[0] == 0) {
                all.callback(null);
            }
        };
        for (Service s : reversed) {
            Deferred<Object> d = Deferred.maybeDeferred(s::stopService);
            d.addCallbacks(r -> {
                oneDone.run();
                return null;
            }, f -> {
                logStopFailure(s, f);
                oneDone.run();
                return null;
            });
        }
        oneDone.run();
        return all;
    }

    private static void logStopFailure(Service s, Failure f) {
        LOG.log(System.Logger.Level.ERROR, "service " + s + " failed to stop", f.value());
    }

    @Override
    public Service getServiceNamed(String name) {
        Service s = namedServices.get(name);
        if (s == null) {
            throw new NoSuchElementException("no service named '" + name + "'");
        }
        return s;
    }

    @Override
    public void addService(Service service) {
        String n = service.name();
        if (n != null) {
            if (namedServices.containsKey(n)) {
                throw new IllegalArgumentException("cannot have two services named '" + n + "'");
            }
            namedServices.put(n, service);
        }
        services.add(service);
        if (isRunning()) {
            // A service added to a running collection misses the privileged phase; run it now.
            service.privilegedStartService();
            service.startService();
        }
    }

    @Override
    public Deferred<Void> removeService(Service service) {
        if (service.name() != null) {
            namedServices.remove(service.name());
        }
        services.remove(service);
        if (isRunning()) {
            return Deferred.maybeDeferred(service::stopService);
        }
        return null;
    }

    /** The children, in the order added. */
    @Override
    public Iterator<Service> iterator() {
        return java.util.Collections.unmodifiableList(services).iterator();
    }
}
