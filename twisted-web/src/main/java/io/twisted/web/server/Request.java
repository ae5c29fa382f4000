package io.twisted.web.server;

import io.twisted.internet.Producer;
import io.twisted.internet.PushProducer;
import io.twisted.internet.Transport;
import io.twisted.internet.defer.Deferred;
import io.twisted.internet.defer.Failure;
import io.twisted.internet.tls.TlsTransport;
import io.twisted.web.http.HttpDates;
import io.twisted.web.http.HttpHeaders;
import io.twisted.web.http.HttpParseException;
import io.twisted.web.http.HttpStatus;
import io.twisted.web.http.HttpVersion;
import io.twisted.web.http.HttpWriter;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One HTTP request and its response (Twisted's {@code twisted.web.server.Request}), handed to
 * {@link io.twisted.web.resource.Resource#render}. Used on the reactor thread only.
 *
 * <h2>Response framing</h2>
 * The status line and headers go out with the first {@link #write} (or at {@link #finish()}).
 * The content is delimited by: a {@code Content-Length} the resource set (a resource that returns
 * its content from {@code render} gets one automatically); else, when {@code finish()} comes
 * before any write, {@code Content-Length: 0}; else chunked for HTTP/1.1 clients; else (HTTP/1.0)
 * the end of the connection. HEAD responses and 1xx/204/304 carry no content: what is written is
 * dropped. {@code Date}, {@code Server} and (as Twisted's {@code defaultContentType})
 * {@link Site#defaultContentType()} are added when the resource did not set them.
 */
public final class Request {

    private final HttpChannel channel;
    private final Site site;
    private final String method;
    private final String uri;
    private final HttpVersion version;
    private final HttpHeaders requestHeaders;
    private byte[] content = new byte[0];
    private boolean bodyStreamed;
    private boolean bodyAsked;
    private final String path;
    private final String query;
    private final List<String> prepath = new ArrayList<>();
    private final List<String> postpath;
    private final Map<String, List<String>> args = FormParser.newArgs();
    private List<FormPart> parts = List.of();
    private Map<String, String> cookies;

    private int code = HttpStatus.OK;
    private String codeMessage;
    private final HttpHeaders responseHeaders = new HttpHeaders();
    private boolean headersWritten;
    private boolean chunked;
    private boolean persistent;
    private boolean finished;
    private Failure lost;
    private long bytesSent;
    private ContentEncoder encoder;
    private boolean encodedLengthKnown;
    private Session session;
    private final List<Deferred<Void>> finishNotifications = new ArrayList<>(1);
    private final Map<String, Object> attributes = new LinkedHashMap<>();

    /**
     * Builds the request whose head the channel parsed; decodes the path and query.
     *
     * @throws HttpParseException (400) for a target that is not origin-form, absolute-form or
     *     {@code *}
     */
    Request(HttpChannel channel, Site site, String method, String uri, HttpVersion version,
            HttpHeaders requestHeaders) {
        this.channel = channel;
        this.site = site;
        this.method = method;
        this.uri = uri;
        this.version = version;
        this.requestHeaders = requestHeaders;
        String target = uri;
        if (!target.startsWith("/") && !target.equals("*")) {
            int scheme = target.indexOf("://");
            if (scheme <= 0) {
                throw new HttpParseException(400, "request target is not a path or an absolute URI");
            }
            int slash = target.indexOf('/', scheme + 3);
            target = slash < 0 ? "/" : target.substring(slash);
        }
        int q = target.indexOf('?');
        int hash = target.indexOf('#');
        if (hash >= 0) {
            throw new HttpParseException(400, "fragment in the request target");
        }
        this.path = q < 0 ? target : target.substring(0, q);
        this.query = q < 0 ? null : target.substring(q + 1);
        List<String> segments = new ArrayList<>();
        if (path.startsWith("/")) {
            for (String s : path.substring(1).split("/", -1)) {
                segments.add(FormParser.percentDecode(s, false));
            }
        }
        this.postpath = segments;
        FormParser.parseUrlEncoded(query, args);
    }

    /**
     * The buffered body arrived: decodes a form body.
     *
     * @throws HttpParseException (400) for a malformed form body
     */
    void setContent(byte[] content) {
        this.content = content;
        parseBody();
    }

    /** The body is streamed to the resource ({@link #receiveBody}) instead of buffered. */
    void setStreamed() {
        this.bodyStreamed = true;
    }

    private void parseBody() {
        if (content.length == 0) {
            return;
        }
        String ctype = requestHeaders.get("Content-Type");
        String media = FormParser.mediaType(ctype);
        if (media.equals("application/x-www-form-urlencoded")) {
            FormParser.parseUrlEncoded(new String(content, StandardCharsets.ISO_8859_1), args);
        } else if (media.equals("multipart/form-data")) {
            parts = FormParser.parseMultipart(content, FormParser.headerParameter(ctype, "boundary"));
            FormParser.addParts(parts, args);
        }
    }

    // ------------------------------------------------------------------ the request

    /** The method, such as {@code GET}. */
    public String getMethod() {
        return method;
    }

    /** The request target as sent, such as {@code /a/b?x=1}. */
    public String getUri() {
        return uri;
    }

    /** The path part of the target, still percent-encoded. */
    public String getPath() {
        return path;
    }

    /** The query string without {@code ?}, or {@code null}. */
    public String getQuery() {
        return query;
    }

    /** The client's HTTP version. */
    public HttpVersion getClientProtocol() {
        return version;
    }

    /** Path segments already traversed (decoded); resources may read it. */
    public List<String> prepath() {
        return prepath;
    }

    /** Path segments not yet traversed (decoded); a leaf resource reads the rest of the path here. */
    public List<String> postpath() {
        return postpath;
    }

    /** Arguments from the query string and a urlencoded or multipart body, in order. */
    public Map<String, List<String>> getArgs() {
        return args;
    }

    /** The first value of argument {@code name}, or {@code null}. */
    public String getArg(String name) {
        List<String> v = args.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    /** The parts of a multipart/form-data body (empty otherwise), file contents included. */
    public List<FormPart> getParts() {
        return parts;
    }

    /**
     * The request body (empty when none), read whole before rendering; empty for a body that is
     * {@linkplain #isBodyStreamed() streamed}.
     */
    public byte[] getContent() {
        return content;
    }

    /**
     * Whether the body is being streamed to the resource (it asked with
     * {@link io.twisted.web.resource.Resource#streamsRequestBody}) rather than read before rendering:
     * then {@link #getContent()}, form arguments and parts from the body are empty, and the body
     * comes through {@link #receiveBody}.
     */
    public boolean isBodyStreamed() {
        return bodyStreamed;
    }

    /**
     * Asks for the body, to be delivered to {@code receiver} in later reactor turns (never from
     * inside this call): as it arrives from the client for a {@linkplain #isBodyStreamed() streamed}
     * body, else the buffered {@link #getContent()} in one piece. The returned producer controls the
     * flow: pausing it stops reading from the client (register it with the consumer the body goes
     * to, as a proxy registers it with its upstream transport); {@code stopProducing} drops the
     * rest. For a streamed body an {@code Expect: 100-continue} is answered now.
     *
     * @throws IllegalStateException if called twice
     */
    public PushProducer receiveBody(RequestBodyReceiver receiver) {
        if (bodyAsked) {
            throw new IllegalStateException("receiveBody was already called for " + this);
        }
        bodyAsked = true;
        if (bodyStreamed) {
            return channel.receiveBody(this, receiver);
        }
        BufferedBody body = new BufferedBody(receiver);
        site.reactor().callLater(0, body::deliver);
        return body;
    }

    /** Delivers a buffered body: it is all in memory, so pausing only delays it. */
    private final class BufferedBody implements PushProducer {
        private final RequestBodyReceiver receiver;
        private boolean paused;
        private boolean done;

        BufferedBody(RequestBodyReceiver receiver) {
            this.receiver = java.util.Objects.requireNonNull(receiver, "receiver");
        }

        void deliver() {
            if (paused || done) {
                return;
            }
            done = true;
            if (lost != null) {
                receiver.bodyFailed(lost);
                return;
            }
            if (content.length > 0) {
                receiver.bodyDataReceived(ByteBuffer.wrap(content).asReadOnlyBuffer());
            }
            receiver.bodyComplete();
        }

        @Override
        public void pauseProducing() {
            paused = true;
        }

        @Override
        public void resumeProducing() {
            if (paused) {
                paused = false;
                site.reactor().callLater(0, this::deliver);
            }
        }

        @Override
        public void stopProducing() {
            done = true;
        }
    }

    /** The first value of request header {@code name}, or {@code null}. */
    public String getHeader(String name) {
        return requestHeaders.get(name);
    }

    /** Every request header field. */
    public HttpHeaders getRequestHeaders() {
        return requestHeaders;
    }

    /** The value of cookie {@code name} from the {@code Cookie} fields (RFC 6265 section 5.4), or {@code null}. */
    public String getCookie(String name) {
        if (cookies == null) {
            cookies = new LinkedHashMap<>();
            for (String field : requestHeaders.getAll("Cookie")) {
                for (String pair : field.split(";")) {
                    int eq = pair.indexOf('=');
                    if (eq > 0) {
                        String v = pair.substring(eq + 1).trim();
                        if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
                            v = v.substring(1, v.length() - 1);
                        }
                        cookies.putIfAbsent(pair.substring(0, eq).trim(), v);
                    }
                }
            }
        }
        return cookies.get(name);
    }

    /** The client's address. */
    public SocketAddress getClientAddress() {
        return channel.transport().getPeer();
    }

    /** This server's address for the connection. */
    public SocketAddress getHost() {
        return channel.transport().getHost();
    }

    /** The host name the client asked for: the {@code Host} field without port, else the local address. */
    public String getRequestHostname() {
        String host = requestHeaders.get("Host");
        if (host != null && !host.isEmpty()) {
            if (host.startsWith("[")) {
                int end = host.indexOf(']');
                return end > 0 ? host.substring(0, end + 1) : host;
            }
            int colon = host.indexOf(':');
            return colon < 0 ? host : host.substring(0, colon);
        }
        SocketAddress a = getHost();
        return a instanceof InetSocketAddress ? ((InetSocketAddress) a).getHostString() : String.valueOf(a);
    }

    /** Whether the connection is TLS. */
    public boolean isSecure() {
        return channel.transport() instanceof TlsTransport;
    }

    HttpChannel channel() {
        return channel;
    }

    /** The site serving this request. */
    public Site getSite() {
        return site;
    }

    /** Per-request values that resources share (Twisted's components on a request). */
    public Map<String, Object> attributes() {
        return attributes;
    }

    /**
     * The session named by this request's session cookie, touched; a new one (and its cookie:
     * {@code TWISTED_SESSION}, or {@code TWISTED_SECURE_SESSION} with {@code Secure} over TLS,
     * {@code Path=/}, {@code HttpOnly}, {@code SameSite=Lax}) when there is none or it expired.
     */
    public Session getSession() {
        if (session != null && !session.isExpired()) {
            session.touch();
            return session;
        }
        String cookieName = isSecure() ? "TWISTED_SECURE_SESSION" : "TWISTED_SESSION";
        String uid = getCookie(cookieName);
        Session found = uid == null ? null : site.getSession(uid);
        if (found == null) {
            found = site.makeSession();
            addCookie(new Cookie(cookieName, found.uid()).path("/").httpOnly(true).secure(isSecure())
                    .sameSite(Cookie.SameSite.LAX));
        }
        found.touch();
        session = found;
        return found;
    }

    // ------------------------------------------------------------------ the response

    /**
     * Encodes the content from now on (gzip, ...); the encoder's {@code Content-Encoding} and
     * {@code Vary} headers are the caller's to set. Must come before the headers are sent.
     */
    public void setEncoder(ContentEncoder encoder) {
        checkHeadersNotSent();
        this.encoder = encoder;
    }

    /** Sets the status code (reason phrase from {@link HttpStatus}). */
    public void setResponseCode(int code) {
        setResponseCode(code, null);
    }

    /** Sets the status code and reason phrase. */
    public void setResponseCode(int code, String message) {
        if (headersWritten) {
            throw new IllegalStateException("the response code cannot change after the headers were sent");
        }
        if (code < 100 || code > 999) {
            throw new IllegalArgumentException("status code out of range: " + code);
        }
        this.code = code;
        this.codeMessage = message;
    }

    /** The status code (200 unless set). */
    public int getResponseCode() {
        return code;
    }

    /** Replaces response header {@code name}. */
    public void setHeader(String name, String value) {
        checkHeadersNotSent();
        responseHeaders.set(name, value);
    }

    /** Adds a response header field. */
    public void addHeader(String name, String value) {
        checkHeadersNotSent();
        responseHeaders.add(name, value);
    }

    /** The response headers (for reading; change them with {@link #setHeader}). */
    public HttpHeaders getResponseHeaders() {
        return responseHeaders;
    }

    /** Adds a {@code Set-Cookie} field. */
    public void addCookie(Cookie cookie) {
        addHeader("Set-Cookie", cookie.toSetCookie());
    }

    /** Adds a {@code Set-Cookie} field for {@code name=value} with no attributes. */
    public void addCookie(String name, String value) {
        addCookie(new Cookie(name, value));
    }

    /** Answers 302 Found with {@code Location: url} (the caller still returns content or finishes). */
    public void redirect(String url) {
        setResponseCode(HttpStatus.FOUND);
        setHeader("Location", url);
    }

    private void checkHeadersNotSent() {
        if (headersWritten) {
            throw new IllegalStateException("headers were already sent");
        }
    }

    /** Whether the status line and headers were sent. */
    public boolean isHeadersWritten() {
        return headersWritten;
    }

    /** Whether {@link #finish()} was called. */
    public boolean isFinished() {
        return finished;
    }

    /** Whether the client went away before the response finished. */
    public boolean isDisconnected() {
        return lost != null;
    }

    /** Content bytes written so far (for the access log). */
    public long bytesSent() {
        return bytesSent;
    }

    /** Writes a string as UTF-8. */
    public void write(String data) {
        write(data.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Writes content, sending the headers first if needed. Dropped once the client is gone.
     *
     * @throws IllegalStateException after {@link #finish()}
     */
    public void write(byte[] data) {
        if (finished) {
            throw new IllegalStateException("Request.write called after Request.finish");
        }
        if (lost != null) {
            return;
        }
        writeRaw(encoder != null && !encodedLengthKnown ? encoder.encode(data) : data);
    }

    private void writeRaw(byte[] data) {
        // The head goes out in the same gathering write as the first content: one syscall, not two.
        byte[] head = headersWritten ? null : head(false);
        Transport t = channel.transport();
        if (data.length == 0 || !hasContent()) {
            if (head != null) {
                t.write(head);
            }
            return;
        }
        bytesSent += data.length;
        List<ByteBuffer> out = new java.util.ArrayList<>(4);
        if (head != null) {
            out.add(ByteBuffer.wrap(head));
        }
        if (chunked) {
            out.add(ByteBuffer.wrap(HttpWriter.chunkHeader(data.length)));
            out.add(ByteBuffer.wrap(data));
            out.add(ByteBuffer.wrap(HttpWriter.CRLF));
        } else {
            out.add(ByteBuffer.wrap(data));
        }
        t.writeSequence(out);
    }

    /**
     * Ends the response. The connection then serves the next request or closes.
     *
     * @throws IllegalStateException if called twice
     */
    public void finish() {
        if (finished) {
            throw new IllegalStateException("Request.finish called twice");
        }
        if (lost != null) {
            finished = true;
            return;
        }
        if (encoder != null && !encodedLengthKnown) {
            byte[] tail = encoder.finish();
            if (tail.length > 0 || headersWritten) {
                writeRaw(tail);
            }
        }
        if (!headersWritten) {
            channel.transport().write(head(true));
        }
        if (chunked) {
            channel.transport().write(HttpWriter.LAST_CHUNK);
        }
        finished = true;
        site.logRequest(this);
        channel.requestDone(this, persistent);
        List<Deferred<Void>> ds = new ArrayList<>(finishNotifications);
        finishNotifications.clear();
        for (Deferred<Void> d : ds) {
            d.callback(null);
        }
    }

    /** Sends {@code body} with a Content-Length (unless the resource set one) and finishes. */
    void finishWith(byte[] body) {
        if (encoder != null && !headersWritten && !HttpStatus.hasNoContent(code)) {
            byte[] head = encoder.encode(body);
            byte[] tail = encoder.finish();
            body = new byte[head.length + tail.length];
            System.arraycopy(head, 0, body, 0, head.length);
            System.arraycopy(tail, 0, body, head.length, tail.length);
            encodedLengthKnown = true;
            responseHeaders.remove("Content-Length");
        }
        if (!headersWritten && !responseHeaders.contains("Content-Length") && !HttpStatus.hasNoContent(code)) {
            responseHeaders.set("Content-Length", Long.toString(body.length));
        }
        write(body);
        finish();
    }

    /**
     * A Deferred that fires when the response finished, or errbacks (with the connection's failure)
     * when the client goes away first: a resource rendering asynchronously stops its work then.
     */
    public Deferred<Void> notifyFinish() {
        if (finished) {
            return Deferred.succeed(null);
        }
        if (lost != null) {
            return Deferred.fail(lost);
        }
        Deferred<Void> d = new Deferred<>();
        finishNotifications.add(d);
        return d;
    }

    /** Registers a producer of the content with the connection (Twisted's {@code registerProducer}). */
    public void registerProducer(Producer producer, boolean streaming) {
        if (lost != null) {
            producer.stopProducing();
            return;
        }
        channel.transport().registerProducer(producer, streaming);
    }

    /** Unregisters the producer. */
    public void unregisterProducer() {
        if (lost == null) {
            channel.transport().unregisterProducer();
        }
    }

    /** Whether this response carries content on the wire (not HEAD, not 1xx/204/304). */
    private boolean hasContent() {
        return !method.equals("HEAD") && !HttpStatus.hasNoContent(code);
    }

    /** Settles the framing and connection headers and returns the serialized head (the caller writes it). */
    private byte[] head(boolean finishing) {
        boolean noContent = HttpStatus.hasNoContent(code);
        boolean framed = true;
        if (encoder != null && !encodedLengthKnown) {
            responseHeaders.remove("Content-Length"); // the encoded length is not known in advance
        }
        if (noContent) {
            responseHeaders.remove("Content-Length");
            responseHeaders.remove("Transfer-Encoding");
        } else if (responseHeaders.contains("Content-Length")) {
            responseHeaders.remove("Transfer-Encoding");
        } else if (finishing) {
            responseHeaders.set("Content-Length", "0");
        } else if (version.atLeast11()) {
            if (!method.equals("HEAD")) {
                responseHeaders.set("Transfer-Encoding", "chunked");
                chunked = true;
            }
        } else if (!method.equals("HEAD")) {
            framed = false;
        }
        persistent = framed && channel.clientWantsPersistent(version, requestHeaders);
        if (!responseHeaders.contains("Date")) {
            responseHeaders.set("Date", site.httpDate());
        }
        if (!responseHeaders.contains("Server") && site.serverName() != null) {
            responseHeaders.set("Server", site.serverName());
        }
        if (!noContent && !responseHeaders.contains("Content-Type") && site.defaultContentType() != null) {
            responseHeaders.set("Content-Type", site.defaultContentType());
        }
        for (Map.Entry<String, String> e : site.extraHeaders().entrySet()) {
            if (!responseHeaders.contains(e.getKey())) {
                responseHeaders.set(e.getKey(), e.getValue());
            }
        }
        responseHeaders.remove("Connection");
        if (!persistent) {
            responseHeaders.set("Connection", "close");
        } else if (!version.atLeast11()) {
            responseHeaders.set("Connection", "keep-alive");
        }
        String reason = codeMessage != null ? codeMessage : HttpStatus.reasonPhrase(code);
        byte[] head = HttpWriter.responseHead(HttpVersion.HTTP_1_1, code, reason, responseHeaders);
        headersWritten = true;
        return head;
    }

    /** Forgets response headers and code set so far (before an error page replaces the response). */
    void resetResponse() {
        checkHeadersNotSent();
        responseHeaders.clear();
        code = HttpStatus.OK;
        codeMessage = null;
    }

    /** The connection went away before {@link #finish()}. */
    void connectionLost(Failure reason) {
        if (finished || lost != null) {
            return;
        }
        lost = reason;
        List<Deferred<Void>> ds = new ArrayList<>(finishNotifications);
        finishNotifications.clear();
        for (Deferred<Void> d : ds) {
            d.errback(reason);
        }
    }

    /** The request line, for logs. */
    public String requestLine() {
        return method + " " + uri + " " + version;
    }

    /** Drops the connection at once: for a response that cannot be completed (a file read failed). */
    public void abortConnection() {
        HttpChannel.abort(this);
    }

    @Override
    public String toString() {
        return "Request[" + requestLine() + "]";
    }
}
