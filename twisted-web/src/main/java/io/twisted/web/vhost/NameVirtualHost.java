package io.twisted.web.vhost;

import io.twisted.web.http.HttpStatus;
import io.twisted.web.resource.ErrorPage;
import io.twisted.web.resource.Resource;
import io.twisted.web.server.Request;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Chooses a resource by the request's host name (the {@code Host} field without port, compared
 * case-insensitively), else the {@link #setDefault default}, else a 404 page (Twisted's
 * {@code NameVirtualHost}).
 */
public final class NameVirtualHost extends Resource {

    private final Map<String, Resource> hosts = new HashMap<>();
    private Resource defaultResource;

    /** Serves {@code resource} for host {@code name}. */
    public NameVirtualHost addHost(String name, Resource resource) {
        hosts.put(name.toLowerCase(Locale.ROOT), resource);
        return this;
    }

    /** Stops serving host {@code name}. */
    public NameVirtualHost removeHost(String name) {
        hosts.remove(name.toLowerCase(Locale.ROOT));
        return this;
    }

    /** The resource for unknown hosts ({@code null}: 404). */
    public NameVirtualHost setDefault(Resource resource) {
        this.defaultResource = resource;
        return this;
    }

    private Resource resourceFor(Request request) {
        Resource r = hosts.get(request.getRequestHostname().toLowerCase(Locale.ROOT));
        if (r != null) {
            return r;
        }
        if (defaultResource != null) {
            return defaultResource;
        }
        return new ErrorPage(HttpStatus.NOT_FOUND, "No Such Resource", "host " + request.getRequestHostname() + " not found");
    }

    @Override
    public Resource getChildWithDefault(String path, Request request) {
        Resource r = resourceFor(request);
        if (r.isLeaf()) {
            // as Twisted: a leaf host resource sees the whole path in postpath
            request.postpath().add(0, request.prepath().remove(request.prepath().size() - 1));
            return r;
        }
        return r.getChildWithDefault(path, request);
    }

    @Override
    public Object render(Request request) {
        return resourceFor(request).render(request);
    }
}
