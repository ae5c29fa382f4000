package io.twisted.web.proxy;

import io.twisted.internet.ClientFactory;
import io.twisted.internet.Connector;
import io.twisted.internet.ReactorTcp;
import io.twisted.internet.defer.Failure;
import io.twisted.web.http.HttpStatus;
import io.twisted.web.resource.ErrorPage;
import io.twisted.web.resource.Resource;
import io.twisted.web.server.Request;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * An HTTP forward proxy as a leaf resource (Twisted's {@code twisted.web.proxy.Proxy}): a request
 * whose target is in absolute form ({@code GET http://host:port/path HTTP/1.1}, RFC 9112 section
 * 3.2.2) is sent to that server and its response streamed back, as {@link ReverseProxyResource}
 * does. Only {@code http} URIs are forwarded: {@code CONNECT} tunnels and other schemes get 501,
 * an origin-form target gets 400.
 *
 * <p>This is an open proxy for whoever can reach it: listen on a trusted interface only.
 */
public final class ForwardProxyResource extends Resource {

    private final ReactorTcp reactor;

    /** A proxy that connects with {@code reactor}. */
    public ForwardProxyResource(ReactorTcp reactor) {
        this.reactor = reactor;
    }

    @Override
    public boolean isLeaf() {
        return true;
    }

    /** Request bodies go upstream as they arrive (no buffering, no size limit of the site's own). */
    @Override
    public boolean streamsRequestBody(Request request) {
        return true;
    }

    @Override
    public Object render(Request request) {
        URI uri;
        try {
            uri = new URI(request.getUri());
        } catch (URISyntaxException e) {
            return error(request, HttpStatus.BAD_REQUEST, "Bad Request", "The request target is not a URI.");
        }
        if (uri.getScheme() == null || uri.getHost() == null) {
            return error(request, HttpStatus.BAD_REQUEST, "Bad Request", "A proxy needs an absolute URI as the request target.");
        }
        if (!uri.getScheme().toLowerCase(Locale.ROOT).equals("http")) {
            return error(request, HttpStatus.NOT_IMPLEMENTED, "Not Implemented", "Only http URIs are proxied.");
        }
        int port = uri.getPort() < 0 ? 80 : uri.getPort();
        String target = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                + (uri.getRawQuery() != null ? "?" + uri.getRawQuery() : "");
        String hostField = port == 80 ? uri.getHost() : uri.getHost() + ":" + port;
        ProxyClient client = new ProxyClient(request, target, hostField);
        reactor.connectTCP(uri.getHost(), port, new ClientFactory(() -> client) {
            @Override
            public void clientConnectionFailed(Connector connector, Failure reason) {
                ReverseProxyResource.badGateway(request, "cannot connect to " + hostField + ": " + reason.getErrorMessage());
            }
        });
        return NOT_DONE_YET;
    }

    private static Object error(Request request, int status, String brief, String detail) {
        return new ErrorPage(status, brief, detail).render(request);
    }
}
