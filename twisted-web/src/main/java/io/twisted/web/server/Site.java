package io.twisted.web.server;

import io.twisted.internet.Factory;
import io.twisted.internet.Protocol;
import io.twisted.internet.ReactorTime;
import io.twisted.web.http.HttpLimits;
import io.twisted.web.http.HttpStatus;
import io.twisted.web.resource.ErrorPage;
import io.twisted.web.resource.Html;
import io.twisted.web.resource.Resource;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A web site: the {@link io.twisted.internet.ProtocolFactory} that serves a {@link Resource} tree
 * over HTTP/1.1 (Twisted's {@code twisted.web.server.Site}).
 * <pre>{@code
 * Resource root = new Resource();
 * root.putChild("hello", new Hello());
 * Endpoints.serverFromString(reactor, "tcp:8080").listen(new Site(root, reactor));
 * }</pre>
 *
 * <p>Settings (change them before listening): parser limits ({@link HttpLimits#DEFAULTS}),
 * {@link #idleTimeout()} (default {@value #DEFAULT_IDLE_TIMEOUT} s), {@link #headerTimeout()}
 * (default {@value #DEFAULT_HEADER_TIMEOUT} s), the {@code Server} header, whether error pages
 * show tracebacks (default no), extra headers for every response, and an access log receiving
 * one combined-log-format line per response.
 *
 * <p>Timeouts use the {@link ReactorTime} given; the {@code Date} header and log timestamps use a
 * wall {@link Clock} (UTC system clock unless {@link #setWallClock} says otherwise), since a
 * reactor's clock is only monotonic.
 */
public class Site extends Factory {

    private static final System.Logger LOG = System.getLogger(Site.class.getName());

    /** Default seconds a connection may sit idle, or a body may stall, before it is closed. */
    public static final double DEFAULT_IDLE_TIMEOUT = 60;
    /** Default seconds from a request's first byte to the end of its header section. */
    public static final double DEFAULT_HEADER_TIMEOUT = 30;
    /** Default bytes of pipelined input kept while a response is in progress before reading pauses. */
    public static final int DEFAULT_MAX_PIPELINE_BUFFER = 64 * 1024;
    /** Default seconds a session lives after its last use (Twisted's 15 minutes). */
    public static final double DEFAULT_SESSION_TIMEOUT = 900;
    /**
     * Default {@code Content-Type} of responses whose resource set none: Twisted's
     * {@code text/html}, with the charset that String results are encoded in.
     */
    public static final String DEFAULT_CONTENT_TYPE = "text/html; charset=utf-8";
    /** Default {@code Server} header. */
    public static final String DEFAULT_SERVER_NAME = "TwistedJava/0.1";

    private static final DateTimeFormatter LOG_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss '+0000'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final Resource root;
    private final ReactorTime reactor;
    private HttpLimits limits = HttpLimits.DEFAULTS;
    private double idleTimeout = DEFAULT_IDLE_TIMEOUT;
    private double headerTimeout = DEFAULT_HEADER_TIMEOUT;
    private int maxPipelineBuffer = DEFAULT_MAX_PIPELINE_BUFFER;
    private String serverName = DEFAULT_SERVER_NAME;
    private String defaultContentType = DEFAULT_CONTENT_TYPE;
    private boolean displayTracebacks;
    private boolean persistentConnections = true;
    private Clock wallClock = Clock.systemUTC();
    private Consumer<String> accessLog;
    private final Map<String, String> extraHeaders = new LinkedHashMap<>();
    private final Map<String, Session> sessions = new java.util.HashMap<>();
    private final java.security.SecureRandom random = new java.security.SecureRandom();
    private double sessionTimeout = DEFAULT_SESSION_TIMEOUT;
    private long maxStreamedBody = Long.MAX_VALUE;

    /**
     * @param root the resource for {@code /}
     * @param reactor the clock for timeouts (the reactor the site listens on)
     */
    public Site(Resource root, ReactorTime reactor) {
        this.root = Objects.requireNonNull(root, "root");
        this.reactor = Objects.requireNonNull(reactor, "reactor");
    }

    @Override
    public Protocol buildProtocol(SocketAddress address) {
        HttpChannel channel = new HttpChannel(this);
        channel.setFactory(this);
        return channel;
    }

    // ------------------------------------------------------------------ settings

    /** The resource for {@code /}. */
    public Resource root() {
        return root;
    }

    /** The clock for timeouts and producers. */
    public ReactorTime reactor() {
        return reactor;
    }

    /** The parser limits for new connections. */
    public HttpLimits limits() {
        return limits;
    }

    /** Sets the parser limits for new connections. */
    public Site setLimits(HttpLimits limits) {
        this.limits = Objects.requireNonNull(limits);
        return this;
    }

    /** Seconds a connection may idle, or a body stall (0: none). */
    public double idleTimeout() {
        return idleTimeout;
    }

    /** Seconds from a request's first byte to the end of its headers (0: none). */
    public double headerTimeout() {
        return headerTimeout;
    }

    /** Sets the timeouts in seconds; 0 disables one. */
    public Site setTimeouts(double idleSeconds, double headerSeconds) {
        this.idleTimeout = idleSeconds;
        this.headerTimeout = headerSeconds;
        return this;
    }

    /** Bytes of pipelined input kept during a response before reading pauses. */
    public int maxPipelineBuffer() {
        return maxPipelineBuffer;
    }

    /** Sets the pipelined-input bound. */
    public Site setMaxPipelineBuffer(int bytes) {
        this.maxPipelineBuffer = bytes;
        return this;
    }

    /** The {@code Server} header value, or {@code null} for none. */
    public String serverName() {
        return serverName;
    }

    /** Sets the {@code Server} header ({@code null}: none). */
    public Site setServerName(String name) {
        this.serverName = name;
        return this;
    }

    /** The {@code Content-Type} of responses that set none ({@code null}: none). */
    public String defaultContentType() {
        return defaultContentType;
    }

    /** Sets the {@code Content-Type} of responses that set none ({@code null}: none). */
    public Site setDefaultContentType(String type) {
        this.defaultContentType = type;
        return this;
    }

    /** Whether 500 pages show the escaped stack trace. */
    public boolean displayTracebacks() {
        return displayTracebacks;
    }

    /** Whether a 500 page shows the (escaped) stack trace; off by default. */
    public Site setDisplayTracebacks(boolean on) {
        this.displayTracebacks = on;
        return this;
    }

    /** Whether connections may serve several requests. */
    public boolean persistentConnections() {
        return persistentConnections;
    }

    /** Whether connections may serve more than one request (default yes). */
    public Site setPersistentConnections(boolean on) {
        this.persistentConnections = on;
        return this;
    }

    /** The wall-clock time, for {@code Date} headers and logs. */
    public Instant now() {
        return wallClock.instant();
    }

    private long dateSecond = Long.MIN_VALUE;
    private String date;

    /**
     * The {@code Date} header value for now (RFC 9110 section 6.6.1), formatted once per second: a
     * response reuses the string instead of formatting a date each time.
     */
    public String httpDate() {
        long second = Math.floorDiv(wallClock.millis(), 1000L);
        if (second != dateSecond) {
            date = io.twisted.web.http.HttpDates.format(Instant.ofEpochSecond(second));
            dateSecond = second;
        }
        return date;
    }

    /** Sets the wall clock (tests fix it). */
    public Site setWallClock(Clock clock) {
        this.wallClock = Objects.requireNonNull(clock);
        return this;
    }

    /** Receives one combined-log-format line per finished response ({@code null}: no log). */
    public Site setAccessLog(Consumer<String> log) {
        this.accessLog = log;
        return this;
    }

    /** Adds a header to every response that does not set it itself. */
    public Site addHeader(String name, String value) {
        extraHeaders.put(name, value);
        return this;
    }

    Map<String, String> extraHeaders() {
        return Collections.unmodifiableMap(extraHeaders);
    }

    /**
     * Most bytes of a request body streamed to a resource that asked for streaming
     * ({@link Resource#streamsRequestBody}); more gets 413. Unlimited by default: such a body is
     * not held in memory. Buffered bodies keep {@link HttpLimits#maxBody()}.
     */
    public long maxStreamedBody() {
        return maxStreamedBody;
    }

    /** Sets the largest streamed request body (see {@link #maxStreamedBody()}). */
    public Site setMaxStreamedBody(long bytes) {
        this.maxStreamedBody = bytes;
        return this;
    }

    /** Seconds a session lives after its last use. */
    public double sessionTimeout() {
        return sessionTimeout;
    }

    /** Seconds a session lives after its last use. */
    public Site setSessionTimeout(double seconds) {
        this.sessionTimeout = seconds;
        return this;
    }

    /** A new session with a random 128-bit id. */
    public Session makeSession() {
        byte[] id = new byte[16];
        random.nextBytes(id);
        Session s = new Session(this, java.util.HexFormat.of().formatHex(id));
        sessions.put(s.uid(), s);
        return s;
    }

    /** The live session {@code uid}, or {@code null}. */
    public Session getSession(String uid) {
        return sessions.get(uid);
    }

    /** How many sessions are live. */
    public int sessionCount() {
        return sessions.size();
    }

    void forgetSession(String uid) {
        sessions.remove(uid);
    }

    // ------------------------------------------------------------------ serving

    /**
     * Walks the tree from {@link #root()} as {@link Resource} describes; called once per request,
     * when its header section is complete (before the body is read).
     */
    public Resource getResourceFor(Request request) {
        Resource resource = root;
        List<String> postpath = request.postpath();
        while (!postpath.isEmpty() && !resource.isLeaf()) {
            String segment = postpath.remove(0);
            request.prepath().add(segment);
            resource = resource.getChildWithDefault(segment, request);
        }
        return resource;
    }

    /** Renders {@code request} with the {@code resource} traversal found; sends what it returned, or an error page. */
    void render(Request request, Resource resource) {
        Object body;
        try {
            body = resource.render(request);
        } catch (Resource.UnsupportedMethodException e) {
            notAllowed(request, e.allowed());
            return;
        } catch (RuntimeException | Error e) {
            processingFailed(request, e);
            return;
        }
        if (body == Resource.NOT_DONE_YET) {
            return;
        }
        if (request.isFinished()) {
            LOG.log(System.Logger.Level.WARNING, "a resource finished " + request + " and also returned content");
            return;
        }
        try {
            if (body instanceof byte[]) {
                request.finishWith((byte[]) body);
            } else if (body instanceof CharSequence) {
                request.finishWith(body.toString().getBytes(StandardCharsets.UTF_8));
            } else {
                throw new IllegalStateException("render returned " + body + " (expected byte[], String or NOT_DONE_YET)");
            }
        } catch (RuntimeException e) {
            processingFailed(request, e);
        }
    }

    private void notAllowed(Request request, List<String> allowed) {
        if (request.isHeadersWritten()) {
            return;
        }
        request.resetResponse();
        request.setResponseCode(HttpStatus.METHOD_NOT_ALLOWED);
        request.setHeader("Allow", String.join(", ", allowed));
        request.setHeader("Content-Type", "text/html; charset=utf-8");
        request.finishWith(ErrorPage.page(405, "Method Not Allowed", "Your browser approached me (at "
                + request.getUri() + ") with the method \"" + request.getMethod() + "\". I only allow the method"
                + (allowed.size() == 1 ? " " : "s ") + String.join(", ", allowed) + " here.")
                .getBytes(StandardCharsets.UTF_8));
    }

    /** A resource threw: 500 (with the escaped traceback if enabled), or an abort if headers went out. */
    void processingFailed(Request request, Throwable error) {
        LOG.log(System.Logger.Level.ERROR, "error rendering " + request, error);
        if (request.isFinished() || request.isDisconnected()) {
            return;
        }
        if (request.isHeadersWritten()) {
            HttpChannel.abort(request);
            return;
        }
        request.resetResponse();
        request.setResponseCode(HttpStatus.INTERNAL_SERVER_ERROR);
        request.setHeader("Content-Type", "text/html; charset=utf-8");
        String detail = "An error occurred rendering the requested page.";
        String page = ErrorPage.page(500, "Processing Failed", detail);
        if (displayTracebacks) {
            StringWriter sw = new StringWriter();
            error.printStackTrace(new PrintWriter(sw));
            page = page.replace("</body>", "<pre>" + Html.escape(sw.toString()) + "</pre>\n  </body>");
        }
        request.finishWith(page.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes the access-log line for a finished request. */
    void logRequest(Request request) {
        Consumer<String> log = accessLog;
        if (log != null) {
            log.accept(combinedLogLine(request));
        }
    }

    /** The combined log format line: {@code host - - [time] "request" status bytes "referer" "agent"}. */
    public String combinedLogLine(Request request) {
        SocketAddress peer = request.getClientAddress();
        String host = peer instanceof InetSocketAddress && ((InetSocketAddress) peer).getAddress() != null
                ? ((InetSocketAddress) peer).getAddress().getHostAddress() : String.valueOf(peer);
        long bytes = request.bytesSent();
        return host + " - - [" + LOG_TIME.format(now()) + "] \"" + logEscape(request.requestLine()) + "\" "
                + request.getResponseCode() + " " + (bytes == 0 ? "-" : Long.toString(bytes)) + " \""
                + logEscape(orDash(request.getHeader("Referer"))) + "\" \""
                + logEscape(orDash(request.getHeader("User-Agent"))) + "\"";
    }

    private static String orDash(String s) {
        return s == null ? "-" : s;
    }

    /** Escapes quotes, backslashes and non-printable characters so a log line cannot be forged. */
    static String logEscape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20 || c >= 0x7f) {
                sb.append(String.format("\\x%02x", (int) c & 0xff));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
