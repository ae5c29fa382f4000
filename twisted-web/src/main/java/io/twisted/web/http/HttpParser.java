package io.twisted.web.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * The one strict HTTP/1.1 push parser (RFC 9112), for requests (servers) and responses (clients).
 *
 * <p>Feed it bytes with {@link #feed}; it reports to its {@link HttpMessageListener} and stops
 * right after a message is complete ({@link #isComplete()}), leaving the rest of the buffer for
 * the next message, which it parses after {@link #reset()}. Bad input throws an
 * {@link HttpParseException} naming the reason and the status to answer; the parser is then
 * failed for good.
 *
 * <h2>What it refuses (strict by default)</h2>
 * <ul>
 *   <li>Line endings other than CRLF: a bare LF (RFC 9112 section 2.2 allows a recipient to accept
 *       it; we do not) and a bare CR anywhere (section 2.2: MUST reject or replace) - 400.</li>
 *   <li>A request line that is not {@code token SP target SP HTTP/d.d} (section 3), a target with
 *       bytes outside visible ASCII - 400; HTTP major versions other than 1 - 505; a request line
 *       longer than {@link HttpLimits#maxStartLine()} - 414.</li>
 *   <li>Whitespace before the first field line or obsolete line folding (section 5.2: a server
 *       MUST reject obs-fold or replace it; we reject), whitespace between field name and colon
 *       (section 5.1), a field name that is not a token, control characters in a value - 400.
 *       More than {@link HttpLimits#maxHeaderSection()} bytes or {@link HttpLimits#maxHeaderFields()}
 *       fields - 431. A missing {@code Host} in HTTP/1.1, two {@code Host} fields, or one that is
 *       not {@code uri-host [":" port]} - 400 (section 3.2).</li>
 *   <li>Request smuggling vectors (section 6.3): {@code Content-Length} together with
 *       {@code Transfer-Encoding} (section 6.1 allows processing it; we refuse), differing or
 *       non-numeric {@code Content-Length} values (identical repeats are accepted, section 6.3
 *       item 5), {@code Transfer-Encoding} in an HTTP/1.0 message, a final coding other than
 *       chunked in a request, chunked applied twice - 400; a transfer coding other than chunked -
 *       501.</li>
 *   <li>Chunk sizes (section 7.1) that are empty, not hexadecimal, longer than
 *       {@value #MAX_CHUNK_SIZE_DIGITS} digits, followed by anything but a chunk extension, chunk
 *       lines over {@value #MAX_CHUNK_LINE} bytes, chunk data not followed by CRLF - 400.
 *       Chunk extensions are ignored.</li>
 *   <li>Content beyond {@link HttpLimits#maxBody()}, or the per-message {@link #setMaxBody} - 413
 *       (for a declared length, before any of it is read).</li>
 * </ul>
 * Up to {@value #MAX_LEADING_EMPTY_LINES} empty lines before a request line are skipped (section 2.2).
 */
public final class HttpParser {

    /** Whether the parser reads requests or responses. */
    public enum Mode {
        /** Requests, as a server reads them. */
        REQUEST,
        /** Responses, as a client reads them. */
        RESPONSE
    }

    private enum State { START_LINE, HEADERS, BODY, CHUNK_SIZE, CHUNK_DATA, CHUNK_CR, CHUNK_LF, TRAILERS, BODY_TO_EOF, COMPLETE, FAILED }

    /** Longest chunk-size line, extensions included. */
    public static final int MAX_CHUNK_LINE = 4096;
    /** Most hexadecimal digits in a chunk size (15 digits stay below 2^60). */
    public static final int MAX_CHUNK_SIZE_DIGITS = 15;
    /** Most empty lines skipped before a request line. */
    public static final int MAX_LEADING_EMPTY_LINES = 8;

    private static final boolean[] TCHAR = new boolean[128];

    static {
        for (char c = '0'; c <= '9'; c++) {
            TCHAR[c] = true;
        }
        for (char c = 'a'; c <= 'z'; c++) {
            TCHAR[c] = true;
            TCHAR[Character.toUpperCase(c)] = true;
        }
        for (char c : "!#$%&'*+-.^_`|~".toCharArray()) {
            TCHAR[c] = true;
        }
    }

    private final Mode mode;
    private final HttpLimits limits;
    private final HttpMessageListener listener;

    private State state = State.START_LINE;
    private byte[] line = new byte[256];
    private int lineLen;
    private int emptyLines;
    private int headerBytes;
    private int trailerBytes;

    private String method;
    private String target;
    private HttpVersion version;
    private int status;
    private String reason;
    private HttpHeaders headers = new HttpHeaders();
    private HttpHeaders trailers = new HttpHeaders();
    private long contentLength = -1;
    private boolean chunked;
    private long remaining;
    private long bodyReceived;
    private boolean noBody;
    private long maxBody;
    private boolean inHeadersComplete;
    private boolean suspended;

    /** A parser with {@link HttpLimits#DEFAULTS}. */
    public HttpParser(Mode mode, HttpMessageListener listener) {
        this(mode, HttpLimits.DEFAULTS, listener);
    }

    /** A parser of {@code mode} messages within {@code limits}, reporting to {@code listener}. */
    public HttpParser(Mode mode, HttpLimits limits, HttpMessageListener listener) {
        this.mode = Objects.requireNonNull(mode, "mode");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.maxBody = limits.maxBody();
    }

    /** Whether {@code name} is an RFC 9110 token (field names, methods, coding names). */
    public static boolean isToken(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c >= 128 || !TCHAR[c]) {
                return false;
            }
        }
        return true;
    }

    // ------------------------------------------------------------------ state

    /** The limits in force. */
    public HttpLimits limits() {
        return limits;
    }

    /** Whether a whole message has been parsed; call {@link #reset()} before the next. */
    public boolean isComplete() {
        return state == State.COMPLETE;
    }

    /** Whether nothing of a message has been received yet (not even empty lines). */
    public boolean isIdle() {
        return state == State.START_LINE && lineLen == 0 && emptyLines == 0;
    }

    /** Whether the start line and the header section are still being read. */
    public boolean isReadingHead() {
        return state == State.START_LINE || state == State.HEADERS;
    }

    /** The request method (request mode). */
    public String method() {
        return method;
    }

    /** The request target as sent (request mode). */
    public String target() {
        return target;
    }

    /** The message's HTTP version. */
    public HttpVersion version() {
        return version;
    }

    /** The status code (response mode). */
    public int status() {
        return status;
    }

    /** The reason phrase (response mode). */
    public String reason() {
        return reason;
    }

    /** The header fields of the current message. */
    public HttpHeaders headers() {
        return headers;
    }

    /** The declared content length, or -1 when chunked or absent. */
    public long contentLength() {
        return contentLength;
    }

    /** Whether the content is chunked. */
    public boolean isChunked() {
        return chunked;
    }

    /**
     * Response mode: the next response has no content whatever its headers say (it answers HEAD
     * or a CONNECT that succeeded: RFC 9112 section 6.3 items 1 and 2).
     */
    public void expectNoBody() {
        this.noBody = true;
    }

    /**
     * Sets the largest content of the current message, instead of {@link HttpLimits#maxBody()}:
     * called from {@link HttpMessageListener#headersComplete} by a server whose resource streams
     * the body instead of buffering it. The next message gets the limits' value again.
     *
     * @throws HttpParseException (413) if the declared {@code Content-Length} is already over it
     * @throws IllegalStateException outside {@code headersComplete}
     */
    public void setMaxBody(long bytes) {
        if (!inHeadersComplete) {
            throw new IllegalStateException("setMaxBody is only allowed from headersComplete");
        }
        this.maxBody = bytes;
        checkDeclaredLength();
    }

    /** The largest content accepted for the current message. */
    public long maxBody() {
        return maxBody;
    }

    /**
     * Makes the {@link #feed} in progress return once the listener callback that calls this
     * returns, leaving the rest of its buffer unread (a consumer of the body asked to pause). The
     * next {@code feed} goes on where this one stopped.
     */
    public void suspend() {
        suspended = true;
    }

    private void checkDeclaredLength() {
        if (contentLength > maxBody) {
            state = State.FAILED;
            throw new HttpParseException(413, "content length " + contentLength + " over the limit of "
                    + maxBody + " bytes");
        }
    }

    /** Prepares for the next message; the leftover bytes of the last buffer are fed next. */
    public void reset() {
        if (state == State.FAILED) {
            throw new IllegalStateException("the parser failed; the connection must close");
        }
        state = State.START_LINE;
        lineLen = 0;
        emptyLines = 0;
        headerBytes = 0;
        trailerBytes = 0;
        method = null;
        target = null;
        version = null;
        status = 0;
        reason = null;
        headers = new HttpHeaders();
        trailers = new HttpHeaders();
        contentLength = -1;
        chunked = false;
        remaining = 0;
        bodyReceived = 0;
        noBody = false;
        maxBody = limits.maxBody();
        suspended = false;
        if (line.length > 4096) {
            line = new byte[256];
        }
    }

    // ------------------------------------------------------------------ input

    /**
     * Parses as much of {@code in} as belongs to the current message, stopping after it
     * completes; on return {@code in}'s position is after the bytes used.
     *
     * @throws HttpParseException when the message is malformed or over a limit
     * @throws IllegalStateException after a failure
     */
    public void feed(ByteBuffer in) {
        if (state == State.FAILED) {
            throw new IllegalStateException("the parser failed; the connection must close");
        }
        suspended = false;
        try {
            while (in.hasRemaining() && state != State.COMPLETE && !suspended) {
                step(in);
            }
        } catch (HttpParseException e) {
            state = State.FAILED;
            throw e;
        }
    }

    /**
     * The connection closed: completes a response whose content runs to the end of the
     * connection (RFC 9112 section 6.3 item 8).
     *
     * @throws HttpParseException (400) if a message was cut short
     */
    public void endOfInput() {
        if (state == State.BODY_TO_EOF) {
            complete();
        } else if (state != State.COMPLETE && !isIdle() && state != State.FAILED) {
            state = State.FAILED;
            throw new HttpParseException(400, "connection closed in the middle of a message");
        }
    }

    private void step(ByteBuffer in) {
        switch (state) {
            case START_LINE:
                if (readLine(in, limits.maxStartLine(), mode == Mode.REQUEST ? 414 : 400,
                        mode == Mode.REQUEST ? "request line" : "status line")) {
                    startLine();
                }
                break;
            case HEADERS:
                if (readLine(in, limits.maxHeaderSection() - headerBytes, 431, "header section")) {
                    headerBytes += lineLen;
                    headerLine();
                }
                break;
            case TRAILERS:
                if (readLine(in, limits.maxHeaderSection() - trailerBytes, 431, "trailer section")) {
                    trailerBytes += lineLen;
                    trailerLine();
                }
                break;
            case CHUNK_SIZE:
                if (readLine(in, MAX_CHUNK_LINE, 400, "chunk size line")) {
                    chunkSizeLine();
                }
                break;
            case BODY:
            case CHUNK_DATA:
                deliver(in, (int) Math.min(remaining, in.remaining()));
                if (remaining == 0 && state != State.FAILED) {
                    if (state == State.BODY) {
                        complete();
                    } else {
                        state = State.CHUNK_CR;
                    }
                }
                break;
            case CHUNK_CR:
                if (in.get() != '\r') {
                    throw new HttpParseException(400, "chunk data not followed by CRLF");
                }
                state = State.CHUNK_LF;
                break;
            case CHUNK_LF:
                if (in.get() != '\n') {
                    throw new HttpParseException(400, "chunk data not followed by CRLF (bare CR)");
                }
                state = State.CHUNK_SIZE;
                break;
            case BODY_TO_EOF:
                deliver(in, in.remaining());
                break;
            default:
                throw new IllegalStateException("unexpected state " + state);
        }
    }

    private void deliver(ByteBuffer in, int n) {
        ByteBuffer slice = in.slice();
        slice.limit(n);
        in.position(in.position() + n);
        remaining -= n;
        bodyReceived += n;
        listener.bodyData(slice);
    }

    /**
     * Appends bytes up to and including the next LF to {@link #line}. Returns true with a whole
     * line (its CRLF checked and dropped from {@link #lineLen}), false when more input is needed.
     */
    private boolean readLine(ByteBuffer in, int limit, int status, String what) {
        int start = in.position();
        int end = in.limit();
        int lf = -1;
        for (int i = start; i < end; i++) {
            if (in.get(i) == '\n') {
                lf = i;
                break;
            }
        }
        int take = (lf < 0 ? end : lf + 1) - start;
        if (lineLen + take > limit) {
            throw new HttpParseException(status, what + " longer than " + Math.max(limit, 0) + " bytes");
        }
        if (lineLen + take > line.length) {
            byte[] bigger = new byte[Math.max(line.length * 2, lineLen + take)];
            System.arraycopy(line, 0, bigger, 0, lineLen);
            line = bigger;
        }
        in.get(line, lineLen, take);
        lineLen += take;
        if (lf < 0) {
            return false;
        }
        if (lineLen < 2 || line[lineLen - 2] != '\r') {
            throw new HttpParseException(400, "bare LF ending the " + what + " (CRLF required)");
        }
        int contentLen = lineLen - 2;
        for (int i = 0; i < contentLen; i++) {
            if (line[i] == '\r') {
                throw new HttpParseException(400, "bare CR in the " + what);
            }
            if (line[i] == 0) {
                throw new HttpParseException(400, "NUL byte in the " + what);
            }
        }
        return true;
    }

    /** The current line without its CRLF, as ISO-8859-1 (one char per byte). */
    private String lineText() {
        return new String(line, 0, lineLen - 2, StandardCharsets.ISO_8859_1);
    }

    private int consumedLine() {
        int len = lineLen - 2;
        lineLen = 0;
        return len;
    }

    // ------------------------------------------------------------------ start line

    private void startLine() {
        String text = lineText();
        consumedLine();
        if (text.isEmpty()) {
            if (mode == Mode.REQUEST && ++emptyLines <= MAX_LEADING_EMPTY_LINES) {
                return;
            }
            throw new HttpParseException(400, "empty start line");
        }
        if (mode == Mode.REQUEST) {
            requestLine(text);
            listener.requestLine(method, target, version);
        } else {
            statusLine(text);
            listener.statusLine(version, status, reason);
        }
        state = State.HEADERS;
    }

    private void requestLine(String text) {
        int sp1 = text.indexOf(' ');
        int sp2 = sp1 < 0 ? -1 : text.indexOf(' ', sp1 + 1);
        if (sp1 < 0 || sp2 < 0) {
            throw new HttpParseException(400, "malformed request line");
        }
        String m = text.substring(0, sp1);
        String t = text.substring(sp1 + 1, sp2);
        String v = text.substring(sp2 + 1);
        if (!isToken(m)) {
            throw new HttpParseException(400, "malformed request method");
        }
        if (t.isEmpty()) {
            throw new HttpParseException(400, "empty request target");
        }
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c <= 0x20 || c >= 0x7f) {
                throw new HttpParseException(400, "invalid byte in the request target");
            }
        }
        method = m;
        target = t;
        version = parseVersion(v);
    }

    private static HttpVersion parseVersion(String v) {
        if (v.length() != 8 || !v.startsWith("HTTP/") || v.charAt(6) != '.'
                || !isDigit(v.charAt(5)) || !isDigit(v.charAt(7))) {
            throw new HttpParseException(400, "malformed HTTP version");
        }
        int major = v.charAt(5) - '0';
        int minor = v.charAt(7) - '0';
        if (major != 1) {
            throw new HttpParseException(505, "HTTP version " + v + " not supported");
        }
        return minor == 0 ? HttpVersion.HTTP_1_0 : minor == 1 ? HttpVersion.HTTP_1_1 : new HttpVersion(major, minor);
    }

    private void statusLine(String text) {
        int sp1 = text.indexOf(' ');
        if (sp1 < 0) {
            throw new HttpParseException(400, "malformed status line");
        }
        version = parseVersion(text.substring(0, sp1));
        String rest = text.substring(sp1 + 1);
        if (rest.length() < 3 || !isDigit(rest.charAt(0)) || !isDigit(rest.charAt(1)) || !isDigit(rest.charAt(2))
                || (rest.length() > 3 && rest.charAt(3) != ' ')) {
            throw new HttpParseException(400, "malformed status code");
        }
        status = Integer.parseInt(rest.substring(0, 3));
        if (status < 100) {
            throw new HttpParseException(400, "status code below 100");
        }
        reason = rest.length() > 4 ? rest.substring(4) : "";
        checkFieldValue(reason, "reason phrase");
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    // ------------------------------------------------------------------ fields

    private void headerLine() {
        if (lineLen == 2) {
            consumedLine();
            headersComplete();
            return;
        }
        parseField(headers, "header");
        if (headers.size() > limits.maxHeaderFields()) {
            throw new HttpParseException(431, "more than " + limits.maxHeaderFields() + " header fields");
        }
    }

    private void trailerLine() {
        if (lineLen == 2) {
            consumedLine();
            complete();
            return;
        }
        parseField(trailers, "trailer");
        if (trailers.size() > limits.maxHeaderFields()) {
            throw new HttpParseException(431, "more than " + limits.maxHeaderFields() + " trailer fields");
        }
    }

    private void parseField(HttpHeaders into, String what) {
        String text = lineText();
        consumedLine();
        char first = text.charAt(0);
        if (first == ' ' || first == '\t') {
            throw new HttpParseException(400, into.size() == 0 ? "whitespace before the first " + what + " field"
                    : "obsolete line folding (obs-fold) in a " + what + " field");
        }
        int colon = text.indexOf(':');
        if (colon <= 0) {
            throw new HttpParseException(400, "malformed " + what + " field line (no name and colon)");
        }
        String name = text.substring(0, colon);
        if (!isToken(name)) {
            throw new HttpParseException(400, "invalid " + what + " field name" + (name.endsWith(" ") || name.endsWith("\t")
                    ? " (whitespace before the colon)" : ""));
        }
        String value = trimOws(text.substring(colon + 1));
        checkFieldValue(value, what + " field value");
        into.add(name, value);
    }

    private static String trimOws(String s) {
        int a = 0;
        int b = s.length();
        while (a < b && (s.charAt(a) == ' ' || s.charAt(a) == '\t')) {
            a++;
        }
        while (b > a && (s.charAt(b - 1) == ' ' || s.charAt(b - 1) == '\t')) {
            b--;
        }
        return s.substring(a, b);
    }

    private static void checkFieldValue(String value, String what) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f) {
                throw new HttpParseException(400, "control character in the " + what);
            }
        }
    }

    // ------------------------------------------------------------------ framing

    private void headersComplete() {
        boolean responseWithoutContent = mode == Mode.RESPONSE && (noBody || HttpStatus.hasNoContent(status));
        List<String> teFields = headers.getAll("Transfer-Encoding");
        List<String> clFields = headers.getAll("Content-Length");
        if (mode == Mode.REQUEST) {
            int hosts = headers.getAll("Host").size();
            if (hosts > 1) {
                throw new HttpParseException(400, "more than one Host field");
            }
            if (hosts == 0 && version.atLeast11()) {
                throw new HttpParseException(400, "HTTP/1.1 request without a Host field");
            }
            if (hosts == 1 && !isValidHost(headers.get("Host"))) {
                throw new HttpParseException(400, "invalid Host field");
            }
        }
        State next;
        if (responseWithoutContent) {
            next = State.COMPLETE;
        } else if (!teFields.isEmpty()) {
            next = transferEncoding(headers.tokens("Transfer-Encoding"), !clFields.isEmpty());
        } else if (!clFields.isEmpty()) {
            contentLength = parseContentLength(clFields);
            remaining = contentLength;
            next = contentLength == 0 ? State.COMPLETE : State.BODY;
        } else {
            next = mode == Mode.REQUEST ? State.COMPLETE : State.BODY_TO_EOF;
        }
        state = next == State.COMPLETE ? State.BODY : next;
        inHeadersComplete = true;
        try {
            listener.headersComplete(headers);
        } finally {
            inHeadersComplete = false;
        }
        checkDeclaredLength();
        if (next == State.COMPLETE) {
            complete();
        }
    }

    /**
     * Whether {@code host} is {@code uri-host [":" port]} (RFC 9110 section 7.2, RFC 3986 section
     * 3.2.2): reg-name characters, or an IP literal in brackets; empty is allowed (section 7.2).
     */
    static boolean isValidHost(String host) {
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            if (end < 0) {
                return false;
            }
            for (int i = 1; i < end; i++) {
                char c = host.charAt(i);
                if (!(Character.digit(c, 16) >= 0 || c == ':' || c == '.' || c == 'v' || c == 'V')) {
                    return false;
                }
            }
            return isPort(host.substring(end + 1));
        }
        int colon = host.indexOf(':');
        String name = colon < 0 ? host : host.substring(0, colon);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || "-._~%!$&'()*+,;=".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return colon < 0 || isPort(host.substring(colon));
    }

    private static boolean isPort(String colonPort) {
        if (colonPort.isEmpty()) {
            return true;
        }
        if (colonPort.charAt(0) != ':' || colonPort.length() > 6) {
            return false;
        }
        for (int i = 1; i < colonPort.length(); i++) {
            if (!isDigit(colonPort.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private State transferEncoding(List<String> codings, boolean hasContentLength) {
        if (mode == Mode.REQUEST && hasContentLength) {
            throw new HttpParseException(400, "both Content-Length and Transfer-Encoding (request smuggling)");
        }
        if (!version.atLeast11()) {
            throw new HttpParseException(400, "Transfer-Encoding in an HTTP/1.0 message");
        }
        if (codings.isEmpty()) {
            throw new HttpParseException(400, "empty Transfer-Encoding");
        }
        int chunkedAt = codings.indexOf("chunked");
        if (chunkedAt >= 0 && chunkedAt != codings.size() - 1) {
            throw new HttpParseException(400, "chunked is not the final transfer coding");
        }
        for (String c : codings) {
            if (!c.equals("chunked")) {
                if (!isToken(c.split(";")[0].trim())) {
                    throw new HttpParseException(400, "malformed transfer coding");
                }
                if (mode == Mode.REQUEST) {
                    throw new HttpParseException(501, "transfer coding '" + c + "' not implemented");
                }
            }
        }
        if (chunkedAt < 0) {
            if (mode == Mode.REQUEST) {
                throw new HttpParseException(400, "final transfer coding is not chunked");
            }
            return State.BODY_TO_EOF;
        }
        chunked = true;
        return State.CHUNK_SIZE;
    }

    private static long parseContentLength(List<String> fields) {
        long value = -1;
        for (String field : fields) {
            for (String part : field.split(",", -1)) {
                String digits = part.trim();
                if (digits.isEmpty() || digits.length() > 18) {
                    throw new HttpParseException(400, "invalid Content-Length");
                }
                for (int i = 0; i < digits.length(); i++) {
                    if (!isDigit(digits.charAt(i))) {
                        throw new HttpParseException(400, "invalid Content-Length");
                    }
                }
                long v = Long.parseLong(digits);
                if (value >= 0 && v != value) {
                    throw new HttpParseException(400, "conflicting Content-Length values (request smuggling)");
                }
                value = v;
            }
        }
        return value;
    }

    private void chunkSizeLine() {
        int len = lineLen - 2;
        long size = 0;
        int digits = 0;
        while (digits < len) {
            int d = Character.digit(line[digits], 16);
            if (d < 0) {
                break;
            }
            if (++digits > MAX_CHUNK_SIZE_DIGITS) {
                throw new HttpParseException(400, "chunk size longer than " + MAX_CHUNK_SIZE_DIGITS + " digits");
            }
            size = size * 16 + d;
        }
        if (digits == 0) {
            throw new HttpParseException(400, "invalid chunk size");
        }
        int i = digits;
        while (i < len && (line[i] == ' ' || line[i] == '\t')) {
            i++;
        }
        if (i < len) {
            if (line[i] != ';') {
                throw new HttpParseException(400, "invalid chunk size");
            }
            for (int j = i; j < len; j++) {
                int c = line[j] & 0xff;
                if (c < 0x20 && c != '\t' || c == 0x7f) {
                    throw new HttpParseException(400, "control character in a chunk extension");
                }
            }
        }
        consumedLine();
        if (size == 0) {
            state = State.TRAILERS;
            return;
        }
        if (bodyReceived + size > maxBody) {
            throw new HttpParseException(413, "chunked content over the limit of " + maxBody + " bytes");
        }
        remaining = size;
        state = State.CHUNK_DATA;
    }

    private void complete() {
        state = State.COMPLETE;
        listener.messageComplete(trailers);
    }

    @Override
    public String toString() {
        return "HttpParser[" + mode + ", " + state + "]";
    }
}
