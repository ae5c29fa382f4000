package io.twisted.mail.pop3.client;

import io.twisted.internet.DelayedCall;
import io.twisted.internet.ReactorTime;
import io.twisted.internet.defer.Deferred;
import io.twisted.internet.defer.Failure;
import io.twisted.internet.error.TimeoutError;
import io.twisted.internet.tls.TlsOptions;
import io.twisted.protocols.basic.LineReceiver;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The client side of one POP3 connection (Twisted's {@code POP3Client}).
 *
 * <pre>
 *  GREETING ─+OK─▶ READY ─cmd─▶ STATUS ─+OK (single-line)─▶ READY
 *                                  └─+OK (multi-line)─▶ BODY ─"."─▶ READY
 *  any -ERR ─▶ the command's Deferred fails with Pop3ServerException, back to READY
 * </pre>
 *
 * <p>Each command method returns a Deferred and may be called at any time after
 * {@code makeConnection}: commands wait in a queue until the greeting has arrived and the
 * previous command has been answered (no RFC 2449 PIPELINING). {@link #greeting()} fires with the
 * greeting's text. A response that does not arrive within the timeout (on the injected clock)
 * fails every outstanding command with a {@link Pop3ClientException} whose cause is a
 * {@link TimeoutError}, and aborts the connection; a lost connection fails every outstanding
 * command. QUIT closes the connection after its Deferred has fired.
 *
 * <p>Limits: a response line longer than {@code maxLineLength} (default
 * {@value #DEFAULT_MAX_LINE_LENGTH} octets; RFC 1939 allows 512 for status lines but message lines
 * may be longer) aborts the connection; a collected multi-line response larger than
 * {@code maxResponseSize} (default {@value #DEFAULT_MAX_RESPONSE_SIZE} octets) fails the command,
 * which then reads and drops the rest of the response. Use the {@link Pop3LineSink} forms to
 * stream messages of any size.
 */
public class Pop3ClientProtocol extends LineReceiver {

    /** Default bound on one response line: 64 KiB. */
    public static final int DEFAULT_MAX_LINE_LENGTH = 65_536;
    /** Default bound on a collected multi-line response: 64 MiB. */
    public static final long DEFAULT_MAX_RESPONSE_SIZE = 64L << 20;
    /** Default response timeout in seconds. */
    public static final double DEFAULT_TIMEOUT = 600;

    private static final byte[] CRLF = {'\r', '\n'};
    private static final Pattern APOP_TIMESTAMP = Pattern.compile("<[^<>@\\s]*@[^<>\\s]*>");

    /** Where the connection stands. */
    enum State {
        /** Waiting for the server's greeting. */
        GREETING,
        /** Nothing on the wire. */
        READY,
        /** A command is sent, waiting for its status line. */
        STATUS,
        /** Reading the lines of a multi-line response. */
        BODY,
        /** Closed. */
        DONE
    }

    /** One queued or outstanding command. */
    private static final class Command<T> {
        final String line;
        final String shownAs;
        final boolean multiLine;
        final Pop3LineSink sink;
        final Function<Response, T> parse;
        final Deferred<T> result = new Deferred<>();
        /** Runs on +OK before the result fires and before the next command is sent (STLS). */
        Runnable onOk;
        /** Runs after the result fired (QUIT's close, which may report the loss at once). */
        Runnable afterOk;
        /** Computes the line when it is sent (APOP needs the greeting); null: {@link #line}. */
        java.util.function.Supplier<String> lineAtSend;

        Command(String line, String shownAs, boolean multiLine, Pop3LineSink sink, Function<Response, T> parse) {
            this.line = line;
            this.shownAs = shownAs;
            this.multiLine = multiLine;
            this.sink = sink;
            this.parse = parse;
        }

        void succeed(Response r) {
            T value;
            try {
                value = parse.apply(r);
            } catch (RuntimeException e) {
                result.errback(new Failure(e));
                return;
            }
            result.callback(value);
        }
    }

    /** A response: the text after {@code +OK} and, for multi-line responses, the collected body. */
    private record Response(String status, byte[] body) {
        List<String> lines() {
            List<String> out = new ArrayList<>();
            String s = new String(body, StandardCharsets.ISO_8859_1);
            int start = 0;
            while (start < s.length()) {
                int end = s.indexOf("\r\n", start);
                out.add(s.substring(start, end));
                start = end + 2;
            }
            return out;
        }
    }

    private final ReactorTime time;
    private final double timeout;
    private final long maxResponseSize;
    private final Deferred<String> greeting = new Deferred<>();
    private final ArrayDeque<Command<?>> queue = new ArrayDeque<>();

    private State state = State.GREETING;
    private String greetingText;
    private Command<?> current;
    private ByteArrayOutputStream collected;
    private String status;
    private Pop3ClientException bodyError;
    private DelayedCall timer;

    /** @param time the reactor's clock, for timeouts */
    public Pop3ClientProtocol(ReactorTime time) {
        this(time, DEFAULT_TIMEOUT, DEFAULT_MAX_LINE_LENGTH, DEFAULT_MAX_RESPONSE_SIZE);
    }

    /**
     * @param time the reactor's clock, for timeouts
     * @param timeout seconds to wait for the greeting and for each response line
     * @param maxLineLength bound on one response line in octets
     * @param maxResponseSize bound on a collected multi-line response in octets
     */
    public Pop3ClientProtocol(ReactorTime time, double timeout, int maxLineLength, long maxResponseSize) {
        super(maxLineLength);
        this.time = Objects.requireNonNull(time, "time");
        if (timeout <= 0 || maxResponseSize <= 0) {
            throw new IllegalArgumentException("timeout and maxResponseSize must be positive");
        }
        this.timeout = timeout;
        this.maxResponseSize = maxResponseSize;
    }

    /** Fires with the greeting's text (after {@code +OK}) or fails if the server refused us. */
    public Deferred<String> greeting() {
        return greeting;
    }

    /** Where the connection stands (for tests). */
    State state() {
        return state;
    }

    // ------------------------------------------------------------------ commands

    /** CAPA (RFC 2449): the capability lines, e.g. {@code "TOP"}, {@code "SASL PLAIN"}. */
    public Deferred<List<String>> capabilities() {
        return enqueue("CAPA", true, null, Response::lines);
    }

    /**
     * STLS (RFC 2595): on {@code +OK} the transport switches to TLS with {@code options} before
     * anything else is sent; the Deferred then fires with the server's text.
     */
    public Deferred<String> startTLS(TlsOptions options) {
        Objects.requireNonNull(options, "options");
        Command<String> c = new Command<>("STLS", "STLS", false, null, Response::status);
        c.onOk = () -> transport.startTLS(options);
        return enqueue(c);
    }

    /** USER then PASS (RFC 1939 section 7); fires with the PASS reply's text. */
    public Deferred<String> login(String user, String password) {
        requireArgument(user);
        requireArgument(password);
        Deferred<String> userSent = user(user);
        Deferred<String> passSent = pass(password);
        Deferred<String> result = new Deferred<>();
        userSent.addCallbacks(ok -> passSent.chainDeferred(result), failed -> {
            passSent.addErrback(ignored -> null);
            result.errback(failed);
            return null;
        });
        return result;
    }

    /** USER alone. */
    public Deferred<String> user(String user) {
        requireArgument(user);
        return enqueue("USER " + user, false, null, Response::status);
    }

    /** PASS alone; the password never appears in an error message. */
    public Deferred<String> pass(String password) {
        requireArgument(password);
        return enqueue(new Command<>("PASS " + password, "PASS", false, null, Response::status));
    }

    /**
     * APOP (RFC 1939 section 7): MD5 of the greeting's timestamp and {@code secret}. Fails at once
     * if the greeting carried no timestamp.
     */
    public Deferred<String> apop(String user, String secret) {
        requireArgument(user);
        Objects.requireNonNull(secret, "secret");
        Command<String> c = new Command<>(null, "APOP " + user, false, null, Response::status);
        c.lineAtSend = () -> {
            String stamp = apopTimestamp();
            if (stamp == null) {
                throw new Pop3ClientException("the server's greeting offers no APOP timestamp");
            }
            return "APOP " + user + " " + md5Hex(stamp + secret);
        };
        return enqueue(c);
    }

    /** The {@code <...@...>} timestamp of the greeting, or null (before the greeting, or none). */
    public String apopTimestamp() {
        if (greetingText == null) {
            return null;
        }
        Matcher m = APOP_TIMESTAMP.matcher(greetingText);
        return m.find() ? m.group() : null;
    }

    /** STAT. */
    public Deferred<Pop3Stat> stat() {
        return enqueue("STAT", false, null, r -> {
            String[] f = fields(r.status(), 2, "STAT");
            return new Pop3Stat(parseInt(f[0], "STAT"), parseLong(f[1], "STAT"));
        });
    }

    /** LIST: message number to size in octets, in message-number order (deleted ones absent). */
    public Deferred<Map<Integer, Long>> listSize() {
        return enqueue("LIST", true, null, r -> {
            Map<Integer, Long> out = new TreeMap<>();
            for (String line : r.lines()) {
                String[] f = fields(line, 2, "LIST");
                out.put(parseInt(f[0], "LIST"), parseLong(f[1], "LIST"));
            }
            return Collections.unmodifiableMap(out);
        });
    }

    /** UIDL (RFC 1939 section 7): message number to unique id, in message-number order. */
    public Deferred<Map<Integer, String>> listUID() {
        return enqueue("UIDL", true, null, r -> {
            Map<Integer, String> out = new TreeMap<>();
            for (String line : r.lines()) {
                String[] f = fields(line, 2, "UIDL");
                out.put(parseInt(f[0], "UIDL"), f[1]);
            }
            return Collections.unmodifiableMap(out);
        });
    }

    /**
     * RETR, collected: the message's octets, dot-unstuffed, each line ending in CRLF. Fails if
     * the message is larger than {@code maxResponseSize}.
     */
    public Deferred<byte[]> retrieve(int message) {
        return enqueue("RETR " + checkNumber(message), true, null, Response::body);
    }

    /** RETR, streamed to {@code sink} line by line; fires with null at the end. */
    public Deferred<Void> retrieve(int message, Pop3LineSink sink) {
        Objects.requireNonNull(sink, "sink");
        return enqueue("RETR " + checkNumber(message), true, sink, r -> null);
    }

    /** TOP (RFC 1939 section 7): the header and the first {@code lines} lines of the body. */
    public Deferred<byte[]> top(int message, int lines) {
        if (lines < 0) {
            throw new IllegalArgumentException("lines must not be negative: " + lines);
        }
        return enqueue("TOP " + checkNumber(message) + " " + lines, true, null, Response::body);
    }

    /** DELE: marks the message deleted (the server removes it at QUIT). */
    public Deferred<String> delete(int message) {
        return enqueue("DELE " + checkNumber(message), false, null, Response::status);
    }

    /** RSET: unmarks every deleted message. */
    public Deferred<String> reset() {
        return enqueue("RSET", false, null, Response::status);
    }

    /** NOOP. */
    public Deferred<String> noop() {
        return enqueue("NOOP", false, null, Response::status);
    }

    /** QUIT: the server applies deletions; the connection is closed after the reply. */
    public Deferred<String> quit() {
        Command<String> c = new Command<>("QUIT", "QUIT", false, null, Response::status);
        c.afterOk = () -> transport.loseConnection();
        return enqueue(c);
    }

    private <T> Deferred<T> enqueue(String line, boolean multiLine, Pop3LineSink sink, Function<Response, T> parse) {
        return enqueue(new Command<>(line, line, multiLine, sink, parse));
    }

    private <T> Deferred<T> enqueue(Command<T> c) {
        if (state == State.DONE) {
            return Deferred.fail(new Failure(new Pop3ClientException("connection closed; " + c.shownAs + " not sent")));
        }
        queue.add(c);
        sendNext();
        return c.result;
    }

    private void sendNext() {
        if (state != State.READY || queue.isEmpty()) {
            return;
        }
        Command<?> next = queue.poll();
        String line = next.line;
        if (next.lineAtSend != null) {
            try {
                line = next.lineAtSend.get();
            } catch (Pop3ClientException e) {
                next.result.errback(new Failure(e));
                sendNext();
                return;
            }
        }
        current = next;
        state = State.STATUS;
        transport.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        resetTimer();
    }

    // ------------------------------------------------------------------ responses

    @Override
    public void connectionMade() {
        resetTimer();
    }

    @Override
    protected void lineReceived(byte[] line) {
        switch (state) {
            case GREETING -> onGreeting(line);
            case STATUS -> onStatus(line);
            case BODY -> onBodyLine(line);
            case READY -> protocolError("unexpected line from the server: " + printable(line));
            case DONE -> { }
            default -> throw new IllegalStateException(state.toString());
        }
    }

    @Override
    protected void lineLengthExceeded(byte[] lineStart) {
        protocolError("response line longer than " + maxLength() + " octets");
    }

    private void onGreeting(byte[] line) {
        String text = new String(line, StandardCharsets.ISO_8859_1);
        if (isOk(text)) {
            greetingText = statusText(text, 3);
            state = State.READY;
            cancelTimer();
            greeting.callback(greetingText);
            sendNext();
        } else {
            Pop3ClientException e = isErr(text) ? new Pop3ServerException("connection", statusText(text, 4))
                    : new Pop3ClientException("not a POP3 greeting: " + printable(line));
            fail(e);
            transport.loseConnection();
        }
    }

    private void onStatus(byte[] line) {
        String text = new String(line, StandardCharsets.UTF_8);
        Command<?> c = current;
        if (isOk(text)) {
            status = statusText(text, 3);
            if (c.onOk != null) {
                c.onOk.run();
            }
            if (c.multiLine) {
                state = State.BODY;
                collected = c.sink == null ? new ByteArrayOutputStream() : null;
                bodyError = null;
                resetTimer();
                return;
            }
            finish(new Response(status, new byte[0]));
        } else if (isErr(text)) {
            current = null;
            state = State.READY;
            cancelTimer();
            c.result.errback(new Failure(new Pop3ServerException(c.shownAs, statusText(text, 4))));
            sendNext();
        } else {
            protocolError("not a POP3 status line: " + printable(line));
        }
    }

    private void onBodyLine(byte[] line) {
        resetTimer();
        if (line.length == 1 && line[0] == '.') {
            if (bodyError != null) {
                Command<?> c = current;
                current = null;
                state = State.READY;
                cancelTimer();
                c.result.errback(new Failure(bodyError));
                sendNext();
            } else {
                finish(new Response(status, collected == null ? new byte[0] : collected.toByteArray()));
            }
            return;
        }
        int skip = line.length > 0 && line[0] == '.' ? 1 : 0;
        if (bodyError != null) {
            return;
        }
        if (current.sink != null) {
            byte[] copy = java.util.Arrays.copyOfRange(line, skip, line.length);
            try {
                current.sink.lineReceived(copy);
            } catch (RuntimeException e) {
                bodyError = new Pop3ClientException("the line sink failed: " + e);
                bodyError.initCause(e);
            }
            return;
        }
        if (collected.size() + (long) (line.length - skip) + 2 > maxResponseSize) {
            bodyError = new Pop3ClientException(current.shownAs + ": response larger than " + maxResponseSize + " octets");
            collected = null;
            return;
        }
        collected.write(line, skip, line.length - skip);
        collected.write(CRLF, 0, 2);
    }

    private void finish(Response r) {
        Command<?> c = current;
        current = null;
        collected = null;
        state = State.READY;
        cancelTimer();
        c.succeed(r);
        if (c.afterOk != null) {
            c.afterOk.run();
        }
        sendNext();
    }

    @Override
    public void connectionLost(Failure reason) {
        cancelTimer();
        fail(new Pop3ClientException("connection lost: " + reason.value()));
    }

    private void protocolError(String message) {
        fail(new Pop3ClientException(message));
        transport.abortConnection();
    }

    /** Fails the greeting (if pending) and every outstanding command; no more commands are sent. */
    private void fail(Pop3ClientException e) {
        if (state == State.DONE) {
            return;
        }
        state = State.DONE;
        cancelTimer();
        if (!greeting.isCalled()) {
            greeting.errback(new Failure(e));
        }
        List<Command<?>> pending = new ArrayList<>();
        if (current != null) {
            pending.add(current);
            current = null;
        }
        pending.addAll(queue);
        queue.clear();
        for (Command<?> c : pending) {
            c.result.errback(new Failure(e));
        }
    }

    // ------------------------------------------------------------------ timers and helpers

    private void resetTimer() {
        cancelTimer();
        timer = time.callLater(timeout, this::timedOut);
    }

    private void cancelTimer() {
        if (timer != null && timer.active()) {
            timer.cancel();
        }
        timer = null;
    }

    private void timedOut() {
        timer = null;
        Pop3ClientException e = new Pop3ClientException("no response within " + timeout + " seconds");
        e.initCause(new TimeoutError("POP3 response timed out"));
        fail(e);
        transport.abortConnection();
    }

    private static boolean isOk(String line) {
        return line.startsWith("+OK") && (line.length() == 3 || line.charAt(3) == ' ');
    }

    private static boolean isErr(String line) {
        return line.startsWith("-ERR") && (line.length() == 4 || line.charAt(4) == ' ');
    }

    private static String statusText(String line, int statusLength) {
        return line.length() > statusLength ? line.substring(statusLength + 1) : "";
    }

    private static String[] fields(String text, int min, String command) {
        String[] f = text.trim().split(" +");
        if (f.length < min) {
            throw new Pop3ClientException(command + ": malformed response: " + text);
        }
        return f;
    }

    private static int parseInt(String s, String command) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new Pop3ClientException(command + ": not a number: " + s);
        }
    }

    private static long parseLong(String s, String command) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new Pop3ClientException(command + ": not a number: " + s);
        }
    }

    private static int checkNumber(int message) {
        if (message < 1) {
            throw new IllegalArgumentException("message numbers start at 1: " + message);
        }
        return message;
    }

    private static void requireArgument(String s) {
        Objects.requireNonNull(s);
        if (s.isEmpty() || s.indexOf('\r') >= 0 || s.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("empty or contains CR/LF");
        }
    }

    private static String md5Hex(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is always available", e);
        }
    }

    private static String printable(byte[] line) {
        String s = new String(line, 0, Math.min(line.length, 80), StandardCharsets.ISO_8859_1);
        return s.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
