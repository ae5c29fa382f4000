package io.twisted.web.server;

import io.twisted.internet.DelayedCall;
import io.twisted.internet.HalfCloseableProtocol;
import io.twisted.internet.Protocol;
import io.twisted.internet.defer.Failure;
import io.twisted.web.http.HttpDates;
import io.twisted.web.http.HttpHeaders;
import io.twisted.web.http.HttpMessageListener;
import io.twisted.web.http.HttpParseException;
import io.twisted.web.http.HttpParser;
import io.twisted.web.http.HttpStatus;
import io.twisted.web.http.HttpVersion;
import io.twisted.web.http.HttpWriter;
import io.twisted.web.resource.ErrorPage;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One HTTP/1.1 server connection (Twisted's {@code HTTPChannel}): parses requests with an
 * {@link HttpParser}, hands each complete request to its {@link Site}, and keeps the connection
 * for the next one when both sides allow it.
 *
 * <h2>Behaviour</h2>
 * <ul>
 *   <li>One request at a time: bytes of pipelined requests that arrive while a response is in
 *       progress wait (up to {@link Site#maxPipelineBuffer()} bytes, then reading pauses), so
 *       responses go out in request order (RFC 9112 section 9.3.2).</li>
 *   <li>Persistence (RFC 9112 section 9.3): HTTP/1.1 unless {@code Connection: close}; HTTP/1.0
 *       only with {@code Connection: keep-alive} and a delimited response.</li>
 *   <li>{@code Expect: 100-continue} (RFC 9110 section 10.1.1) is answered with an interim 100
 *       before the body is read; any other expectation gets 417.</li>
 *   <li>A malformed request or one over a limit gets the parser's status (400, 413, 414, 431,
 *       501, 505), {@code Connection: close}, and the connection closes.</li>
 *   <li>Timeouts, from the site's reactor clock: {@link Site#idleTimeout()} between requests (the
 *       connection just closes) and while reading a body (no byte for that long: 408);
 *       {@link Site#headerTimeout()} from a request's first byte to the end of its header section
 *       (408), against slow-header clients. There is no timeout while a resource renders.</li>
 * </ul>
 */
public final class HttpChannel extends Protocol implements HttpMessageListener, HalfCloseableProtocol {

    private static final System.Logger LOG = System.getLogger(HttpChannel.class.getName());

    private enum State { READING, RESPONDING, CLOSED }

    private static final int INITIAL_BODY_BUFFER = 64 * 1024;

    private final Site site;
    private final HttpParser parser;
    private State state = State.READING;
    private boolean parsing;

    private String method;
    private String target;
    private HttpVersion version;
    private HttpHeaders headers;
    private byte[] body = new byte[0];
    private int bodyLen;

    private byte[] pending = new byte[0];
    private int pendingLen;
    private boolean readingPaused;

    private DelayedCall timer;
    private Request current;
    private boolean peerDone;

    /** A connection of {@code site} (see {@link Site#buildProtocol}). */
    public HttpChannel(Site site) {
        this.site = site;
        this.parser = new HttpParser(HttpParser.Mode.REQUEST, site.limits(), this);
    }

    /** The request being answered, or {@code null}. */
    public Request currentRequest() {
        return current;
    }

    // ------------------------------------------------------------------ connection events

    @Override
    public void connectionMade() {
        armTimer(site.idleTimeout(), this::idleTimedOut);
    }

    @Override
    public void dataReceived(ByteBuffer data) {
        if (state == State.CLOSED) {
            data.position(data.limit());
            return;
        }
        if (state == State.RESPONDING) {
            stash(data);
            return;
        }
        parse(data);
    }

    @Override
    public void connectionLost(Failure reason) {
        state = State.CLOSED;
        cancelTimer();
        Request r = current;
        current = null;
        if (r != null) {
            r.connectionLost(reason);
        }
    }

    /**
     * The client sent all it will send (it half-closed): requests already received are still
     * answered, in order, then the connection closes; a request cut short is dropped.
     */
    @Override
    public void readConnectionLost() {
        peerDone = true;
        if (state == State.READING && pendingLen == 0) {
            close();
        }
    }

    @Override
    public void writeConnectionLost() {
        close();
    }

    private void parse(ByteBuffer data) {
        parsing = true;
        try {
            while (state == State.READING && data.hasRemaining()) {
                boolean wasIdle = parser.isIdle();
                try {
                    parser.feed(data);
                } catch (HttpParseException e) {
                    fail(e.status(), e.reason());
                    return;
                }
                if (wasIdle && parser.isReadingHead() && !parser.isIdle()) {
                    armTimer(site.headerTimeout(), this::readTimedOut);
                }
                if (parser.isComplete()) {
                    dispatch();
                }
            }
            if (state == State.RESPONDING && data.hasRemaining()) {
                stash(data);
            }
        } finally {
            parsing = false;
        }
        if (state == State.READING && pendingLen == 0) {
            if (peerDone) {
                close();
            } else if (parser.isIdle()) {
                armTimer(site.idleTimeout(), this::idleTimedOut);
            }
        }
    }

    private void stash(ByteBuffer data) {
        int n = data.remaining();
        if (pendingLen + n > pending.length) {
            pending = Arrays.copyOf(pending, Math.max(pending.length * 2, pendingLen + n));
        }
        data.get(pending, pendingLen, n);
        pendingLen += n;
        if (!readingPaused && pendingLen > site.maxPipelineBuffer()) {
            readingPaused = true;
            transport.pauseProducing();
        }
    }

    // ------------------------------------------------------------------ parser events

    @Override
    public void requestLine(String method, String target, HttpVersion version) {
        this.method = method;
        this.target = target;
        this.version = version;
    }

    @Override
    public void headersComplete(HttpHeaders headers) {
        this.headers = headers;
        String expect = headers.get("Expect");
        if (expect != null) {
            if (!expect.equalsIgnoreCase("100-continue") || headers.getAll("Expect").size() > 1) {
                throw new HttpParseException(HttpStatus.EXPECTATION_FAILED, "unsupported expectation");
            }
            if (version.atLeast11() && (parser.isChunked() || parser.contentLength() > 0)) {
                transport.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            }
        }
        long declared = parser.contentLength();
        if (declared > 0) {
            // grow with what arrives: a declared length alone does not reserve memory beyond 64 KiB
            body = new byte[(int) Math.min(declared, INITIAL_BODY_BUFFER)];
        }
        armTimer(site.idleTimeout(), this::readTimedOut);
    }

    @Override
    public void bodyData(ByteBuffer data) {
        int n = data.remaining();
        if (bodyLen + n > body.length) {
            body = Arrays.copyOf(body, Math.max(Math.max(body.length * 2, 1024), bodyLen + n));
        }
        data.get(body, bodyLen, n);
        bodyLen += n;
        if (timer != null && timer.active()) {
            timer.reset(site.idleTimeout());
        }
    }

    @Override
    public void messageComplete(HttpHeaders trailers) {
        // dispatched by parse(), once feed() has returned
    }

    private void dispatch() {
        cancelTimer();
        byte[] content = bodyLen == body.length ? body : Arrays.copyOf(body, bodyLen);
        body = new byte[0];
        bodyLen = 0;
        state = State.RESPONDING;
        Request request;
        try {
            request = new Request(this, site, method, target, version, headers, content);
        } catch (HttpParseException e) {
            fail(e.status(), e.reason());
            return;
        }
        current = request;
        site.render(request);
    }

    // ------------------------------------------------------------------ from Request

    /** Whether the client allows the connection to stay open after this response. */
    boolean clientWantsPersistent(HttpVersion version, HttpHeaders requestHeaders) {
        if (state == State.CLOSED || !site.persistentConnections()) {
            return false;
        }
        if (version.atLeast11()) {
            return !requestHeaders.containsToken("Connection", "close");
        }
        return requestHeaders.containsToken("Connection", "keep-alive");
    }

    /** The response to {@code request} is complete. */
    void requestDone(Request request, boolean persistent) {
        if (request != current) {
            return;
        }
        current = null;
        if (!persistent || state == State.CLOSED) {
            close();
            return;
        }
        state = State.READING;
        parser.reset();
        if (!parsing) {
            resumeAfterResponse();
        }
    }

    private void resumeAfterResponse() {
        if (pendingLen > 0) {
            ByteBuffer buf = ByteBuffer.wrap(Arrays.copyOf(pending, pendingLen));
            pendingLen = 0;
            if (pending.length > 64 * 1024) {
                pending = new byte[0];
            }
            parse(buf);
        } else if (peerDone) {
            close();
            return;
        } else {
            armTimer(site.idleTimeout(), this::idleTimedOut);
        }
        if (readingPaused && state != State.CLOSED && pendingLen <= site.maxPipelineBuffer()) {
            readingPaused = false;
            transport.resumeProducing();
        }
    }

    /** Drops the connection of {@code request} at once (a response that cannot be completed). */
    static void abort(Request request) {
        request.channel().abortNow();
    }

    private void abortNow() {
        state = State.CLOSED;
        cancelTimer();
        transport.abortConnection();
    }

    private void close() {
        if (state == State.CLOSED && transport.isDisconnecting()) {
            return;
        }
        state = State.CLOSED;
        cancelTimer();
        transport.loseConnection();
    }

    // ------------------------------------------------------------------ errors and timeouts

    /** Answers a request that could not be parsed with {@code status} and closes. */
    private void fail(int status, String reason) {
        if (current != null && current.isHeadersWritten()) {
            state = State.CLOSED;
            cancelTimer();
            transport.abortConnection();
            return;
        }
        byte[] page = ErrorPage.page(status, HttpStatus.reasonPhrase(status), reason).getBytes(StandardCharsets.UTF_8);
        HttpHeaders h = new HttpHeaders()
                .add("Date", site.httpDate())
                .add("Content-Type", "text/html; charset=utf-8")
                .add("Content-Length", Integer.toString(page.length))
                .add("Connection", "close");
        if (site.serverName() != null) {
            h.add("Server", site.serverName());
        }
        LOG.log(System.Logger.Level.DEBUG, "refusing request from " + transport.getPeer() + ": " + status + " " + reason);
        transport.writeSequence(java.util.List.of(
                ByteBuffer.wrap(HttpWriter.responseHead(HttpVersion.HTTP_1_1, status, HttpStatus.reasonPhrase(status), h)),
                ByteBuffer.wrap(page)));
        close();
    }

    private void idleTimedOut() {
        timer = null;
        if (state == State.READING && parser.isIdle()) {
            close();
        }
    }

    private void readTimedOut() {
        timer = null;
        if (state == State.READING) {
            fail(HttpStatus.REQUEST_TIMEOUT, "the request was not received in time");
        }
    }

    private void armTimer(double seconds, Runnable action) {
        cancelTimer();
        if (seconds > 0) {
            timer = site.reactor().callLater(seconds, action);
        }
    }

    private void cancelTimer() {
        if (timer != null && timer.active()) {
            timer.cancel();
        }
        timer = null;
    }

    @Override
    public String toString() {
        return "HttpChannel[" + state + (current != null ? ", " + current : "") + "]";
    }
}
