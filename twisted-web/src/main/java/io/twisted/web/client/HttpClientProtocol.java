package io.twisted.web.client;

import io.twisted.internet.Connector;
import io.twisted.internet.Consumer;
import io.twisted.internet.DelayedCall;
import io.twisted.internet.Producer;
import io.twisted.internet.Protocol;
import io.twisted.internet.ReactorTime;
import io.twisted.internet.Transport;
import io.twisted.internet.defer.Deferred;
import io.twisted.internet.defer.Failure;
import io.twisted.internet.error.ConnectionAborted;
import io.twisted.internet.error.TimeoutError;
import io.twisted.web.http.HttpHeaders;
import io.twisted.web.http.HttpLimits;
import io.twisted.web.http.HttpMessageListener;
import io.twisted.web.http.HttpParseException;
import io.twisted.web.http.HttpParser;
import io.twisted.web.http.HttpVersion;
import io.twisted.web.http.HttpWriter;
import java.io.ByteArrayOutputStream;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Set;

/**
 * One HTTP/1.1 client connection (Twisted's {@code HTTP11ClientProtocol}): sends one request at a
 * time, reads its response with the shared {@link HttpParser} in response mode, streams the body
 * to the {@link Response}'s body protocol, and tells its {@link Listener} (the pool) when it may
 * carry the next request or when it is gone.
 *
 * <p>A connection is kept for another request only when the request asked for it, the response is
 * HTTP/1.1 without {@code Connection: close}, and its body was delimited by a length or chunking
 * (RFC 9112 section 9.3); HTTP/1.0 keep-alive is not used. Requests are not pipelined. Interim
 * (1xx) responses are skipped. Bytes arriving while no request is outstanding are a protocol
 * error: the connection is dropped. A response that arrives before the request body was sent ends the body and makes the
 * connection non-persistent.
 */
final class HttpClientProtocol extends Protocol implements HttpMessageListener {

    /** Hears when the connection may be reused or is gone. */
    interface Listener {
        /** The last response is complete and the connection may carry another request. */
        void idle(HttpClientProtocol protocol);

        /** The connection is closed. */
        void lost(HttpClientProtocol protocol);
    }

    private enum State { CONNECTING, IDLE, TRANSMITTING, WAITING, RECEIVING_BODY, QUIESCENT, LOST }

    private static final Set<String> BODY_METHODS = Set.of("POST", "PUT", "PATCH");

    private final ReactorTime clock;
    private final HttpLimits limits;
    private final double responseTimeout;
    private final Deferred<HttpClientProtocol> connected = new Deferred<>(d -> cancelConnecting());
    private Connector connector;
    private boolean connectCancelled;
    private Listener listener;
    private State state = State.CONNECTING;

    private ClientRequest request;
    private HttpParser parser;
    private Deferred<Response> responseDeferred;
    private boolean receivedAnything;
    private boolean bodySent;
    private BodyProducer producer;
    private DelayedCall timeoutCall;
    private boolean persistent;
    private ResponseBody body;
    private BodyConsumer bodyConsumer;
    private boolean eofDelimited;

    /** A protocol reading responses within {@code limits}, timing out on {@code clock}. */
    HttpClientProtocol(ReactorTime clock, HttpLimits limits, double responseTimeout) {
        this.clock = clock;
        this.limits = limits;
        this.responseTimeout = responseTimeout;
    }

    /** Fires with this protocol once connected. */
    Deferred<HttpClientProtocol> whenConnected() {
        return connected;
    }

    /** The connection attempt, stopped if {@link #whenConnected()} is cancelled. */
    void setConnector(Connector connector) {
        this.connector = connector;
    }

    /** Whether the attempt was cancelled (its failure is then the cancellation, not the connector's). */
    boolean isConnectCancelled() {
        return connectCancelled;
    }

    private void cancelConnecting() {
        connectCancelled = true;
        if (connector != null && state == State.CONNECTING) {
            connector.stopConnecting();
        }
    }

    void setListener(Listener listener) {
        this.listener = listener;
    }

    /** Whether the connection is idle and open. */
    boolean isIdle() {
        return state == State.IDLE;
    }

    @Override
    public void connectionMade() {
        state = State.IDLE;
        connected.callback(this);
    }

