package io.twisted.web.proxy;

import io.twisted.internet.ClientFactory;
import io.twisted.internet.Connector;
import io.twisted.internet.ReactorTcp;
import io.twisted.internet.defer.Failure;
import io.twisted.web.files.UriPaths;
import io.twisted.web.http.HttpStatus;
import io.twisted.web.resource.ErrorPage;
import io.twisted.web.resource.Resource;
import io.twisted.web.server.Request;
import java.nio.charset.StandardCharsets;

/**
 * Forwards every request below it to {@code host:port} under {@code path} (Twisted's
 * {@code ReverseProxyResource}): {@code /prefix/a/b?q} becomes {@code path + "/a/b?q"} upstream.
 *
 * <p>The upstream request is HTTP/1.1 with {@code Connection: close}, the client's method, headers
 * (hop-by-hop fields removed, RFC 9110 section 7.6.1; {@code Host} set to the upstream host, as
 * Twisted does) and body, streamed as it arrives ({@link #streamsRequestBody}): while upstream
 * reads slowly, reading from the client pauses, so an upload of any size costs bounded memory
 * ({@link io.twisted.web.server.Site#maxStreamedBody()} may limit it). The response's status, headers (hop-by-hop removed) and content are
 * streamed back as they arrive; while the client reads slowly, reading from upstream pauses. An
 * upstream that cannot be reached, or answers with a malformed response, gives 502.
 */
public class ReverseProxyResource extends Resource {

    private final String host;
    private final int port;
    private final String path;
    private final ReactorTcp reactor;

    /**
     * @param path the upstream path prefix, percent-encoded, without a trailing slash ({@code ""} for the root)
     */
    public ReverseProxyResource(String host, int port, String path, ReactorTcp reactor) {
        this.host = host;
        this.port = port;
        this.path = path;
        this.reactor = reactor;
    }

    /** Request bodies go upstream as they arrive (no buffering, no size limit of the site's own). */
    @Override
    public boolean streamsRequestBody(Request request) {
        return true;
    }

    @Override
    public Resource getChild(String segment, Request request) {
        return new ReverseProxyResource(host, port, path + "/" + UriPaths.encodeSegment(segment), reactor);
    }

    @Override
    public Object render(Request request) {
        String target = (path.isEmpty() ? "/" : path) + (request.getQuery() != null ? "?" + request.getQuery() : "");
        String hostField = port == 80 ? host : host + ":" + port;
        ProxyClient client = new ProxyClient(request, target, hostField);
        ClientFactory factory = new ClientFactory(() -> client) {
            @Override
            public void clientConnectionFailed(Connector connector, Failure reason) {
                badGateway(request, "cannot connect to the upstream server: " + reason.getErrorMessage());
            }
        };
        reactor.connectTCP(host, port, factory);
        return NOT_DONE_YET;
    }

    /** Answers 502 unless the response has started, in which case the connection is dropped. */
    static void badGateway(Request request, String detail) {
        if (request.isFinished() || request.isDisconnected()) {
            return;
        }
        if (request.isHeadersWritten()) {
            request.abortConnection();
            return;
        }
        request.getResponseHeaders().clear();
        request.setResponseCode(HttpStatus.BAD_GATEWAY);
        request.setHeader("Content-Type", "text/html; charset=utf-8");
        byte[] page = ErrorPage.page(502, "Bad Gateway", detail).getBytes(StandardCharsets.UTF_8);
        request.setHeader("Content-Length", Integer.toString(page.length));
        request.write(page);
        request.finish();
    }
}
