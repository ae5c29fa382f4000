package io.twisted.web.resource;

import io.twisted.web.server.Request;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A web resource (Twisted's {@code twisted.web.resource.Resource}): a node in a tree that a
 * {@link io.twisted.web.server.Site} walks to find what renders a request.
 *
 * <h2>Traversal</h2>
 * For each path segment left in {@link Request#postpath()}, while the current resource is not a
 * {@link #isLeaf() leaf}, the site moves the segment to {@link Request#prepath()} and asks
 * {@link #getChildWithDefault}: a child registered with {@link #putChild}, else {@link #getChild}
 * (by default a 404 page). A request for {@code /} has the single segment {@code ""}. The walk
 * happens as soon as the request's header section is complete, before its body is read, so
 * {@code getChild} sees the path, query arguments and headers but not form arguments from the body
 * (Twisted walks after reading the body); this lets the resource found decide to
 * {@linkplain #streamsRequestBody stream the body}.
 *
 * <h2>Rendering</h2>
 * {@link #render} calls {@code render<METHOD>(Request)}: {@link #renderGET}, {@link #renderPOST},
 * {@link #renderPUT}, {@link #renderDELETE}, {@link #renderPATCH}, {@link #renderOPTIONS} directly,
 * and for any other method token a public method of that name found by reflection, as Twisted
 * finds {@code render_PROPFIND}. {@code HEAD} uses {@link #renderGET} unless {@code renderHEAD} is overridden (the
 * site drops the content). A method without a render method gets 405 with an {@code Allow} field.
 * A render method returns the content ({@code byte[]} or a {@code String} sent as UTF-8), or
 * {@link #NOT_DONE_YET}: it then writes with {@link Request#write} and calls
 * {@link Request#finish()} later, on the reactor thread.
 * <pre>{@code
 * public final class Hello extends Resource {
 *     public boolean isLeaf() { return true; }
 *     public Object renderGET(Request request) {
 *         request.setHeader("Content-Type", "text/plain; charset=utf-8");
 *         return "hello";
 *     }
 * }
 * }</pre>
 */
public class Resource {

    /** Returned by a render method that finishes the request later (Twisted's {@code NOT_DONE_YET}). */
    public static final Object NOT_DONE_YET = new Object() {
        @Override
        public String toString() {
            return "NOT_DONE_YET";
        }
    };

    private final Map<String, Resource> children = new LinkedHashMap<>();

    /** Registers {@code child} under the path segment {@code path} ({@code ""} for a trailing slash). */
    public void putChild(String path, Resource child) {
        children.put(path, child);
    }

    /** The registered children, in registration order. */
    public Map<String, Resource> children() {
        return Collections.unmodifiableMap(children);
    }

    /** Whether traversal stops here, leaving the rest of the path in {@link Request#postpath()}. */
    public boolean isLeaf() {
        return false;
    }

    /** The registered child called {@code path}, or else {@link #getChild}. */
    public Resource getChildWithDefault(String path, Request request) {
        Resource child = children.get(path);
        return child != null ? child : getChild(path, request);
    }

    /**
     * Whether this resource reads {@code request}'s body as it arrives instead of having it read
     * whole before rendering (default no). When yes (and the request has a body), the resource
     * renders as soon as the header section is complete and takes the body with
     * {@link Request#receiveBody}, under flow control, without the
     * {@link io.twisted.web.http.HttpLimits#maxBody()} limit (see
     * {@link io.twisted.web.server.Site#maxStreamedBody()}); {@link Request#getContent()} and body
     * form arguments are then empty. Proxies stream this way.
     */
    public boolean streamsRequestBody(Request request) {
        return false;
    }

    /** A dynamic child, for segments without a registered one: by default a 404 page. */
    public Resource getChild(String path, Request request) {
        return ErrorPage.noResource();
    }

    /**
     * Renders {@code request}: dispatches to {@code render<METHOD>}.
     *
     * @return {@code byte[]}, a {@code String}, or {@link #NOT_DONE_YET}
     * @throws UnsupportedMethodException when there is no render method for the request's method
     */
    public Object render(Request request) {
        String m = request.getMethod();
        switch (m) {
            case "GET":
                return renderGET(request);
            case "POST":
                return renderPOST(request);
            case "PUT":
                return renderPUT(request);
            case "DELETE":
                return renderDELETE(request);
            case "PATCH":
                return renderPATCH(request);
            case "OPTIONS":
                return renderOPTIONS(request);
            case "HEAD":
                return renderMethod("HEAD") != null ? renderHEAD(request) : renderGET(request);
            default:
                return renderByReflection(m, request);
        }
    }

    private Object renderByReflection(String m, Request request) {
        Method target = renderMethod(m);
        if (target == null || !target.trySetAccessible()) {
            throw new UnsupportedMethodException(allowedMethods());
        }
        try {
            return target.invoke(this, request);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            if (cause instanceof Error) {
                throw (Error) cause;
            }
            throw new IllegalStateException(cause);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Renders a GET; override it (the default is a 405, as for a resource without it). */
    public Object renderGET(Request request) {
        throw new UnsupportedMethodException(allowedMethods());
    }

    /** Renders a HEAD; by default {@link #renderGET} is used and the site drops the content. */
    public Object renderHEAD(Request request) {
        throw new UnsupportedMethodException(allowedMethods());
    }

    /** Renders a POST; override it (the default is a 405). */
    public Object renderPOST(Request request) {
        throw new UnsupportedMethodException(allowedMethods());
    }

    /** Renders a PUT; override it (the default is a 405). */
    public Object renderPUT(Request request) {
        throw new UnsupportedMethodException(allowedMethods());
    }

    /** Renders a DELETE; override it (the default is a 405). */
    public Object renderDELETE(Request request) {
        throw new UnsupportedMethodException(allowedMethods());
    }

    /** Renders a PATCH; override it (the default is a 405). */
    public Object renderPATCH(Request request) {
        throw new UnsupportedMethodException(allowedMethods());
    }

    /** Renders an OPTIONS; override it (the default is a 405). */
    public Object renderOPTIONS(Request request) {
        throw new UnsupportedMethodException(allowedMethods());
    }

    /**
     * The methods this resource renders: every public {@code renderXXX(Request)} declared below
     * {@code Resource} itself, plus HEAD when GET is there (RFC 9110 section 9.3.2).
     */
    public List<String> allowedMethods() {
        List<String> out = new ArrayList<>();
        for (Method mm : getClass().getMethods()) {
            String name = mm.getName();
            if (name.startsWith("render") && name.length() > 6 && mm.getParameterCount() == 1
                    && mm.getParameterTypes()[0] == Request.class && mm.getDeclaringClass() != Resource.class
                    && isMethodToken(name.substring(6)) && !out.contains(name.substring(6))) {
                out.add(name.substring(6));
            }
        }
        if (out.contains("GET") && !out.contains("HEAD")) {
            out.add("HEAD");
        }
        Collections.sort(out);
        return out;
    }

    private static boolean isMethodToken(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= 'A' && c <= 'Z') && c != '-' && c != '_') {
                return false;
            }
        }
        return true;
    }

    private Method renderMethod(String httpMethod) {
        if (!isMethodToken(httpMethod)) {
            return null;
        }
        try {
            Method mm = getClass().getMethod("render" + httpMethod, Request.class);
            return mm.getDeclaringClass() == Resource.class ? null : mm;
        } catch (NoSuchMethodException e) {
            return null;
        }
    }

    /** Thrown by {@link #render} for a method the resource does not render: the site answers 405. */
    public static final class UnsupportedMethodException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        /** The methods rendered. */
        private final List<String> allowed;

        /** The method is not rendered; {@code allowed} are. */
        public UnsupportedMethodException(List<String> allowed) {
            super("method not allowed; allowed: " + allowed);
            this.allowed = List.copyOf(allowed);
        }

        /** The methods the resource does render, for the {@code Allow} field. */
        public List<String> allowed() {
            return allowed;
        }
    }
}