    // ------------------------------------------------------------------ sending

    /**
     * Sends {@code req}; the result fires when the response head has arrived.
     *
     * @throws IllegalStateException if a request is outstanding or the connection is gone
     */
    Deferred<Response> request(ClientRequest req) {
        if (state != State.IDLE) {
            return Deferred.fail(new IllegalStateException("connection is not idle: " + state));
        }
        HttpHeaders headers = new HttpHeaders();
        for (int i = 0; i < req.headers().size(); i++) {
            headers.add(req.headers().name(i), req.headers().value(i));
        }
        headers.remove("Content-Length");
        headers.remove("Transfer-Encoding");
        if (req.body() != null) {
            if (req.body().length() >= 0) {
                headers.add("Content-Length", Long.toString(req.body().length()));
            } else {
                headers.add("Transfer-Encoding", "chunked");
            }
        } else if (BODY_METHODS.contains(req.method())) {
            headers.add("Content-Length", "0");
        }
        if (!req.persistent()) {
            headers.set("Connection", "close");
        }
        byte[] head;
        try {
            head = HttpWriter.requestHead(req.method(), req.target(), HttpVersion.HTTP_1_1, headers);
        } catch (IllegalArgumentException e) {
            return Deferred.fail(e);
        }
        request = req;
        receivedAnything = false;
        bodySent = false;
        body = null;
        persistent = false;
        parser = new HttpParser(HttpParser.Mode.RESPONSE, limits, this);
        if (req.method().equals("HEAD")) {
            parser.expectNoBody();
        }
        responseDeferred = new Deferred<>(d -> abort());
        state = State.TRANSMITTING;
        if (responseTimeout > 0) {
            timeoutCall = clock.callLater(responseTimeout, this::responseTimedOut);
        }
        transport.write(head);
        if (req.body() == null) {
            bodySent = true;
            state = State.WAITING;
        } else {
            producer = req.body();
            transport.registerProducer(producer, true);
            bodyConsumer = new BodyConsumer(producer.length());
            producer.startProducing(bodyConsumer)
                    .addCallbacks(this::bodyWritten, this::bodyFailed);
        }
        return responseDeferred;
    }

    /** Frames what the body producer writes: counted against its length, or chunked. */
    private final class BodyConsumer implements Consumer {
        private final long length;
        private long written;

        BodyConsumer(long length) {
            this.length = length;
        }

        @Override
        public void write(ByteBuffer data) {
            int n = data.remaining();
            if (producer == null || state == State.LOST) {
                data.position(data.limit());
                return;
            }
            written += n;
            if (length >= 0) {
                if (written > length) {
                    data.position(data.limit());
                    throw new IllegalStateException("body producer wrote more than its length " + length);
                }
                transport.write(data);
            } else if (n > 0) {
                transport.write(HttpWriter.chunkHeader(n));
                transport.write(data);
                transport.write(HttpWriter.CRLF);
            }
        }

        @Override
        public void registerProducer(Producer p, boolean streaming) {
            throw new UnsupportedOperationException("the connection registers the body producer itself");
        }

        @Override
        public void unregisterProducer() {
        }

        long written() {
            return written;
        }
    }

    private Void bodyWritten(Void ignored) {
        if (producer == null) {
            return null; // abandoned
        }
        BodyProducer p = producer;
        producer = null;
        if (state == State.LOST) {
            return null;
        }
        if (p.length() >= 0 && bodyConsumer.written() != p.length()) {
            producer = p;
            return bodyFailed(new Failure(new IllegalStateException("body producer wrote " + bodyConsumer.written()
                    + " bytes instead of its length " + p.length())));
        }
        transport.unregisterProducer();
        if (p.length() < 0) {
            transport.write(HttpWriter.LAST_CHUNK);
        }
        bodySent = true;
        if (state == State.TRANSMITTING) {
            state = State.WAITING;
        }
        return null;
    }

    private Void bodyFailed(Failure f) {
        if (producer == null) {
            return null;
        }
        producer = null;
        if (state == State.LOST) {
            return null;
        }
        transport.unregisterProducer();
        if (!responseDeferred.isCalled()) {
            responseDeferred.errback(new RequestTransmissionFailed("the request body could not be sent", List.of(f)));
        }
        persistent = false;
        abort();
        return null;
    }

