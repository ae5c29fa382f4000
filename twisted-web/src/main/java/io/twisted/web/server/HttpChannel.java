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
import io.twisted.web.resource.Resource;
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
 *   <li>Request bodies are buffered whole (within {@link io.twisted.web.http.HttpLimits#maxBody()},
 *       else 413) before the resource renders, unless the resource
 *       {@linkplain Resource#streamsRequestBody streams them}: it then renders as soon as the header
 *       section is complete and receives the body through {@link Request#receiveBody} under flow
 *       control (while its receiver is paused, or before it asks for the body, the connection
 *       stops reading from the client; at most {@link Site#maxPipelineBuffer()} bytes plus one read
 *       wait in memory). {@code 100 Continue} is then sent only when the resource asks for the
 *       body. A streamed body has no size limit unless {@link Site#setMaxStreamedBody} sets one. A
 *       response that finishes before its streamed request body was read closes the
 *       connection.</li>
 *   <li>The resource tree is walked when the header section is complete, before the body is
 *       read: {@link Resource#getChild} sees the path, query and headers but not form arguments
 *       from the body (Twisted walks after reading the body).</li>
 *   <li>Timeouts, from the site's reactor clock: {@link Site#idleTimeout()} between requests (the
 *       connection just closes) and while reading a body (no byte for that long: 408);
 *       {@link Site#headerTimeout()} from a request's first byte to the end of its header section
 *       (408), against slow-header clients. There is no timeout while a resource renders.</li>
 * </ul>
 */
public final class HttpChannel extends Protocol implements HttpMessageListener, HalfCloseableProtocol {

    private static final System.Logger LOG = System.getLogger(HttpChannel.class.getName());

    /**
     * READING: a request's head (or buffered body); STREAMING: the resource renders while its
     * body is still being read; RESPONDING: the whole request was read, the response is not done.
     */
    private enum State { READING, STREAMING, RESPONDING, CLOSED }

    private static final int INITIAL_BODY_BUFFER = 64 * 1024;
    private static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

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

    // the request whose head was read, and where traversal led
    private Request parsed;
    private Resource located;
    private Throwable locateError;
    private boolean startStreaming;

    // a streamed body
    private RequestBodyReceiver receiver;
    private boolean bodyPaused;
    private boolean bodyStopped;
    private boolean bodyEnded;
    private Failure bodyFailure;
    private boolean continuePending;
    private BodyProducer bodyProducer;

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
        if (state == State.RESPONDING || state == State.STREAMING && !bodyFlowing()) {
            stash(data);
            return;
        }
        parse(data);
    }

    @Override
    public void connectionLost(Failure reason) {
        boolean streaming = state == State.STREAMING;
        state = State.CLOSED;
        cancelTimer();
        Request r = current;
        current = null;
        if (r != null) {
            r.connectionLost(reason);
        }
        if (streaming) {
            bodyFailed(reason);
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
        } else if (bodyFlowing() && pendingLen == 0 && !parsing) {
            fail(HttpStatus.BAD_REQUEST, "the client closed the connection in the middle of the body");
        }
    }

    @Override
    public void writeConnectionLost() {
        close();
    }

    private void parse(ByteBuffer data) {
        parsing = true;
        try {
            while ((state == State.READING || bodyFlowing()) && data.hasRemaining()) {
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
                if (startStreaming) {
                    startStreaming = false;
                    dispatchStreaming();
                }
                if (parser.isComplete()) {
                    if (state == State.READING) {
                        dispatch();
                    } else if (state == State.STREAMING) {
                        streamedBodyComplete();
                    }
                }
            }
            if ((state == State.RESPONDING || state == State.STREAMING) && data.hasRemaining()) {
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
        } else if (state == State.STREAMING && pendingLen == 0 && peerDone) {
            fail(HttpStatus.BAD_REQUEST, "the client closed the connection in the middle of the body");
        }
        updateReading();
    }

    private void stash(ByteBuffer data) {
        int n = data.remaining();
        if (pendingLen + n > pending.length) {
            pending = Arrays.copyOf(pending, Math.max(pending.length * 2, pendingLen + n));
        }
        data.get(pending, pendingLen, n);
        pendingLen += n;
        updateReading();
    }

    /** Whether body bytes may go to the resource now. */
    private boolean bodyFlowing() {
        return state == State.STREAMING && receiver != null && !bodyPaused;
    }

    /**
     * Reads from the client unless stashed input passed {@link Site#maxPipelineBuffer()} or a
     * streamed body cannot go to its resource now.
     */
    private void updateReading() {
        boolean pause = state != State.CLOSED
                && (pendingLen > site.maxPipelineBuffer() || state == State.STREAMING && !bodyFlowing());
        if (pause != readingPaused) {
            readingPaused = pause;
            if (pause) {
                transport.pauseProducing();
            } else {
                transport.resumeProducing();
            }
        }
    }

    /** Parses stashed input (after a response, or when a streamed body flows again). */
    private void drainPending() {
        if (pendingLen > 0) {
            ByteBuffer buf = ByteBuffer.wrap(Arrays.copyOf(pending, pendingLen));
            pendingLen = 0;
            if (pending.length > 64 * 1024) {
                pending = new byte[0];
            }
            parse(buf);
        } else if (state == State.STREAMING && peerDone) {
            fail(HttpStatus.BAD_REQUEST, "the client closed the connection in the middle of the body");
        }
        updateReading();
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
        parsed = new Request(this, site, method, target, version, headers);
        located = null;
        locateError = null;
        boolean hasBody = parser.isChunked() || parser.contentLength() > 0;
        boolean streaming = false;
        try {
            located = site.getResourceFor(parsed);
            streaming = hasBody && located.streamsRequestBody(parsed);
        } catch (RuntimeException | Error e) {
            locateError = e;
        }
        parser.setMaxBody(streaming ? site.maxStreamedBody() : site.limits().maxBody());
        String expect = headers.get("Expect");
        boolean wantsContinue = false;
        if (expect != null) {
            if (!expect.equalsIgnoreCase("100-continue") || headers.getAll("Expect").size() > 1) {
                throw new HttpParseException(HttpStatus.EXPECTATION_FAILED, "unsupported expectation");
            }
            wantsContinue = version.atLeast11() && hasBody;
        }
        if (streaming) {
            // render now; the body is read when the resource asks for it
            continuePending = wantsContinue;
            startStreaming = true;
            parser.suspend();
            return;
        }
        if (wantsContinue) {
            transport.write(CONTINUE);
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
        if (state == State.STREAMING) {
            streamedBodyData(data);
            return;
        }
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
        Request request = parsed;
        parsed = null;
        try {
            request.setContent(content);
        } catch (HttpParseException e) {
            fail(e.status(), e.reason());
            return;
        }
        current = request;
        render(request);
    }

    private void render(Request request) {
        Resource resource = located;
        Throwable error = locateError;
        located = null;
        locateError = null;
        if (error != null) {
            site.processingFailed(request, error);
        } else {
            site.render(request, resource);
        }
    }

    // ------------------------------------------------------------------ streamed bodies

    private void dispatchStreaming() {
        cancelTimer();
        state = State.STREAMING;
        receiver = null;
        bodyPaused = false;
        bodyStopped = false;
        bodyEnded = false;
        bodyFailure = null;
        bodyProducer = new BodyProducer();
        Request request = parsed;
        parsed = null;
        request.setStreamed();
        current = request;
        render(request);
        updateReading();
    }

    /** {@link Request#receiveBody} of the streamed request being rendered. */
    io.twisted.internet.PushProducer receiveBody(Request request, RequestBodyReceiver r) {
        java.util.Objects.requireNonNull(r, "receiver");
        if (request != current || bodyEnded || state != State.STREAMING || receiver != null) {
            // the request is over (the connection failed before the resource asked): say so, not
            // from inside this call
            Failure f = request == current && bodyFailure != null ? bodyFailure
                    : new Failure(new io.twisted.internet.error.ConnectionDone("the request is over"));
            if (request == current) {
                bodyEnded = true;
            }
            site.reactor().callLater(0, () -> r.bodyFailed(f));
            return new BodyProducer();
        }
        receiver = r;
        if (continuePending) {
            continuePending = false;
            transport.write(CONTINUE);
        }
        // the first bytes come in a later reactor turn, once the caller holds the producer
        site.reactor().callLater(0, this::resumeBody);
        return bodyProducer;
    }

    private void resumeBody() {
        if (!bodyFlowing() || parsing) {
            updateReading();
            return;
        }
        armTimer(site.idleTimeout(), this::readTimedOut);
        drainPending();
    }

    private void streamedBodyData(ByteBuffer data) {
        if (timer != null && timer.active()) {
            timer.reset(site.idleTimeout());
        }
        if (receiver == null || bodyStopped || bodyEnded) {
            return;
        }
        try {
            receiver.bodyDataReceived(data);
        } catch (RuntimeException e) {
            bodyStopped = true;
            if (current != null) {
                site.processingFailed(current, e);
            }
        }
        if (bodyPaused) {
            parser.suspend();
        }
    }

    private void streamedBodyComplete() {
        cancelTimer();
        state = State.RESPONDING;
        if (bodyEnded) {
            return;
        }
        bodyEnded = true;
        RequestBodyReceiver r = receiver;
        if (r != null && !bodyStopped) {
            try {
                r.bodyComplete();
            } catch (RuntimeException e) {
                if (current != null) {
                    site.processingFailed(current, e);
                }
            }
        }
    }

    /** The streamed body will not complete. */
    private void bodyFailed(Failure reason) {
        if (bodyEnded) {
            return;
        }
        bodyFailure = reason;
        RequestBodyReceiver r = receiver;
        if (r == null) {
            return; // told when it asks
        }
        bodyEnded = true;
        try {
            r.bodyFailed(reason);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "a request body receiver failed", e);
        }
    }

    /** The producer a resource gets from {@link Request#receiveBody}: pausing it stops reading from the client. */
    private final class BodyProducer implements io.twisted.internet.PushProducer {
        /** Whether this is the producer of the body being read (not of an earlier request). */
        private boolean active() {
            return bodyProducer == this && state == State.STREAMING;
        }

        @Override
        public void pauseProducing() {
            if (!active() || bodyPaused) {
                return;
            }
            bodyPaused = true;
            if (parsing) {
                parser.suspend();
            }
            cancelTimer();
            updateReading();
        }

        @Override
        public void resumeProducing() {
            if (!active() || !bodyPaused) {
                return;
            }
            bodyPaused = false;
            resumeBody();
        }

        /** The resource wants no more of the body: the rest is read and dropped. */
        @Override
        public void stopProducing() {
            if (!active()) {
                return;
            }
            bodyStopped = true;
            if (bodyPaused) {
                resumeProducing();
            }
        }
    }

    // ------------------------------------------------------------------ from Request

    /** Whether the client allows the connection to stay open after this response. */
    boolean clientWantsPersistent(HttpVersion version, HttpHeaders requestHeaders) {
        if (state == State.CLOSED || state == State.STREAMING || !site.persistentConnections()) {
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
        if (state == State.STREAMING) {
            // answered before its body was read: the rest of the body cannot be told from a next request
            close();
            bodyFailed(new Failure(new io.twisted.internet.error.ConnectionDone("the response finished before the request body")));
            return;
        }
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
            drainPending();
        } else if (peerDone) {
            close();
            return;
        } else {
            armTimer(site.idleTimeout(), this::idleTimedOut);
        }
        updateReading();
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
        if (state == State.STREAMING) {
            // the resource is rendering: it loses its client, then its body
            Request r = current;
            current = null;
            state = State.CLOSED;
            Failure f = new Failure(new HttpParseException(status, reason));
            if (r != null) {
                r.connectionLost(f);
            }
            bodyFailed(f);
            if (r != null && r.isHeadersWritten()) {
                cancelTimer();
                transport.abortConnection();
                return;
            }
        }
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
        if (state == State.READING || bodyFlowing()) {
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
