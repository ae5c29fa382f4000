package io.twisted.mail.imap4.client;

import io.twisted.internet.DelayedCall;
import io.twisted.internet.ReactorTime;
import io.twisted.internet.defer.Deferred;
import io.twisted.internet.defer.Failure;
import io.twisted.internet.error.TimeoutError;
import io.twisted.internet.tls.TlsOptions;
import io.twisted.protocols.basic.LineReceiver;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The client side of one IMAP4rev1 connection (RFC 3501).
 *
 * <pre>
 *  GREETING ─* OK / * PREAUTH─▶ READY ─command─▶ COMMAND ─tagged OK─▶ READY
 *                                         │  ├─ "+" ─▶ send the next literal (APPEND, AUTHENTICATE)
 *                                         │  └─ "+" on IDLE ─▶ IDLING ─done()─▶ DONE sent ─tagged OK─▶ READY
 *                                         └─ tagged NO/BAD ─▶ the Deferred fails with ImapServerException
 * </pre>
 *
 * <p>Every command method returns a Deferred and may be called right after
 * {@code makeConnection}; commands are queued and sent one at a time (see the package comment).
 * Untagged responses are collected for the outstanding command and also handed to the
 * {@link ImapUntaggedListener}. {@link #greeting()} fires with the greeting.
 *
 * <p>Framing: a response line ending in {@code {n}} is followed by {@code n} raw octets, read in
 * raw mode (binary-safe), then the rest of the response. Limits (constructor arguments): one line
 * at most {@code maxLineLength} octets (default {@value #DEFAULT_MAX_LINE_LENGTH}), one literal at
 * most {@code maxLiteralSize} (default {@value #DEFAULT_MAX_LITERAL_SIZE}), and the literals of one
 * response at most {@code maxLiteralSize} in total too; breaking a limit, or a response that does
 * not parse, fails every outstanding command and aborts the connection. A command with no
 * response line within the timeout (on the injected clock) does the same with an
 * {@link ImapClientException} whose cause is a {@link TimeoutError}; IDLE has no timeout while
 * idling (RFC 2177 asks clients to re-issue it within 29 minutes: that is the caller's timer).
 * Deviation: no LITERAL+ and no command pipelining; BYE outside LOGOUT fails every outstanding
 * command.
 */
public class ImapClientProtocol extends LineReceiver {

    /** Default bound on one response line: 64 KiB. */
    public static final int DEFAULT_MAX_LINE_LENGTH = 65_536;
    /** Default bound on the literals of one response: 64 MiB. */
    public static final int DEFAULT_MAX_LITERAL_SIZE = 64 << 20;
    /** Default response timeout in seconds. */
    public static final double DEFAULT_TIMEOUT = 600;

    private static final Pattern LITERAL_AT_END = Pattern.compile("\\{(\\d{1,10})\\}$");
    private static final Pattern ATOM = Pattern.compile("[!#-'*+,\\-./0-9:;<=>?@A-Z\\[^_`a-z|}~]+");

    /** Where the connection stands. */
    enum State {
        /** Waiting for the greeting. */
        GREETING,
        /** No command outstanding. */
        READY,
        /** A command is outstanding. */
        COMMAND,
        /** Closed. */
        DONE
    }

    /** One queued or outstanding command. */
    private final class Command<T> implements ImapIdle {
        final String name;
        /** What to send: the first piece at once, each later one after a {@code +}. */
        final ArrayDeque<byte[]> pieces;
        final Function<List<ImapResponse>, T> parse;
        final Deferred<T> result = new Deferred<>();
        final List<ImapResponse> untagged = new ArrayList<>();
        String tag;
        boolean idle;
        /** Runs on OK before the result fires and before the next command is sent (STARTTLS). */
        Runnable onOk;
        /** Runs after the result fired (LOGOUT's close, which may report the loss at once). */
        Runnable afterOk;
        final Deferred<Void> idleStarted = new Deferred<>();
        Deferred<String> idleDone;
        boolean doneSent;

        Command(String name, List<byte[]> pieces, Function<List<ImapResponse>, T> parse) {
            this.name = name;
            this.pieces = new ArrayDeque<>(pieces);
            this.parse = parse;
        }

        @Override
        public Deferred<Void> started() {
            return idleStarted;
        }

        @Override
        @SuppressWarnings("unchecked")
        public Deferred<String> done() {
            if (idleDone == null) {
                idleDone = (Deferred<String>) result;
                if (idleStarted.isCalled()) {
                    sendDone(this);
                } else {
                    idleStarted.addCallback(ignored -> {
                        sendDone(this);
                        return null;
                    });
                }
            }
            return idleDone;
        }
    }

    private final ReactorTime time;
    private final double timeout;
    private final int maxLiteralSize;
    private final Deferred<ImapResponse> greeting = new Deferred<>();
    private final ArrayDeque<Command<?>> queue = new ArrayDeque<>();
    private ImapUntaggedListener listener = new ImapUntaggedListener() { };

    private State state = State.GREETING;
    private Command<?> current;
    private int nextTag = 1;
    private DelayedCall timer;
    private Set<String> capabilities = Set.of();

    // the response being framed
    private final List<byte[]> segments = new ArrayList<>();
    private final List<byte[]> literals = new ArrayList<>();
    private long literalTotal;
    private ByteArrayOutputStream literal;
    private int literalRemaining;

    /** @param time the reactor's clock, for timeouts */
    public ImapClientProtocol(ReactorTime time) {
        this(time, DEFAULT_TIMEOUT, DEFAULT_MAX_LINE_LENGTH, DEFAULT_MAX_LITERAL_SIZE);
    }

    /**
     * @param time the reactor's clock, for timeouts
     * @param timeout seconds to wait for the greeting and for each response line
     * @param maxLineLength bound on one response line in octets
     * @param maxLiteralSize bound on the literals of one response in octets
     */
    public ImapClientProtocol(ReactorTime time, double timeout, int maxLineLength, int maxLiteralSize) {
        super(maxLineLength);
        this.time = Objects.requireNonNull(time, "time");
        if (timeout <= 0 || maxLiteralSize < 0) {
            throw new IllegalArgumentException("timeout must be positive and maxLiteralSize not negative");
        }
        this.timeout = timeout;
        this.maxLiteralSize = maxLiteralSize;
    }

    /** Sets who hears untagged data (EXISTS, EXPUNGE, FETCH, ...). */
    public void setListener(ImapUntaggedListener listener) {
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /** Fires with the greeting ({@code OK} or {@code PREAUTH}); fails on {@code BYE}. */
    public Deferred<ImapResponse> greeting() {
        return greeting;
    }

    /** The capabilities from the last CAPABILITY response or response code (upper case). */
    public Set<String> lastCapabilities() {
        return capabilities;
    }

    /** Where the connection stands (for tests). */
    State state() {
        return state;
    }

    // ------------------------------------------------------------------ commands

    /** CAPABILITY: the capability names, upper case. */
    public Deferred<Set<String>> capability() {
        return command("CAPABILITY", text("CAPABILITY"), r -> capabilities);
    }

    /** NOOP (also how a client polls for updates); fires with the OK text. */
    public Deferred<String> noop() {
        return command("NOOP", text("NOOP"), ImapClientProtocol::okText);
    }

    /** LOGIN (RFC 3501 section 6.2.3); the password never appears in an error message. */
    public Deferred<String> login(String user, String password) {
        return command("LOGIN", new Args("LOGIN").astring(user).astring(password).pieces(), ImapClientProtocol::okText);
    }

    /** AUTHENTICATE PLAIN (RFC 4616), the response sent after the server's {@code +}. */
    public Deferred<String> authenticatePlain(String user, String password) {
        byte[] sasl = ("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8);
        List<byte[]> pieces = List.of(line("AUTHENTICATE PLAIN"),
                (Base64.getEncoder().encodeToString(sasl) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        return command("AUTHENTICATE", pieces, ImapClientProtocol::okText);
    }

    /** STARTTLS (RFC 3501 section 6.2.1): after the OK the transport switches to TLS before anything else is sent. */
    public Deferred<String> startTLS(TlsOptions options) {
        Objects.requireNonNull(options, "options");
        Command<String> c = new Command<>("STARTTLS", text("STARTTLS"), ImapClientProtocol::okText);
        c.onOk = () -> {
            capabilities = Set.of();
            transport.startTLS(options);
        };
        return enqueue(c);
    }

    /** LIST (RFC 3501 section 6.3.8). */
    public Deferred<List<ImapListEntry>> list(String reference, String pattern) {
        return command("LIST", new Args("LIST").astring(reference).astring(pattern).pieces(), ImapClientProtocol::listEntries);
    }

    /** SELECT (RFC 3501 section 6.3.1). */
    public Deferred<ImapMailboxInfo> select(String mailbox) {
        return command("SELECT", new Args("SELECT").astring(mailbox).pieces(), ImapClientProtocol::mailboxInfo);
    }

    /** EXAMINE: SELECT read-only. */
    public Deferred<ImapMailboxInfo> examine(String mailbox) {
        return command("EXAMINE", new Args("EXAMINE").astring(mailbox).pieces(), ImapClientProtocol::mailboxInfo);
    }

    /**
     * FETCH (RFC 3501 section 6.4.5): {@code sequenceSet} such as {@code 1:*}, {@code items} such
     * as {@code (FLAGS UID BODY.PEEK[])} or {@code ALL}. The result maps each message's sequence
     * number to its items, keyed by the item names the server sent, upper-cased
     * ({@code BODY[]}, {@code FLAGS}, {@code RFC822.SIZE}); values as in {@link ImapResponse}
     * ({@code byte[]} for strings and literals, {@code List} for lists, {@code String} for atoms
     * and numbers, null for NIL).
     */
    public Deferred<Map<Long, Map<String, Object>>> fetch(String sequenceSet, String items) {
        return command("FETCH", text("FETCH " + checkSet(sequenceSet) + " " + checkRaw(items)), ImapClientProtocol::fetchResults);
    }

    /** UID FETCH: as {@link #fetch}, with UIDs in the set (results still keyed by sequence number). */
    public Deferred<Map<Long, Map<String, Object>>> uidFetch(String uidSet, String items) {
        return command("UID FETCH", text("UID FETCH " + checkSet(uidSet) + " " + checkRaw(items)), ImapClientProtocol::fetchResults);
    }

    /**
     * STORE (RFC 3501 section 6.4.6): {@code action} is {@code FLAGS}, {@code +FLAGS},
     * {@code -FLAGS} or their {@code .SILENT} forms; fires with the FETCH responses (empty when silent).
     */
    public Deferred<Map<Long, Map<String, Object>>> store(String sequenceSet, String action, List<String> flags) {
        String a = action.toUpperCase(Locale.ROOT);
        if (!a.matches("[+-]?FLAGS(\\.SILENT)?")) {
            throw new IllegalArgumentException("not a STORE action: " + action);
        }
        return command("STORE", text("STORE " + checkSet(sequenceSet) + " " + a + " " + flagList(flags)),
                ImapClientProtocol::fetchResults);
    }

    /**
     * SEARCH (RFC 3501 section 6.4.4) with {@code criteria} sent as given, e.g.
     * {@code UNSEEN FROM "bob"} (the caller quotes; criteria needing a literal are not supported).
     */
    public Deferred<List<Long>> search(String criteria) {
        return command("SEARCH", text("SEARCH " + checkRaw(criteria)), ImapClientProtocol::searchResults);
    }

    /** UID SEARCH: as {@link #search}, answering UIDs. */
    public Deferred<List<Long>> uidSearch(String criteria) {
        return command("UID SEARCH", text("UID SEARCH " + checkRaw(criteria)), ImapClientProtocol::searchResults);
    }

    /** COPY (RFC 3501 section 6.4.7). */
    public Deferred<String> copy(String sequenceSet, String mailbox) {
        return command("COPY", new Args("COPY " + checkSet(sequenceSet)).astring(mailbox).pieces(), ImapClientProtocol::okText);
    }

    /** EXPUNGE: fires with the sequence numbers of the EXPUNGE responses, in the order sent. */
    public Deferred<List<Long>> expunge() {
        return command("EXPUNGE", text("EXPUNGE"), r -> numbered(r, "EXPUNGE"));
    }

    /** CLOSE. */
    public Deferred<String> close() {
        return command("CLOSE", text("CLOSE"), ImapClientProtocol::okText);
    }

    /** CREATE. */
    public Deferred<String> create(String mailbox) {
        return command("CREATE", new Args("CREATE").astring(mailbox).pieces(), ImapClientProtocol::okText);
    }

    /**
     * APPEND (RFC 3501 section 6.3.11) with a synchronising literal: the message is sent after the
     * server's {@code +}. Fires with the OK text.
     */
    public Deferred<String> append(String mailbox, List<String> flags, byte[] message) {
        Args args = new Args("APPEND").astring(mailbox);
        if (flags != null && !flags.isEmpty()) {
            args.raw(flagList(flags));
        }
        return command("APPEND", args.literal(message).pieces(), ImapClientProtocol::okText);
    }

    /** APPEND with an internal date (RFC 3501 section 6.3.11): {@code flags} may be empty. */
    public Deferred<String> append(String mailbox, List<String> flags, java.time.ZonedDateTime internalDate, byte[] message) {
        Args args = new Args("APPEND").astring(mailbox);
        if (flags != null && !flags.isEmpty()) {
            args.raw(flagList(flags));
        }
        if (internalDate != null) {
            args.raw("\"" + java.time.format.DateTimeFormatter.ofPattern("dd-MMM-yyyy HH:mm:ss Z", Locale.ROOT).format(internalDate) + "\"");
        }
        return command("APPEND", args.literal(message).pieces(), ImapClientProtocol::okText);
    }

    /** DELETE (RFC 3501 section 6.3.4). */
    public Deferred<String> delete(String mailbox) {
        return command("DELETE", new Args("DELETE").astring(mailbox).pieces(), ImapClientProtocol::okText);
    }

    /** RENAME (RFC 3501 section 6.3.5); renaming INBOX moves its messages and leaves it empty. */
    public Deferred<String> rename(String mailbox, String newName) {
        return command("RENAME", new Args("RENAME").astring(mailbox).astring(newName).pieces(), ImapClientProtocol::okText);
    }

    /** SUBSCRIBE (RFC 3501 section 6.3.6). */
    public Deferred<String> subscribe(String mailbox) {
        return command("SUBSCRIBE", new Args("SUBSCRIBE").astring(mailbox).pieces(), ImapClientProtocol::okText);
    }

    /** UNSUBSCRIBE (RFC 3501 section 6.3.7). */
    public Deferred<String> unsubscribe(String mailbox) {
        return command("UNSUBSCRIBE", new Args("UNSUBSCRIBE").astring(mailbox).pieces(), ImapClientProtocol::okText);
    }

    /** LSUB (RFC 3501 section 6.3.9): the subscribed names matching {@code pattern}. */
    public Deferred<List<ImapListEntry>> lsub(String reference, String pattern) {
        return command("LSUB", new Args("LSUB").astring(reference).astring(pattern).pieces(), r -> listEntries(r, "LSUB"));
    }

    /**
     * STATUS (RFC 3501 section 6.3.10) of {@code items} such as {@code MESSAGES}, {@code RECENT},
     * {@code UIDNEXT}, {@code UIDVALIDITY}, {@code UNSEEN}: fires with each item's number, keyed by
     * the upper-cased item name.
     */
    public Deferred<Map<String, Long>> status(String mailbox, List<String> items) {
        if (items.isEmpty()) {
            throw new IllegalArgumentException("STATUS needs at least one item");
        }
        StringBuilder list = new StringBuilder("(");
        for (String item : items) {
            if (!item.matches("[A-Za-z0-9.-]+")) {
                throw new IllegalArgumentException("not a STATUS item: " + item);
            }
            list.append(list.length() > 1 ? " " : "").append(item.toUpperCase(Locale.ROOT));
        }
        return command("STATUS", new Args("STATUS").astring(mailbox).raw(list + ")").pieces(), ImapClientProtocol::statusItems);
    }

    /** CHECK (RFC 3501 section 6.4.1). */
    public Deferred<String> check() {
        return command("CHECK", text("CHECK"), ImapClientProtocol::okText);
    }

    /** UID STORE: as {@link #store}, with UIDs in the set. */
    public Deferred<Map<Long, Map<String, Object>>> uidStore(String uidSet, String action, List<String> flags) {
        String a = action.toUpperCase(Locale.ROOT);
        if (!a.matches("[+-]?FLAGS(\\.SILENT)?")) {
            throw new IllegalArgumentException("not a STORE action: " + action);
        }
        return command("UID STORE", text("UID STORE " + checkSet(uidSet) + " " + a + " " + flagList(flags)),
                ImapClientProtocol::fetchResults);
    }

    /** UID COPY: as {@link #copy}, with UIDs in the set. */
    public Deferred<String> uidCopy(String uidSet, String mailbox) {
        return command("UID COPY", new Args("UID COPY " + checkSet(uidSet)).astring(mailbox).pieces(), ImapClientProtocol::okText);
    }

    /** MOVE (RFC 6851): fires with the sequence numbers of the EXPUNGE responses, in the order sent. */
    public Deferred<List<Long>> move(String sequenceSet, String mailbox) {
        return command("MOVE", new Args("MOVE " + checkSet(sequenceSet)).astring(mailbox).pieces(), r -> numbered(r, "EXPUNGE"));
    }

    /** UID MOVE (RFC 6851): as {@link #move}, with UIDs in the set. */
    public Deferred<List<Long>> uidMove(String uidSet, String mailbox) {
        return command("UID MOVE", new Args("UID MOVE " + checkSet(uidSet)).astring(mailbox).pieces(), r -> numbered(r, "EXPUNGE"));
    }

    /** UID EXPUNGE (RFC 4315): expunges only the \Deleted messages among {@code uidSet}. */
    public Deferred<List<Long>> uidExpunge(String uidSet) {
        return command("UID EXPUNGE", text("UID EXPUNGE " + checkSet(uidSet)), r -> numbered(r, "EXPUNGE"));
    }

    /**
     * NAMESPACE (RFC 2342): fires with the three namespace lists (personal, other users', shared),
     * each a list of {@code [prefix, delimiter]} pairs, empty for NIL.
     */
    public Deferred<List<List<List<String>>>> namespace() {
        return command("NAMESPACE", text("NAMESPACE"), ImapClientProtocol::namespaces);
    }

    /** LOGOUT: fires with the OK text; the connection is closed after it. */
    public Deferred<String> logout() {
        Command<String> c = new Command<>("LOGOUT", text("LOGOUT"), ImapClientProtocol::okText);
        c.afterOk = () -> transport.loseConnection();
        return enqueue(c);
    }

    /**
     * IDLE (RFC 2177): the handle's {@link ImapIdle#started()} fires on the server's {@code +};
     * updates go to the listener until {@link ImapIdle#done()}.
     */
    public ImapIdle idle() {
        Command<String> c = new Command<>("IDLE", text("IDLE"), ImapClientProtocol::okText);
        c.idle = true;
        enqueue(c);
        return c;
    }

    private <T> Deferred<T> command(String name, List<byte[]> pieces, Function<List<ImapResponse>, T> parse) {
        return enqueue(new Command<>(name, pieces, parse));
    }

    private <T> Deferred<T> enqueue(Command<T> c) {
        if (state == State.DONE) {
            Failure f = new Failure(new ImapClientException("connection closed; " + c.name + " not sent"));
            c.result.errback(f);
            if (c.idle) {
                c.idleStarted.errback(f);
            }
            return c.result;
        }
        queue.add(c);
        sendNext();
        return c.result;
    }

    private void sendNext() {
        if (state != State.READY || queue.isEmpty()) {
            return;
        }
        current = queue.poll();
        current.tag = "A" + (nextTag++);
        state = State.COMMAND;
        writePiece(current.tag.getBytes(StandardCharsets.US_ASCII), current.pieces.poll());
        resetTimer();
    }

    private void writePiece(byte[] prefix, byte[] piece) {
        if (prefix != null) {
            transport.writeSequence(List.of(ByteBuffer.wrap(prefix), ByteBuffer.wrap(new byte[] {' '}), ByteBuffer.wrap(piece)));
        } else {
            transport.write(piece);
        }
    }

    private void sendDone(Command<?> c) {
        if (!c.doneSent && current == c && state == State.COMMAND) {
            c.doneSent = true;
            transport.write("DONE\r\n".getBytes(StandardCharsets.US_ASCII));
            resetTimer();
        }
    }

    // ------------------------------------------------------------------ framing

    @Override
    public void connectionMade() {
        resetTimer();
    }

    @Override
    protected void lineReceived(byte[] line) {
        if (state == State.DONE) {
            return;
        }
        if (current == null || !current.idle || current.doneSent) {
            resetTimer();
        }
        segments.add(line);
        boolean continuation = segments.size() == 1 && line.length > 0 && line[0] == '+';
        Matcher m = continuation ? null : LITERAL_AT_END.matcher(new String(line, StandardCharsets.ISO_8859_1));
        if (m != null && m.find()) {
            long n = Long.parseLong(m.group(1));
            if (n > maxLiteralSize || literalTotal + n > maxLiteralSize) {
                protocolError(new ImapProtocolException("literal of " + n + " octets exceeds the limit of " + maxLiteralSize));
                return;
            }
            literalTotal += n;
            if (n == 0) {
                literals.add(new byte[0]);
                return;
            }
            literal = new ByteArrayOutputStream((int) Math.min(n, 65_536)); // grows only as octets arrive
            literalRemaining = (int) n;
            setRawMode();
            return;
        }
        ImapResponse response;
        try {
            response = ImapResponseParser.parse(List.copyOf(segments), List.copyOf(literals));
        } catch (ImapProtocolException e) {
            protocolError(e);
            return;
        } finally {
            segments.clear();
            literals.clear();
            literalTotal = 0;
        }
        responseReceived(response);
    }

    @Override
    protected void rawDataReceived(ByteBuffer data) {
        int n = Math.min(literalRemaining, data.remaining());
        if (data.hasArray()) {
            literal.write(data.array(), data.arrayOffset() + data.position(), n);
            data.position(data.position() + n);
        } else {
            byte[] chunk = new byte[n];
            data.get(chunk);
            literal.write(chunk, 0, n);
        }
        literalRemaining -= n;
        if (literalRemaining == 0) {
            literals.add(literal.toByteArray());
            literal = null;
            setLineMode(data);
        }
    }

    @Override
    protected void lineLengthExceeded(byte[] lineStart) {
        protocolError(new ImapProtocolException("response line longer than " + maxLength() + " octets"));
    }

    // ------------------------------------------------------------------ responses

    private void responseReceived(ImapResponse r) {
        if (state == State.GREETING) {
            onGreeting(r);
            return;
        }
        if (r.tag().equals("+")) {
            onContinuation(r);
        } else if (r.isUntagged()) {
            onUntagged(r);
        } else if (current != null && r.tag().equals(current.tag)) {
            onTagged(r);
        } else {
            protocolError(new ImapProtocolException("response with unknown tag " + r.tag()));
        }
    }

    private void onGreeting(ImapResponse r) {
        if (r.isUntagged() && (r.type().equals("OK") || r.type().equals("PREAUTH"))) {
            noteCapabilities(r);
            state = State.READY;
            cancelTimer();
            greeting.callback(r);
            sendNext();
        } else {
            failAll(new ImapClientException("server refused the connection: " + r.type() + " " + r.text()));
            transport.loseConnection();
        }
    }

    private void onContinuation(ImapResponse r) {
        Command<?> c = current;
        if (c == null) {
            protocolError(new ImapProtocolException("continuation request with no command outstanding"));
        } else if (!c.pieces.isEmpty()) {
            writePiece(null, c.pieces.poll());
        } else if (c.idle && !c.idleStarted.isCalled()) {
            cancelTimer();
            c.idleStarted.callback(null);
        } else {
            protocolError(new ImapProtocolException("unexpected continuation request for " + c.name));
        }
    }

    private void onUntagged(ImapResponse r) {
        noteCapabilities(r);
        if (current != null) {
            current.untagged.add(r);
        }
        listener.untagged(r);
        switch (r.type()) {
            case "EXISTS" -> listener.exists(r.number());
            case "RECENT" -> listener.recent(r.number());
            case "EXPUNGE" -> listener.expunged(r.number());
            case "FETCH" -> {
                if (r.data().size() == 1 && r.data().get(0) instanceof List<?> items) {
                    listener.fetched(r.number(), itemMap(items));
                }
            }
            case "BYE" -> {
                if (current == null || !current.name.equals("LOGOUT")) {
                    failAll(new ImapClientException("server said BYE: " + r.text()));
                    transport.loseConnection();
                }
            }
            default -> { }
        }
    }

    private void onTagged(ImapResponse r) {
        Command<?> c = current;
        current = null;
        state = State.READY;
        cancelTimer();
        noteCapabilities(r);
        if (c.idle && !c.idleStarted.isCalled()) {
            c.idleStarted.errback(new Failure(new ImapServerException(c.name, r)));
        }
        if (r.type().equals("OK")) {
            if (c.onOk != null) {
                c.onOk.run();
            }
            List<ImapResponse> all = new ArrayList<>(c.untagged);
            all.add(r);
            completeOk(c, all);
            if (c.afterOk != null) {
                c.afterOk.run();
            }
        } else {
            c.result.errback(new Failure(new ImapServerException(c.name, r)));
        }
        sendNext();
    }

    private static <T> void completeOk(Command<T> c, List<ImapResponse> all) {
        T value;
        try {
            value = c.parse.apply(all);
        } catch (RuntimeException e) {
            c.result.errback(new Failure(e));
            return;
        }
        c.result.callback(value);
    }

    private void noteCapabilities(ImapResponse r) {
        List<Object> tokens = null;
        if (r.type().equals("CAPABILITY")) {
            tokens = r.data();
        } else if ("CAPABILITY".equals(r.codeName())) {
            tokens = r.code().subList(1, r.code().size());
        }
        if (tokens != null) {
            Set<String> caps = new LinkedHashSet<>();
            for (Object t : tokens) {
                if (t instanceof String s) {
                    caps.add(s.toUpperCase(Locale.ROOT));
                }
            }
            capabilities = Collections.unmodifiableSet(caps);
        }
    }

    @Override
    public void connectionLost(Failure reason) {
        failAll(new ImapClientException("connection lost: " + reason.value()));
    }

    private void protocolError(ImapClientException e) {
        failAll(e);
        transport.abortConnection();
    }

    private void failAll(ImapClientException e) {
        if (state == State.DONE) {
            return;
        }
        state = State.DONE;
        cancelTimer();
        Failure f = new Failure(e);
        if (!greeting.isCalled()) {
            greeting.errback(f);
        }
        List<Command<?>> pending = new ArrayList<>();
        if (current != null) {
            pending.add(current);
            current = null;
        }
        pending.addAll(queue);
        queue.clear();
        for (Command<?> c : pending) {
            if (c.idle && !c.idleStarted.isCalled()) {
                c.idleStarted.errback(f);
            }
            c.result.errback(f);
        }
    }

    // ------------------------------------------------------------------ timers

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
        ImapClientException e = new ImapClientException("no response within " + timeout + " seconds");
        e.initCause(new TimeoutError("IMAP response timed out"));
        failAll(e);
        transport.abortConnection();
    }

    // ------------------------------------------------------------------ result parsers

    private static String okText(List<ImapResponse> all) {
        return all.get(all.size() - 1).text();
    }

    private static List<Long> numbered(List<ImapResponse> all, String type) {
        List<Long> out = new ArrayList<>();
        for (ImapResponse r : all) {
            if (r.isUntagged() && r.type().equals(type)) {
                out.add(r.number());
            }
        }
        return Collections.unmodifiableList(out);
    }

    private static List<Long> searchResults(List<ImapResponse> all) {
        List<Long> out = new ArrayList<>();
        for (ImapResponse r : all) {
            if (r.isUntagged() && r.type().equals("SEARCH")) {
                for (Object o : r.data()) {
                    out.add(number(o, "SEARCH"));
                }
            }
        }
        return Collections.unmodifiableList(out);
    }

    private static Map<Long, Map<String, Object>> fetchResults(List<ImapResponse> all) {
        Map<Long, Map<String, Object>> out = new TreeMap<>();
        for (ImapResponse r : all) {
            if (r.isUntagged() && r.type().equals("FETCH")) {
                if (r.data().size() != 1 || !(r.data().get(0) instanceof List<?> items)) {
                    throw new ImapProtocolException("FETCH response without its item list");
                }
                out.computeIfAbsent(r.number(), k -> new LinkedHashMap<>()).putAll(itemMap(items));
            }
        }
        return Collections.unmodifiableMap(out);
    }

    /** {@code (NAME value NAME value ...)} to a map with upper-cased names. */
    static Map<String, Object> itemMap(List<?> items) {
        if (items.size() % 2 != 0) {
            throw new ImapProtocolException("FETCH item list has an odd number of elements");
        }
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < items.size(); i += 2) {
            if (!(items.get(i) instanceof String name)) {
                throw new ImapProtocolException("FETCH item name is not an atom");
            }
            map.put(name.toUpperCase(Locale.ROOT), items.get(i + 1));
        }
        return map;
    }

    private static List<ImapListEntry> listEntries(List<ImapResponse> all) {
        return listEntries(all, "LIST");
    }

    private static List<ImapListEntry> listEntries(List<ImapResponse> all, String type) {
        List<ImapListEntry> out = new ArrayList<>();
        for (ImapResponse r : all) {
            if (r.isUntagged() && r.type().equals(type)) {
                List<Object> d = r.data();
                if (d.size() != 3 || !(d.get(0) instanceof List<?> attrs)) {
                    throw new ImapProtocolException("malformed " + type + " response");
                }
                List<String> names = new ArrayList<>();
                for (Object a : attrs) {
                    names.add(String.valueOf(a));
                }
                out.add(new ImapListEntry(List.copyOf(names), string(d.get(1)), string(d.get(2))));
            }
        }
        return Collections.unmodifiableList(out);
    }

    private static Map<String, Long> statusItems(List<ImapResponse> all) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (ImapResponse r : all) {
            if (r.isUntagged() && r.type().equals("STATUS")) {
                if (r.data().size() != 2 || !(r.data().get(1) instanceof List<?> items) || items.size() % 2 != 0) {
                    throw new ImapProtocolException("malformed STATUS response");
                }
                for (int i = 0; i < items.size(); i += 2) {
                    out.put(String.valueOf(items.get(i)).toUpperCase(Locale.ROOT), number(items.get(i + 1), "STATUS"));
                }
            }
        }
        return Collections.unmodifiableMap(out);
    }

    private static List<List<List<String>>> namespaces(List<ImapResponse> all) {
        for (ImapResponse r : all) {
            if (r.isUntagged() && r.type().equals("NAMESPACE")) {
                if (r.data().size() != 3) {
                    throw new ImapProtocolException("malformed NAMESPACE response");
                }
                List<List<List<String>>> out = new ArrayList<>();
                for (Object group : r.data()) {
                    List<List<String>> pairs = new ArrayList<>();
                    if (group instanceof List<?> g) {
                        for (Object pair : g) {
                            if (!(pair instanceof List<?> p) || p.size() < 2) {
                                throw new ImapProtocolException("malformed NAMESPACE response");
                            }
                            pairs.add(java.util.Arrays.asList(string(p.get(0)), p.get(1) == null ? null : string(p.get(1))));
                        }
                    } else if (group != null) {
                        throw new ImapProtocolException("malformed NAMESPACE response");
                    }
                    out.add(Collections.unmodifiableList(pairs));
                }
                return Collections.unmodifiableList(out);
            }
        }
        throw new ImapProtocolException("no NAMESPACE response");
    }

    private static ImapMailboxInfo mailboxInfo(List<ImapResponse> all) {
        long exists = 0;
        long recent = 0;
        long uidValidity = -1;
        long uidNext = -1;
        List<String> flags = List.of();
        List<String> permanent = null;
        boolean readOnly = false;
        for (ImapResponse r : all) {
            switch (r.type()) {
                case "EXISTS" -> exists = r.number();
                case "RECENT" -> recent = r.number();
                case "FLAGS" -> flags = atoms(r.data().isEmpty() ? null : r.data().get(0));
                default -> { }
            }
            String code = r.codeName();
            if (code == null) {
                continue;
            }
            switch (code) {
                case "UIDVALIDITY" -> uidValidity = number(r.code().size() > 1 ? r.code().get(1) : null, code);
                case "UIDNEXT" -> uidNext = number(r.code().size() > 1 ? r.code().get(1) : null, code);
                case "PERMANENTFLAGS" -> permanent = atoms(r.code().size() > 1 ? r.code().get(1) : null);
                case "READ-ONLY" -> readOnly = !r.isUntagged() || readOnly;
                default -> { }
            }
        }
        return new ImapMailboxInfo(exists, recent, uidValidity, uidNext, flags, permanent, readOnly);
    }

    private static List<String> atoms(Object list) {
        if (!(list instanceof List<?> l)) {
            throw new ImapProtocolException("flag list expected");
        }
        List<String> out = new ArrayList<>();
        for (Object o : l) {
            out.add(String.valueOf(o));
        }
        return List.copyOf(out);
    }

    private static long number(Object o, String what) {
        if (o instanceof String s) {
            try {
                return Long.parseLong(s);
            } catch (NumberFormatException e) {
                // fall through
            }
        }
        throw new ImapProtocolException(what + ": number expected, got " + o);
    }

    /** A string value (atom, quoted or literal) as text, or null for NIL. */
    public static String string(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof byte[] b) {
            return new String(b, StandardCharsets.UTF_8);
        }
        return value.toString();
    }

    // ------------------------------------------------------------------ command building

    private static List<byte[]> text(String command) {
        return List.of(line(command));
    }

    private static byte[] line(String s) {
        return (s + "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    private static String checkSet(String set) {
        if (set == null || !set.matches("[0-9:*,]+")) {
            throw new IllegalArgumentException("not a sequence set: " + set);
        }
        return set;
    }

    private static String checkRaw(String s) {
        Objects.requireNonNull(s);
        if (s.isEmpty() || s.indexOf('\r') >= 0 || s.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("empty or contains CR/LF");
        }
        return s;
    }

    private static String flagList(List<String> flags) {
        StringBuilder sb = new StringBuilder("(");
        for (String f : flags) {
            if (!f.matches("\\\\?[!#-'*+,\\-./0-9:;<=>?@A-Z^_`a-z|~]+")) {
                throw new IllegalArgumentException("not a flag: " + f);
            }
            if (sb.length() > 1) {
                sb.append(' ');
            }
            sb.append(f);
        }
        return sb.append(')').toString();
    }

    /** Builds a command's pieces: text, with each literal starting a new piece after its {@code {n}}. */
    private static final class Args {
        private final List<byte[]> pieces = new ArrayList<>();
        private final ByteArrayOutputStream text = new ByteArrayOutputStream();

        Args(String command) {
            text.writeBytes(command.getBytes(StandardCharsets.US_ASCII));
        }

        Args raw(String s) {
            text.write(' ');
            text.writeBytes(s.getBytes(StandardCharsets.US_ASCII));
            return this;
        }

        /** An atom if it can be, a quoted string if it can be, else a synchronising literal. */
        Args astring(String s) {
            Objects.requireNonNull(s);
            if (!s.isEmpty() && ATOM.matcher(s).matches() && !s.equalsIgnoreCase("NIL")) {
                return raw(s);
            }
            boolean quotable = true;
            for (int i = 0; i < s.length(); i++) {
                char ch = s.charAt(i);
                if (ch < 0x20 || ch > 0x7e) {
                    quotable = false;
                    break;
                }
            }
            if (quotable) {
                return raw("\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"");
            }
            return literal(s.getBytes(StandardCharsets.UTF_8));
        }

        Args literal(byte[] bytes) {
            raw("{" + bytes.length + "}");
            text.writeBytes(new byte[] {'\r', '\n'});
            pieces.add(text.toByteArray());
            text.reset();
            text.writeBytes(bytes);
            return this;
        }

        List<byte[]> pieces() {
            text.writeBytes(new byte[] {'\r', '\n'});
            pieces.add(text.toByteArray());
            return pieces;
        }
    }
}