    private void responseTimedOut() {
        timeoutCall = null;
        if (!responseDeferred.isCalled()) {
            responseDeferred.errback(new TimeoutError("no response within " + responseTimeout + " seconds"));
        }
        abort();
    }

    private void cancelTimeout() {
        if (timeoutCall != null) {
            if (timeoutCall.active()) {
                timeoutCall.cancel();
            }
            timeoutCall = null;
        }
    }

    private void abort() {
        if (transport != null && state != State.LOST) {
            transport.abortConnection();
        }
    }

    // ------------------------------------------------------------------ receiving

    @Override
    public void dataReceived(ByteBuffer data) {
        if (state != State.TRANSMITTING && state != State.WAITING && state != State.RECEIVING_BODY) {
            data.position(data.limit());
            if (state == State.IDLE || state == State.QUIESCENT) {
                abort(); // the server sent something nobody asked for
            }
            return;
        }
        receivedAnything |= data.hasRemaining();
        try {
            while (data.hasRemaining() && parser != null && !parser.isComplete()) {
                parser.feed(data);
            }
        } catch (HttpParseException e) {
            failResponse(new ResponseFailed("malformed response: " + e.reason(), List.of(new Failure(e))));
            abort();
            return;
        }
        if (data.hasRemaining()) {
            data.position(data.limit());
            abort(); // bytes after a complete response, unasked for
        }
    }

    @Override
    public void statusLine(HttpVersion version, int status, String reason) {
    }

    @Override
    public void headersComplete(HttpHeaders headers) {
        int status = parser.status();
        if (status < 200 && status != 101) {
            return; // interim response: skipped (RFC 9110 section 15.2)
        }
        cancelTimeout();
        boolean delimited = parser.contentLength() >= 0 || parser.isChunked()
                || request.method().equals("HEAD") || status == 204 || status == 304;
        persistent = request.persistent() && parser.version().atLeast11()
                && !headers.containsToken("Connection", "close") && delimited && status != 101;
        body = new ResponseBody();
        state = State.RECEIVING_BODY;
        long length = parser.isChunked() ? BodyProducer.UNKNOWN_LENGTH : parser.contentLength();
        if (request.method().equals("HEAD") || status == 204 || status == 304) {
            length = 0;
        }
        Response response = new Response(parser.version(), status, parser.reason(), headers, length,
                request.method(), request.uri(), body, null);
        body.updatePause();
        responseDeferred.callback(response);
    }

    @Override
    public void bodyData(ByteBuffer data) {
        if (body != null) {
            body.data(data);
        }
    }

    @Override
    public void messageComplete(HttpHeaders trailers) {
        if (parser.status() < 200 && parser.status() != 101) {
            parser.reset();
            if (request.method().equals("HEAD")) {
                parser.expectNoBody();
            }
            return;
        }
        ResponseBody finished = body;
        if (!bodySent) {
            // The server answered before the body was sent (RFC 9112 section 9.5): stop sending.
            persistent = false;
            BodyProducer p = producer;
            producer = null;
            if (p != null) {
                transport.unregisterProducer();
                p.stopProducing();
            }
        }
        if (persistent) {
            state = State.IDLE;
        } else {
            state = State.QUIESCENT;
            transport.loseConnection();
        }
        if (state == State.IDLE && listener != null) {
            listener.idle(this); // first, so that the body's reader may reuse the connection at once
        }
        finished.finish(eofDelimited ? new Failure(new PotentialDataLoss()) : new Failure(new ResponseDone()));
    }

    private void failResponse(ResponseFailed error) {
        cancelTimeout();
        persistent = false;
        if (responseDeferred != null && !responseDeferred.isCalled()) {
            responseDeferred.errback(error);
        } else if (body != null) {
            body.finish(new Failure(error));
        }
    }

    @Override
    public void connectionLost(Failure reason) {
        State was = state;
        if (was == State.RECEIVING_BODY && parser != null) {
            try {
                eofDelimited = true;
                parser.endOfInput(); // completes a body read to the end of the connection
            } catch (HttpParseException e) {
                // reported below as a failure
            }
            eofDelimited = false;
        }
        boolean completed = state != was; // messageComplete ran
        state = State.LOST;
        cancelTimeout();
        if (producer != null) {
            BodyProducer p = producer;
            producer = null;
            p.stopProducing();
        }
        if (!completed) {
            switch (was) {
                case TRANSMITTING, WAITING -> {
                    if (!responseDeferred.isCalled()) {
                        responseDeferred.errback(receivedAnything
                                ? new ResponseFailed("the connection was lost in the middle of a response", List.of(reason))
                                : new ResponseNeverReceived(List.of(reason)));
                    }
                }
                case RECEIVING_BODY -> body.finish(new Failure(
                        new ResponseFailed("the connection was lost in the middle of a response body", List.of(reason))));
                case CONNECTING -> connected.errback(reason);
                default -> {
                }
            }
        }
        if (listener != null) {
            listener.lost(this);
        }
    }

    // ------------------------------------------------------------------ the body's side

    /**
     * The body of the current response: buffers content until a protocol is given (the connection
     * is paused meanwhile, so at most one read is buffered), then streams it.
     */
    private final class ResponseBody implements Response.BodySource {
        private Protocol protocol;
        private ByteArrayOutputStream buffered = new ByteArrayOutputStream();
        private Failure done;
        private boolean finished;
        private boolean userPaused;
        private boolean transportPaused;

        void data(ByteBuffer data) {
            if (protocol == null) {
                byte[] b = new byte[data.remaining()];
                data.get(b);
                buffered.writeBytes(b);
            } else {
                protocol.dataReceived(data);
            }
        }

        void finish(Failure reason) {
            if (finished) {
                return;
            }
            finished = true;
            updatePause();
            if (protocol != null) {
                protocol.disconnect(reason);
            } else {
                done = reason;
            }
        }

        /** Pauses reading while nobody takes the body or its protocol asked, resumes otherwise. */
        void updatePause() {
            boolean want = !finished && (protocol == null || userPaused) && state == State.RECEIVING_BODY;
            if (want != transportPaused && transport != null && state != State.LOST) {
                transportPaused = want;
                if (want) {
                    transport.pauseProducing();
                } else {
                    transport.resumeProducing();
                }
            } else if (!want) {
                transportPaused = false;
            }
        }

        @Override
        public void deliverBody(Protocol p) {
            protocol = p;
            p.makeConnection(new BodyTransport(this));
            if (buffered.size() > 0) {
                byte[] b = buffered.toByteArray();
                buffered = new ByteArrayOutputStream();
                p.dataReceived(ByteBuffer.wrap(b));
            }
            if (finished) {
                p.disconnect(done);
            } else {
                updatePause();
            }
        }

        void stop() {
            if (!finished) {
                persistent = false;
                finish(new Failure(new ResponseFailed("the body protocol stopped the response",
                        List.of(new Failure(new ConnectionAborted("body delivery stopped"))))));
                abort();
            }
        }
    }

    /** What a body protocol sees as its transport: a producer over the connection, never written to. */
    private final class BodyTransport implements Transport {
        private final ResponseBody owner;

        BodyTransport(ResponseBody owner) {
            this.owner = owner;
        }

        @Override
        public void write(ByteBuffer data) {
            throw new UnsupportedOperationException("a response body cannot be written to");
        }

        @Override
        public void registerProducer(Producer p, boolean streaming) {
            throw new UnsupportedOperationException("a response body is not a consumer");
        }

        @Override
        public void unregisterProducer() {
        }

        @Override
        public void pauseProducing() {
            owner.userPaused = true;
            owner.updatePause();
        }

        @Override
        public void resumeProducing() {
            owner.userPaused = false;
            owner.updatePause();
        }

        @Override
        public void stopProducing() {
            owner.stop();
        }

        @Override
        public void loseConnection() {
            owner.stop();
        }

        @Override
        public void abortConnection() {
            owner.stop();
        }

        @Override
        public void loseWriteConnection() {
        }

        @Override
        public SocketAddress getPeer() {
            return transport.getPeer();
        }

        @Override
        public SocketAddress getHost() {
            return transport.getHost();
        }

        @Override
        public void unreadData(ByteBuffer data) {
            throw new UnsupportedOperationException("a response body cannot be unread");
        }

        @Override
        public boolean isDisconnecting() {
            return owner.finished;
        }
    }
}
