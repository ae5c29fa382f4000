package io.twisted.mail.imap4;

import io.twisted.cred.Login;
import io.twisted.cred.Portal;
import io.twisted.cred.credentials.Credentials;
import io.twisted.cred.credentials.UsernamePassword;
import io.twisted.internet.DelayedCall;
import io.twisted.internet.ReactorTime;
import io.twisted.internet.defer.Deferred;
import io.twisted.internet.defer.Failure;
import io.twisted.internet.tls.TlsOptions;
import io.twisted.mail.imap4.ImapCommandParser.Atom;
import io.twisted.mail.transfer.StreamSender;
import io.twisted.protocols.basic.LineReceiver;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server side of one IMAP4rev1 connection (RFC 3501), after Twisted's {@code IMAP4Server}.
 *
 * <pre>
 *  NOT_AUTHENTICATED ─LOGIN / AUTHENTICATE PLAIN (cred)─▶ AUTHENTICATED ─SELECT/EXAMINE─▶ SELECTED
 *        └─STARTTLS─▶ TLS                                  ◀─CLOSE/UNSELECT─┘
 *  any ─LOGOUT─▶ closed
 * </pre>
 *
 * <p>Commands are read whole before they run: a line ending in a literal {@code {n}} gets a
 * {@code +} continuation (not for LITERAL+ {@code {n+}}) and the n bytes are read raw; a command
 * may hold at most {@value #MAX_COMMAND} bytes in all (a larger literal gets {@code BAD} and is
 * skipped). APPEND is the exception: its message literal (at most {@value #MAX_APPEND} bytes)
 * is streamed into the folder as it arrives. FETCH streams message bodies as literals through a
 * {@link StreamSender} (flow controlled, bounded memory for any message size); commands arriving
 * meanwhile wait. The commands implemented are listed in the package documentation.
 *
 * <p>FETCH items: {@code UID FLAGS INTERNALDATE RFC822.SIZE RFC822 RFC822.HEADER RFC822.TEXT
 * ENVELOPE BODY BODYSTRUCTURE BODY[section]}, sections being {@code HEADER}, {@code TEXT},
 * {@code HEADER.FIELDS[.NOT] (..)} and part numbers ({@code 1.2}, {@code 1.2.MIME},
 * {@code 2.HEADER}, {@code 2.TEXT}, ...), each with {@code .PEEK} and a partial
 * {@code <origin.count>}, and the macros {@code FAST}, {@code ALL} and {@code FULL}. The MIME
 * structure comes from {@link io.twisted.mail.mime.MimeParser} (tolerant of malformed mail);
 * messages over {@value #MAX_STRUCTURE} bytes are described as one leaf. SEARCH takes every key
 * of RFC 3501 section 6.4.4 ({@link SearchQuery} documents how each matches), with
 * {@code CHARSET US-ASCII} or {@code UTF-8} (others get {@code NO [BADCHARSET]}).
 *
 * <p>Flags: the five system flags, keywords (as many as the folder can keep, see
 * {@link ImapFolder#keywordRoom()}: FLAGS lists the folder's keywords, PERMANENTFLAGS adds
 * {@code \*} while new ones can be made, a STORE or APPEND that would pass the limit gets
 * {@code NO [LIMIT]}) and {@code \Recent}: new mail is \Recent for the first read-write session
 * that sees it, which claims it ({@link ImapFolder#claimRecent}); EXAMINE shows it without
 * claiming; STORE never sets or clears \Recent (RFC 3501 section 2.3.2).
 *
 * <p>Changes made by other sessions (new mail, expunges, flags, new keywords) are reported at
 * NOOP, CHECK, EXPUNGE, and APPEND or COPY into the selected mailbox (the new message's
 * {@code EXISTS} comes before APPEND's tagged OK, as Dovecot does), never during FETCH, STORE or
 * SEARCH (RFC 3501 section 7.4.1); flags another session changed are also reported for the
 * messages a STORE touches, even a silent one. An IDLE session is told at once of every change
 * made through this server ({@link ImapFolder#watch}: deliveries, APPEND, COPY, MOVE, STORE,
 * EXPUNGE of other sessions), and polls every {@link Options#idlePollInterval()} seconds for
 * changes made by other programs. LIST and LSUB give {@code \HasChildren}/{@code \HasNoChildren}
 * (RFC 3348) and {@code \Noselect} for a name that only exists as the superior of others;
 * subscriptions are the mailbox's ({@link ImapMailbox#subscriptions()}). A message sequence
 * number above the number of messages is answered {@code BAD} (RFC 3501 section 9); the
 * date-time of APPEND becomes the message's INTERNALDATE (if the store keeps it). LOGIN and AUTHENTICATE
 * are refused ({@code LOGINDISABLED}) until STARTTLS unless
 * {@link Options#allowPlaintextWithoutTls()}. Idle clients are logged out after
 * {@link Options#idleTimeout()} seconds (RFC 3501 section 5.4: at least 30 minutes).
 */
public class ImapServerProtocol extends LineReceiver {

    private static final System.Logger LOG = System.getLogger(ImapServerProtocol.class.getName());

    /** Most bytes a command may hold, literals included: 64 KiB. */
    public static final int MAX_COMMAND = 64 * 1024;
    /** Largest message APPEND accepts: 64 MiB. */
    public static final long MAX_APPEND = 64L << 20;
    /** Most header bytes read for BODY[HEADER] and friends: 1 MiB (a longer header is cut there). */
    public static final int MAX_HEADER = 1 << 20;
    /** Largest message whose MIME structure is parsed in full for BODYSTRUCTURE and part sections: 32 MiB. */
    public static final int MAX_STRUCTURE = 32 << 20;

    private static final String SYSTEM_FLAGS = "\\Answered \\Flagged \\Deleted \\Seen \\Draft";
    private static final Pattern LITERAL_AT_END = Pattern.compile("\\{(\\d{1,10})(\\+?)\\}$");
    private static final Pattern APPEND_START = Pattern.compile("^(\\S+) (?i:APPEND) (.*)\\{(\\d{1,10})(\\+?)\\}$");
    private static final DateTimeFormatter INTERNALDATE = DateTimeFormatter
            .ofPattern("dd-MMM-yyyy HH:mm:ss '+0000'", Locale.ROOT).withZone(ZoneOffset.UTC);

    /** Settings of an IMAP server. */
    public record Options(String hostname, Portal portal, TlsOptions tls, boolean allowPlaintextWithoutTls,
                          double idleTimeout, double idlePollInterval) {
        /** Default autologout: 1800 s. */
        public static final double DEFAULT_IDLE_TIMEOUT = 1800;
        /** Default interval of mailbox checks during IDLE: 2 s. */
        public static final double DEFAULT_IDLE_POLL = 2;

        public Options {
            Objects.requireNonNull(hostname, "hostname");
            Objects.requireNonNull(portal, "portal");
        }

        /** Safe defaults: no TLS configured (so no login), default timers. */
        public static Options of(String hostname, Portal portal) {
            return new Options(hostname, portal, null, false, DEFAULT_IDLE_TIMEOUT, DEFAULT_IDLE_POLL);
        }
    }

    /** Where the session stands. */
    enum State { NOT_AUTHENTICATED, AUTHENTICATED, SELECTED, LOGOUT }

    private final Options options;
    private final ReactorTime time;

    private State state = State.NOT_AUTHENTICATED;
    private boolean tlsActive;
    private Login<ImapMailbox> login;
    private ImapMailbox mailbox;
    private ImapFolder folder;
    private boolean readOnly;
    private List<ImapMessage> view = new ArrayList<>();

    private final ByteArrayOutputStream command = new ByteArrayOutputStream();
    private long literalRemaining;
    private boolean discardingCommand;
    private String idleTag;
    private String authenticateTag;
    private DelayedCall idlePoll;
    private DelayedCall idleTimer;
    private boolean busy;
    private Long parsedKey;
    private ImapFolder parsedFolder;
    private io.twisted.mail.mime.MimePart parsedPart;
    private final ArrayDeque<Object> output = new ArrayDeque<>();
    private String outputTag;
    private String outputDone;
    private InputStream sendingStream;
    private String appendTag;
    private ImapFolder.Appender appender;
    private ImapFolder appendFolder;
    private String selectedName;
    /** UIDs that are \Recent for this session (RFC 3501 section 2.3.2). */
    private final Set<Long> recent = new HashSet<>();
    /** Stops the folder's change notifications (IDLE wake-ups). */
    private Runnable unwatch;
    private final java.util.concurrent.atomic.AtomicBoolean wakeScheduled = new java.util.concurrent.atomic.AtomicBoolean();
    /** The FLAGS/PERMANENTFLAGS last told the client, to tell it again when keywords appear. */
    private String announcedFlags;
    private String appendName;
    /** The UID of the message this session just appended to its selected mailbox, else 0. */
    private long appendedUid;
    private long appendRemaining;
    private IOException appendError;

    public ImapServerProtocol(Options options, ReactorTime time) {
        super(MAX_COMMAND);
        this.options = Objects.requireNonNull(options, "options");
        this.time = Objects.requireNonNull(time, "time");
    }

    /** Marks the connection as TLS from the start (port 993). */
    public void setTlsActive(boolean tls) {
        this.tlsActive = tls;
    }

    State state() {
        return state;
    }

    @Override
    public void connectionMade() {
        if (transport instanceof io.twisted.internet.tls.TlsTransport) {
            // An implicit-TLS endpoint (ssl:465, ssl:995, ssl:993, RFC 8314): TLS from the start.
            tlsActive = true;
        }
        resetIdleTimer();
        untagged("OK [CAPABILITY " + capabilities() + "] " + options.hostname() + " IMAP4rev1 server ready");
    }

    @Override
    public void dataReceived(ByteBuffer data) {
        resetIdleTimer();
        super.dataReceived(data);
    }

    @Override
    public void connectionLost(Failure reason) {
        state = State.LOGOUT;
        if (unwatch != null) {
            unwatch.run();
            unwatch = null;
        }
        cancel(idlePoll);
        cancel(idleTimer);
        closeSendingStream();
        if (appender != null) {
            appender.abort();
            appender = null;
        }
        if (login != null) {
            login.logout();
            login = null;
        }
    }

    private static void cancel(DelayedCall c) {
        if (c != null && c.active()) {
            c.cancel();
        }
    }

    private void resetIdleTimer() {
        if (options.idleTimeout() <= 0 || state == State.LOGOUT) {
            return;
        }
        if (idleTimer != null && idleTimer.active()) {
            idleTimer.reset(options.idleTimeout());
        } else {
            idleTimer = time.callLater(options.idleTimeout(), this::autologout);
        }
    }

    private void autologout() {
        if (busy) {
            resetIdleTimer();
            return;
        }
        untagged("BYE Autologout; idle for too long");
        state = State.LOGOUT;
        transport.loseConnection();
    }

    private String capabilities() {
        StringBuilder sb = new StringBuilder("IMAP4rev1 LITERAL+ IDLE UNSELECT NAMESPACE MOVE UIDPLUS CHILDREN ID");
        if (options.tls() != null && !tlsActive && state == State.NOT_AUTHENTICATED) {
            sb.append(" STARTTLS");
        }
        if (state == State.NOT_AUTHENTICATED) {
            sb.append(plaintextAllowed() ? " AUTH=PLAIN SASL-IR" : " LOGINDISABLED");
        }
        return sb.toString();
    }

    private boolean plaintextAllowed() {
        return tlsActive || options.allowPlaintextWithoutTls();
    }

    private void untagged(String text) {
        write("* " + text + "\r\n");
    }

    private void tagged(String tag, String text) {
        write(tag + " " + text + "\r\n");
    }

    private void write(String s) {
        if (transport != null) {
            transport.write(s.getBytes(StandardCharsets.UTF_8));
        }
    }

    // ------------------------------------------------------------------ reading commands

    @Override
    protected void lineLengthExceeded(byte[] lineStart) {
        command.reset();
        untagged("BAD Command line too long");
    }

    @Override
    protected void lineReceived(byte[] line) {
        if (state == State.LOGOUT) {
            return;
        }
        if (idleTag != null) {
            idleLine(ascii(line));
            return;
        }
        if (authenticateTag != null) {
            authenticateResponse(ascii(line).trim());
            return;
        }
        if (appendTag != null) {
            finishAppend(line);
            return;
        }
        if (command.size() == 0 && startAppend(line)) {
            return;
        }
        if (command.size() + line.length > MAX_COMMAND) {
            discardingCommand = true;
        }
        if (!discardingCommand) {
            command.write(line, 0, line.length);
        }
        Matcher m = LITERAL_AT_END.matcher(ascii(line));
        if (m.find()) {
            long n = Long.parseLong(m.group(1));
            boolean nonSync = !m.group(2).isEmpty();
            if (discardingCommand || command.size() + n > MAX_COMMAND) {
                if (!nonSync) {
                    // The client waits for "+": refuse now, nothing follows.
                    String tag = tagOf(command.toByteArray());
                    command.reset();
                    discardingCommand = false;
                    tagged(tag, "BAD Command too long");
                    return;
                }
                discardingCommand = true;
            } else {
                command.write('\r');
                command.write('\n');
                if (!nonSync) {
                    write("+ Ready for literal data\r\n");
                }
            }
            literalRemaining = n;
            if (n > 0) {
                setRawMode();
            }
            return;
        }
        byte[] whole = command.toByteArray();
        command.reset();
        if (discardingCommand) {
            discardingCommand = false;
            tagged(tagOf(whole), "BAD Command too long");
            return;
        }
        dispatch(whole);
    }

    @Override
    protected void rawDataReceived(ByteBuffer data) {
        if (appendTag != null) {
            appendData(data);
            return;
        }
        int n = (int) Math.min(literalRemaining, data.remaining());
        if (!discardingCommand) {
            byte[] b = new byte[n];
            data.get(b);
            command.write(b, 0, n);
        } else {
            data.position(data.position() + n);
        }
        literalRemaining -= n;
        if (literalRemaining == 0) {
            setLineMode(data);
        }
    }

    private static String tagOf(byte[] cmd) {
        String s = new String(cmd, 0, Math.min(cmd.length, 64), StandardCharsets.US_ASCII);
        int sp = s.indexOf(' ');
        String tag = sp < 0 ? s : s.substring(0, sp);
        return validTag(tag) ? tag : "*";
    }

    private static boolean validTag(String tag) {
        if (tag.isEmpty() || tag.length() > 64) {
            return false;
        }
        for (char c : tag.toCharArray()) {
            if (c <= ' ' || c >= 0x7f || "(){%*\"\\+".indexOf(c) >= 0) {
                return false;
            }
        }
        return true;
    }

    private void dispatch(byte[] cmd) {
        String head = new String(cmd, 0, Math.min(cmd.length, 200), StandardCharsets.US_ASCII);
        int sp1 = head.indexOf(' ');
        if (sp1 < 0 && !head.isEmpty() && head.length() == cmd.length && validTag(head)) {
            tagged(head, "BAD Missing command"); // a tag alone (RFC 3501 7.1.3: tagged when the tag is known)
            return;
        }
        if (sp1 <= 0 || !validTag(head.substring(0, sp1))) {
            untagged("BAD Missing or invalid tag");
            return;
        }
        String tag = head.substring(0, sp1);
        int sp2 = head.indexOf(' ', sp1 + 1);
        int nameEnd = sp2 < 0 ? cmd.length : sp2;
        String name = new String(cmd, sp1 + 1, nameEnd - sp1 - 1, StandardCharsets.US_ASCII).toUpperCase(Locale.ROOT);
        byte[] rest = sp2 < 0 ? new byte[0] : java.util.Arrays.copyOfRange(cmd, sp2 + 1, cmd.length);
        List<Object> args;
        try {
            args = ImapCommandParser.parse(rest);
        } catch (IllegalArgumentException e) {
            tagged(tag, "BAD Syntax error: " + e.getMessage());
            return;
        }
        boolean uid = false;
        if (name.equals("UID")) {
            if (args.isEmpty() || !(args.get(0) instanceof Atom)) {
                tagged(tag, "BAD UID needs a command");
                return;
            }
            uid = true;
            name = ((Atom) args.get(0)).value().toUpperCase(Locale.ROOT);
            args = args.subList(1, args.size());
            if (!List.of("FETCH", "STORE", "SEARCH", "COPY", "MOVE", "EXPUNGE").contains(name)) {
                // RFC 3501 section 6.4.8 (and RFC 4315, RFC 6851): only these have UID forms.
                tagged(tag, "BAD UID " + name + " is not a command");
                return;
            }
        }
        try {
            run(tag, name, args, uid);
        } catch (IllegalArgumentException | ClassCastException | IndexOutOfBoundsException e) {
            tagged(tag, "BAD Invalid arguments: " + Objects.requireNonNullElse(e.getMessage(), e.getClass().getSimpleName()));
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "IMAP mailbox error", e);
            tagged(tag, "NO [SERVERBUG] Mailbox error");
        }
    }

    private void run(String tag, String name, List<Object> args, boolean uid) throws IOException {
        switch (name) {
            case "ID" -> {
                // RFC 2971, in any state: NIL or a list of at most 30 field/value pairs.
                if (args.size() != 1 || !(args.get(0) instanceof Atom a && a.value().equalsIgnoreCase("NIL")
                        || args.get(0) instanceof List<?> l && l.size() % 2 == 0 && l.size() <= 60)) {
                    tagged(tag, "BAD ID wants NIL or a list of field/value pairs");
                    return;
                }
                untagged("ID (\"name\" \"Twisted for Java\" \"vendor\" \"Twisted for Java\")");
                tagged(tag, "OK ID completed");
                return;
            }
            case "CAPABILITY" -> {
                untagged("CAPABILITY " + capabilities());
                tagged(tag, "OK CAPABILITY completed");
                return;
            }
            case "NOOP", "CHECK" -> {
                if (name.equals("CHECK") && state != State.SELECTED) {
                    // RFC 3501 section 6.4.1: CHECK is a command of the selected state.
                    tagged(tag, "BAD CHECK needs a selected mailbox");
                    return;
                }
                if (state == State.SELECTED) {
                    reportChanges();
                }
                tagged(tag, "OK " + name + " completed");
                return;
            }
            case "LOGOUT" -> {
                untagged("BYE " + options.hostname() + " logging out");
                tagged(tag, "OK LOGOUT completed");
                state = State.LOGOUT;
                transport.loseConnection();
                return;
            }
            default -> { }
        }
        if (state == State.NOT_AUTHENTICATED) {
            switch (name) {
                case "STARTTLS" -> startTls(tag);
                case "LOGIN" -> loginCommand(tag, args);
                case "AUTHENTICATE" -> authenticate(tag, args);
                default -> tagged(tag, "BAD Command unknown or not allowed before login");
            }
            return;
        }
        switch (name) {
            case "SELECT" -> select(tag, args, false);
            case "EXAMINE" -> select(tag, args, true);
            case "LIST", "LSUB" -> list(tag, name, args);
            case "STATUS" -> status(tag, args);
            case "LOGIN", "AUTHENTICATE", "STARTTLS" -> tagged(tag, "BAD Already logged in");
            case "CREATE" -> create(tag, args);
            case "NAMESPACE" -> {
                // RFC 2342: one personal namespace, no prefix, "." as hierarchy delimiter.
                untagged("NAMESPACE ((\"\" \".\")) NIL NIL");
                tagged(tag, "OK NAMESPACE completed");
            }
            case "SUBSCRIBE", "UNSUBSCRIBE" -> subscribe(tag, name, args);
            case "APPEND" -> tagged(tag, "BAD APPEND needs a message literal");
            case "DELETE" -> deleteFolder(tag, args);
            case "RENAME" -> renameFolder(tag, args);
            case "IDLE" -> {
                // RFC 2177 also allows IDLE without a selected mailbox (nothing to report then).
                if (state == State.SELECTED) {
                    selectedCommand(tag, name, args, uid);
                } else {
                    idleTag = tag;
                    write("+ idling\r\n");
                }
            }
            default -> {
                if (state != State.SELECTED) {
                    tagged(tag, "BAD Command unknown or not allowed without a selected mailbox");
                    return;
                }
                selectedCommand(tag, name, args, uid);
            }
        }
    }

    private void selectedCommand(String tag, String name, List<Object> args, boolean uid) throws IOException {
        switch (name) {
            case "FETCH" -> fetch(tag, args, uid);
            case "STORE" -> store(tag, args, uid);
            case "SEARCH" -> search(tag, args, uid);
            case "EXPUNGE" -> {
                if (readOnly) {
                    tagged(tag, "NO Mailbox is read-only");
                    return;
                }
                SequenceSet uids = uid ? SequenceSet.parse(ImapCommandParser.text(args.get(0))) : null;
                // Expunge by the flags as they are now (another session may have changed them).
                reportChanges();
                expunge(uids);
                tagged(tag, "OK EXPUNGE completed");
            }
            case "CLOSE" -> {
                if (!readOnly) {
                    // Silently (RFC 3501 section 6.4.2), by the flags as they are now.
                    for (ImapMessage m : folder.messages()) {
                        if (m.flags().contains("\\Deleted")) {
                            folder.expunge(m);
                        }
                    }
                }
                closeFolder();
                tagged(tag, "OK CLOSE completed");
            }
            case "UNSELECT" -> {
                closeFolder();
                tagged(tag, "OK UNSELECT completed");
            }
            case "IDLE" -> {
                idleTag = tag;
                write("+ idling\r\n");
                scheduleIdlePoll();
            }
            case "COPY" -> copy(tag, args, uid);
            case "MOVE" -> move(tag, args, uid);
            default -> tagged(tag, "BAD Command unknown");
        }
    }

    // ------------------------------------------------------------------ APPEND

    /**
     * Starts an APPEND whose message literal is streamed into the folder rather than buffered
     * (RFC 3501 section 6.3.11): {@code tag APPEND mailbox [(flags)] ["date"] {n}}. Returns
     * whether the line was an APPEND.
     */
    private boolean startAppend(byte[] line) {
        Matcher m = APPEND_START.matcher(ascii(line));
        if (!m.find() || !validTag(m.group(1))) {
            return false;
        }
        String tag = m.group(1);
        long n = Long.parseLong(m.group(3));
        boolean nonSync = !m.group(4).isEmpty();
        appendTag = tag;
        appendRemaining = n;
        appendError = null;
        appender = null;
        String refusal = null;
        try {
            List<Object> args = ImapCommandParser.parse(m.group(2).getBytes(StandardCharsets.UTF_8));
            if (state == State.NOT_AUTHENTICATED) {
                refusal = "BAD Command unknown or not allowed before login";
            } else if (args.isEmpty() || args.size() > 3) {
                refusal = "BAD Syntax: APPEND mailbox [(flags)] [date] literal";
            } else if (n > MAX_APPEND) {
                refusal = "NO [TOOBIG] Message too large";
            } else {
                Set<String> flags = new LinkedHashSet<>();
                int next = 1;
                if (args.size() > next && args.get(next) instanceof List) {
                    for (Object f : (List<?>) args.get(next)) {
                        addFlag(flags, f);
                    }
                    next++;
                }
                java.time.Instant date = null;
                if (args.size() > next) {
                    date = parseDateTime(ImapCommandParser.text(args.get(next++))).toInstant();
                }
                if (args.size() > next) {
                    throw new IllegalArgumentException("APPEND mailbox [(flags)] [date] literal");
                }
                String name = ImapCommandParser.text(args.get(0));
                ImapFolder target = mailbox.open(name);
                if (!keywordsFit(target, flags)) {
                    refusal = "NO [LIMIT] Too many keywords in this mailbox";
                } else {
                    appender = date == null ? target.startAppend(flags) : target.startAppend(flags, date);
                    appendFolder = target;
                    appendName = name;
                }
            }
        } catch (IllegalArgumentException e) {
            refusal = e.getMessage() != null && e.getMessage().startsWith("no such folder")
                    ? "NO [TRYCREATE] No such mailbox" : "BAD Invalid arguments: " + e.getMessage();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "IMAP APPEND could not start", e);
            refusal = "NO [SERVERBUG] Mailbox error";
        }
        if (refusal != null && !nonSync) {
            // The client waits for "+": refuse now, no literal follows.
            appendTag = null;
            tagged(tag, refusal);
            return true;
        }
        if (refusal != null) {
            appendError = new IOException(refusal);
        } else if (!nonSync) {
            write("+ Ready for literal data\r\n");
        }
        if (n > 0) {
            setRawMode();
        }
        return true;
    }

    private void appendData(ByteBuffer data) {
        int n = (int) Math.min(appendRemaining, data.remaining());
        ByteBuffer slice = data.slice();
        slice.limit(n);
        data.position(data.position() + n);
        appendRemaining -= n;
        if (appender != null && appendError == null) {
            try {
                appender.write(slice);
            } catch (IOException e) {
                appendError = e;
                appender.abort();
                appender = null;
            }
        }
        if (appendRemaining == 0) {
            setLineMode(data);
        }
    }

    /** The rest of the APPEND line after the literal: must be empty. */
    private void finishAppend(byte[] rest) {
        String tag = appendTag;
        appendTag = null;
        ImapFolder.Appender a = appender;
        appender = null;
        if (appendError != null) {
            String msg = appendError.getMessage();
            tagged(tag, msg != null && (msg.startsWith("NO ") || msg.startsWith("BAD ")) ? msg : "NO [SERVERBUG] Mailbox error");
            return;
        }
        if (rest.length != 0) {
            a.abort();
            tagged(tag, "BAD Unexpected data after the APPEND literal");
            return;
        }
        long newUid;
        try {
            newUid = a.commit();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "IMAP APPEND failed", e);
            tagged(tag, "NO [SERVERBUG] Mailbox error");
            return;
        }
        if (state == State.SELECTED && sameFolder(appendName)) {
            // As Dovecot: the appending session hears of its new message before the tagged OK.
            appendedUid = newUid;
            try {
                reportChanges();
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "IMAP could not report changes", e);
            } finally {
                appendedUid = 0;
            }
        }
        tagged(tag, "OK " + (newUid > 0 ? "[APPENDUID " + appendFolder.uidValidity() + " " + newUid + "] " : "") + "APPEND completed");
    }

    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("d-MMM-yyyy HH:mm:ss Z", Locale.ENGLISH);

    /** Parses an RFC 3501 {@code date-time} ({@code "17-Jul-1996 02:44:25 -0700"}, day maybe space-padded). */
    static java.time.ZonedDateTime parseDateTime(String text) {
        try {
            return java.time.ZonedDateTime.parse(text.trim(), new java.time.format.DateTimeFormatterBuilder()
                    .parseCaseInsensitive().append(DATE_TIME).toFormatter(Locale.ENGLISH));
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("bad date-time: " + text);
        }
    }

    // ------------------------------------------------------------------ login

    private void startTls(String tag) {
        if (options.tls() == null || tlsActive) {
            tagged(tag, "BAD STARTTLS not available");
            return;
        }
        tagged(tag, "OK Begin TLS negotiation now");
        transport.startTLS(options.tls());
        tlsActive = true;
    }

    private void loginCommand(String tag, List<Object> args) {
        if (!plaintextAllowed()) {
            tagged(tag, "NO [PRIVACYREQUIRED] LOGIN is disabled: use STARTTLS first");
            return;
        }
        if (args.size() != 2) {
            tagged(tag, "BAD Syntax: LOGIN user password");
            return;
        }
        login(tag, new UsernamePassword(ImapCommandParser.text(args.get(0)), ImapCommandParser.text(args.get(1))));
    }

    private void authenticate(String tag, List<Object> args) {
        if (args.isEmpty() || !"PLAIN".equalsIgnoreCase(ImapCommandParser.text(args.get(0)))) {
            tagged(tag, "NO Unsupported authentication mechanism");
            return;
        }
        if (!plaintextAllowed()) {
            tagged(tag, "NO [PRIVACYREQUIRED] Authentication is disabled: use STARTTLS first");
            return;
        }
        if (args.size() > 2) {
            tagged(tag, "BAD Syntax: AUTHENTICATE mechanism [initial-response]");
            return;
        }
        if (args.size() == 2 && !ImapCommandParser.text(args.get(1)).equals("=")) {
            // SASL-IR (RFC 4959): the response comes with the command.
            authenticateTag = tag;
            authenticateResponse(ImapCommandParser.text(args.get(1)));
            return;
        }
        // No initial response, or "=" (RFC 4959: an empty one): PLAIN wants the credentials.
        authenticateTag = tag;
        write("+ \r\n");
    }

    private void authenticateResponse(String response) {
        String tag = authenticateTag;
        authenticateTag = null;
        if (response.equals("*")) {
            tagged(tag, "BAD Authentication cancelled");
            return;
        }
        String[] fields;
        try {
            fields = new String(Base64.getDecoder().decode(response), StandardCharsets.UTF_8).split("\0", -1);
        } catch (IllegalArgumentException e) {
            tagged(tag, "BAD Cannot decode response");
            return;
        }
        if (fields.length != 3 || fields[1].isEmpty() || !fields[0].isEmpty() && !fields[0].equals(fields[1])) {
            tagged(tag, "NO [AUTHENTICATIONFAILED] Authentication failed");
            return;
        }
        login(tag, new UsernamePassword(fields[1], fields[2]));
    }

    private void login(String tag, Credentials credentials) {
        Deferred<Login<ImapMailbox>> d = Deferred.maybeDeferred(
                () -> options.portal().login(credentials, null, ImapMailbox.class));
        hold(d.addCallbacks(l -> onLoggedIn(tag, l), f -> onLoginFailed(tag, f)));
    }

    private Void onLoggedIn(String tag, Login<ImapMailbox> l) {
        if (state == State.LOGOUT) {
            l.logout();
            return null;
        }
        login = l;
        mailbox = l.avatar();
        state = State.AUTHENTICATED;
        tagged(tag, "OK [CAPABILITY " + capabilities() + "] Logged in");
        return null;
    }

    private Void onLoginFailed(String tag, Failure f) {
        if (!(f.value() instanceof io.twisted.cred.error.LoginFailed)) {
            LOG.log(System.Logger.Level.WARNING, "IMAP login failed with an error", f.value());
        }
        tagged(tag, "NO [AUTHENTICATIONFAILED] Authentication failed");
        return null;
    }

    // ------------------------------------------------------------------ mailboxes

    private void select(String tag, List<Object> args, boolean examine) throws IOException {
        closeFolder();
        String name = ImapCommandParser.text(args.get(0));
        try {
            folder = mailbox.open(name);
        } catch (IllegalArgumentException e) {
            tagged(tag, "NO [NONEXISTENT] No such mailbox");
            return;
        }
        readOnly = examine;
        selectedName = name;
        view = new ArrayList<>(folder.messages());
        markRecent(0);
        state = State.SELECTED;
        announcedFlags = null;
        announceFlags();
        untagged(view.size() + " EXISTS");
        untagged(recent.size() + " RECENT");
        for (int i = 0; i < view.size(); i++) {
            if (!view.get(i).flags().contains("\\Seen")) {
                untagged("OK [UNSEEN " + (i + 1) + "] First unseen");
                break;
            }
        }
        untagged("OK [UIDVALIDITY " + folder.uidValidity() + "] UIDs valid");
        untagged("OK [UIDNEXT " + folder.uidNext() + "] Predicted next UID");
        tagged(tag, "OK [" + (examine ? "READ-ONLY" : "READ-WRITE") + "] " + (examine ? "EXAMINE" : "SELECT") + " completed");
        unwatch = folder.watch(this::folderChanged);
    }

    /**
     * Makes the messages of the view from index {@code from} on that no session has seen
     * \Recent for this one: a read-write session claims them (so no other session sees them as
     * \Recent), a read-only one only looks (RFC 3501 sections 2.3.2 and 6.3.2).
     */
    private void markRecent(int from) throws IOException {
        for (int i = from; i < view.size(); i++) {
            ImapMessage m = view.get(i);
            if (!m.isNew()) {
                if (m.uid() == appendedUid && !readOnly) {
                    // RFC 3501 section 6.3.11: a message this session appended is \Recent here.
                    recent.add(m.uid());
                }
                continue;
            }
            if (readOnly) {
                recent.add(m.uid());
            } else {
                ImapMessage claimed = folder.claimRecent(m);
                if (claimed != null) {
                    view.set(i, claimed);
                    recent.add(m.uid());
                }
            }
        }
    }

    /**
     * Sends FLAGS and PERMANENTFLAGS if they changed since last told (at SELECT, and when a
     * keyword was defined): system flags plus the folder's keywords, and {@code \*} while new
     * keywords can be made.
     */
    private void announceFlags() throws IOException {
        // Only names that are atoms (another program may have written others into the store).
        List<String> keywords = folder.keywords().stream().filter(ImapServerProtocol::isKeyword).toList();
        String kw = keywords.isEmpty() ? "" : " " + String.join(" ", keywords);
        String flags = "FLAGS (" + SYSTEM_FLAGS + kw + ")";
        String permanent = "OK [PERMANENTFLAGS (" + (readOnly ? "" : SYSTEM_FLAGS + kw + (folder.keywordRoom() > 0 ? " \\*" : ""))
                + ")] Flags permitted";
        if (!(flags + permanent).equals(announcedFlags)) {
            untagged(flags);
            untagged(permanent);
            announcedFlags = flags + permanent;
        }
    }

    /** The flags to show for {@code m}: its own, and {@code \Recent} if it is recent for this session. */
    private String flagList(ImapMessage m) {
        List<String> out = sortedFlags(m.flags());
        out.removeIf(f -> !f.startsWith("\\") && !isKeyword(f));
        if (recent.contains(m.uid())) {
            out.add("\\Recent");
        }
        return "(" + String.join(" ", out) + ")";
    }

    /**
     * Called (on any thread) when the selected folder changed through this server: an IDLE
     * session is told at once, on the reactor thread (RFC 2177); other sessions learn at their
     * next NOOP or command that may report changes.
     */
    private void folderChanged() {
        if (!wakeScheduled.compareAndSet(false, true)) {
            return;
        }
        if (time instanceof io.twisted.internet.ReactorThreads threads) {
            threads.callFromThread(this::wake);
        } else {
            time.callLater(0, this::wake);
        }
    }

    private void wake() {
        wakeScheduled.set(false);
        if (idleTag == null || state != State.SELECTED || busy) {
            return;
        }
        try {
            reportChanges();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "IMAP IDLE check failed", e);
        }
    }

    private void create(String tag, List<Object> args) throws IOException {
        String name = ImapCommandParser.text(args.get(0));
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        try {
            mailbox.create(name);
        } catch (IllegalArgumentException e) {
            String msg = String.valueOf(e.getMessage());
            tagged(tag, (msg.startsWith("folder exists") ? "NO [ALREADYEXISTS] " : "NO [CANNOT] ") + msg);
            return;
        }
        tagged(tag, "OK CREATE completed");
    }

    private void deleteFolder(String tag, List<Object> args) throws IOException {
        if (args.size() != 1) {
            throw new IllegalArgumentException("DELETE wants a mailbox name");
        }
        String name = ImapCommandParser.text(args.get(0));
        if (state == State.SELECTED && sameFolder(name)) {
            tagged(tag, "NO [INUSE] Mailbox is selected");
            return;
        }
        try {
            mailbox.delete(name);
        } catch (IllegalArgumentException e) {
            tagged(tag, (e.getMessage() != null && e.getMessage().startsWith("no such folder") ? "NO [NONEXISTENT] " : "NO [CANNOT] ")
                    + e.getMessage());
            return;
        }
        tagged(tag, "OK DELETE completed");
    }

    private void renameFolder(String tag, List<Object> args) throws IOException {
        if (args.size() != 2) {
            throw new IllegalArgumentException("RENAME wants two mailbox names");
        }
        String from = ImapCommandParser.text(args.get(0));
        String to = ImapCommandParser.text(args.get(1));
        if (state == State.SELECTED && sameFolder(from)) {
            tagged(tag, "NO [INUSE] Mailbox is selected");
            return;
        }
        try {
            mailbox.rename(from, to);
        } catch (IllegalArgumentException e) {
            String msg = String.valueOf(e.getMessage());
            tagged(tag, (msg.startsWith("no such folder") ? "NO [NONEXISTENT] " : msg.startsWith("folder exists") ? "NO [ALREADYEXISTS] " : "NO [CANNOT] ") + msg);
            return;
        }
        tagged(tag, "OK RENAME completed");
    }

    private boolean sameFolder(String name) {
        return name.equals(selectedName) || name.equalsIgnoreCase("INBOX") && selectedName.equalsIgnoreCase("INBOX");
    }

    /** A UID set in its shortest form ({@code 1:3,7}), for COPYUID (RFC 4315 section 3). */
    static String uidSet(List<Long> uids) {
        StringBuilder sb = new StringBuilder();
        int i = 0;
        while (i < uids.size()) {
            int j = i;
            while (j + 1 < uids.size() && uids.get(j + 1) == uids.get(j) + 1) {
                j++;
            }
            sb.append(sb.length() == 0 ? "" : ",").append(uids.get(i));
            if (j > i) {
                sb.append(':').append(uids.get(j));
            }
            i = j + 1;
        }
        return sb.toString();
    }

    /** The COPYUID response code, or {@code ""} when the store did not tell every new UID. */
    private static String copyUid(ImapFolder target, List<Long> from, List<Long> to) {
        if (from.isEmpty() || to.contains(0L)) {
            return "";
        }
        return "[COPYUID " + target.uidValidity() + " " + uidSet(from) + " " + uidSet(to) + "] ";
    }

    private void copy(String tag, List<Object> args, boolean uid) throws IOException {
        SequenceSet set = sequenceSet(args.get(0), uid);
        String name = ImapCommandParser.text(args.get(1));
        ImapFolder target;
        try {
            target = mailbox.open(name);
        } catch (IllegalArgumentException e) {
            tagged(tag, "NO [TRYCREATE] No such mailbox");
            return;
        }
        List<Long> from = new ArrayList<>();
        List<Long> to = new ArrayList<>();
        try {
            for (int i : select(set, uid)) {
                to.add(folder.copyTo(view.get(i), target));
                from.add(view.get(i).uid());
            }
        } catch (java.nio.file.NoSuchFileException e) {
            // Another session expunged one of them (RFC 5530 EXPUNGEISSUED); those before it were copied.
            tagged(tag, "NO [EXPUNGEISSUED] " + copyUid(target, from, to) + "Some of the messages no longer exist");
            return;
        }
        if (sameFolder(name)) {
            reportChanges();
        }
        tagged(tag, "OK " + copyUid(target, from, to) + (uid ? "UID " : "") + "COPY completed");
    }

    /** MOVE (RFC 6851): COPY, then expunge the originals, reporting EXPUNGE for each. */
    private void move(String tag, List<Object> args, boolean uid) throws IOException {
        if (readOnly) {
            tagged(tag, "NO Mailbox is read-only");
            return;
        }
        SequenceSet set = sequenceSet(args.get(0), uid);
        ImapFolder target;
        try {
            target = mailbox.open(ImapCommandParser.text(args.get(1)));
        } catch (IllegalArgumentException e) {
            tagged(tag, "NO [TRYCREATE] No such mailbox");
            return;
        }
        List<Integer> chosen = select(set, uid);
        List<Long> from = new ArrayList<>();
        List<Long> to = new ArrayList<>();
        try {
            for (int i : chosen) {
                to.add(folder.copyTo(view.get(i), target));
                from.add(view.get(i).uid());
            }
        } catch (java.nio.file.NoSuchFileException e) {
            // Nothing is expunged here: the copies made stay, as after a failed COPY.
            tagged(tag, "NO [EXPUNGEISSUED] Some of the messages no longer exist");
            return;
        }
        String code = copyUid(target, from, to);
        if (!code.isEmpty()) {
            // RFC 6851 section 4.3: COPYUID goes in an untagged OK before the expunges.
            untagged("OK " + code + "Moved UIDs");
        }
        for (int k = chosen.size() - 1; k >= 0; k--) {
            int i = chosen.get(k);
            folder.expunge(view.get(i));
            recent.remove(view.remove(i).uid());
            untagged((i + 1) + " EXPUNGE");
        }
        tagged(tag, "OK " + (uid ? "UID " : "") + "MOVE completed");
    }

    private void closeFolder() {
        if (unwatch != null) {
            unwatch.run();
            unwatch = null;
        }
        recent.clear();
        folder = null;
        parsedKey = null;
        parsedPart = null;
        parsedFolder = null;
        view = new ArrayList<>();
        if (state == State.SELECTED) {
            state = State.AUTHENTICATED;
        }
    }

    private void subscribe(String tag, String name, List<Object> args) throws IOException {
        if (args.size() != 1) {
            throw new IllegalArgumentException(name + " wants a mailbox name");
        }
        String mailboxName = ImapCommandParser.text(args.get(0));
        if (name.equals("SUBSCRIBE")) {
            mailbox.subscribe(mailboxName);
        } else {
            mailbox.unsubscribe(mailboxName);
        }
        tagged(tag, "OK " + name + " completed");
    }

    /** LIST and LSUB (RFC 3501 sections 6.3.8 and 6.3.9), answered by {@link MailboxListing}. */
    private void list(String tag, String name, List<Object> args) throws IOException {
        if (args.size() != 2) {
            throw new IllegalArgumentException(name + " wants a reference and a mailbox pattern");
        }
        String reference = ImapCommandParser.text(args.get(0));
        String mailboxPattern = ImapCommandParser.text(args.get(1));
        if (mailboxPattern.isEmpty()) {
            if (name.equals("LIST")) {
                // The hierarchy delimiter and the root of the reference (RFC 3501 section 6.3.8).
                untagged("LIST (\\Noselect) \".\" " + ImapCommandParser.quote(MailboxListing.root(reference)));
            }
            tagged(tag, "OK " + name + " completed");
            return;
        }
        List<MailboxListing.Entry> entries = name.equals("LIST")
                ? MailboxListing.list(mailbox.folders(), reference, mailboxPattern)
                : MailboxListing.lsub(mailbox.folders(), mailbox.subscriptions(), reference, mailboxPattern);
        for (MailboxListing.Entry e : entries) {
            untagged(name + " (" + e.attributes() + ") \".\" " + ImapCommandParser.quote(e.name()));
        }
        tagged(tag, "OK " + name + " completed");
    }

    private void status(String tag, List<Object> args) throws IOException {
        String name = ImapCommandParser.text(args.get(0));
        @SuppressWarnings("unchecked")
        List<Object> items = (List<Object>) args.get(1);
        ImapFolder f;
        try {
            f = mailbox.open(name);
        } catch (IllegalArgumentException e) {
            tagged(tag, "NO [NONEXISTENT] No such mailbox");
            return;
        }
        List<ImapMessage> msgs = f.messages();
        StringBuilder sb = new StringBuilder();
        for (Object o : items) {
            String item = ImapCommandParser.text(o).toUpperCase(Locale.ROOT);
            long v = switch (item) {
                case "MESSAGES" -> msgs.size();
                case "RECENT" -> msgs.stream().filter(ImapMessage::isNew).count();
                case "UIDNEXT" -> f.uidNext();
                case "UIDVALIDITY" -> f.uidValidity();
                case "UNSEEN" -> msgs.stream().filter(m -> !m.flags().contains("\\Seen")).count();
                default -> throw new IllegalArgumentException("unknown STATUS item " + item);
            };
            sb.append(sb.length() == 0 ? "" : " ").append(item).append(' ').append(v);
        }
        untagged("STATUS " + ImapCommandParser.quote(name) + " (" + sb + ")");
        tagged(tag, "OK STATUS completed");
    }

    /** Tells the client about messages that arrived, vanished or changed flags since it last looked. */
    private void reportChanges() throws IOException {
        List<ImapMessage> now = folder.messages();
        announceFlags();
        Set<Long> present = new HashSet<>();
        for (ImapMessage m : now) {
            present.add(m.uid());
        }
        for (int i = view.size() - 1; i >= 0; i--) {
            if (!present.contains(view.get(i).uid())) {
                recent.remove(view.remove(i).uid());
                untagged((i + 1) + " EXPUNGE");
            }
        }
        long lastUid = view.isEmpty() ? 0 : view.get(view.size() - 1).uid();
        java.util.Map<Long, ImapMessage> byUid = new java.util.HashMap<>();
        for (ImapMessage m : now) {
            byUid.put(m.uid(), m);
        }
        for (int i = 0; i < view.size(); i++) {
            ImapMessage fresh = byUid.get(view.get(i).uid());
            if (fresh != null) {
                if (!fresh.flags().equals(view.get(i).flags())) {
                    untagged((i + 1) + " FETCH (FLAGS " + flagList(fresh) + ")");
                }
                view.set(i, fresh);
            }
        }
        int before = view.size();
        for (ImapMessage m : now) {
            if (m.uid() > lastUid) {
                view.add(m);
            }
        }
        if (view.size() != before) {
            markRecent(before);
            untagged(view.size() + " EXISTS");
            untagged(recent.size() + " RECENT");
        }
    }

    private static List<String> sortedFlags(Set<String> flags) {
        List<String> out = new ArrayList<>(flags);
        out.sort(null);
        return out;
    }

    // ------------------------------------------------------------------ IDLE

    private void scheduleIdlePoll() {
        if (options.idlePollInterval() > 0) {
            idlePoll = time.callLater(options.idlePollInterval(), this::idlePollFired);
        }
    }

    private void idlePollFired() {
        idlePoll = null;
        if (idleTag == null || state != State.SELECTED) {
            return;
        }
        try {
            reportChanges();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "IMAP IDLE check failed", e);
        }
        scheduleIdlePoll();
    }

    private void idleLine(String line) {
        String tag = idleTag;
        idleTag = null;
        cancel(idlePoll);
        idlePoll = null;
        if (line.equalsIgnoreCase("DONE")) {
            tagged(tag, "OK IDLE terminated");
        } else {
            tagged(tag, "BAD Expected DONE");
        }
    }

    // ------------------------------------------------------------------ message selection

    /**
     * The sequence set argument {@code o}. A message sequence number above the number of
     * messages (or {@code *} in an empty mailbox) is an error (RFC 3501 section 9,
     * {@code seq-number}): {@code BAD}. UIDs that do not exist are simply skipped.
     */
    private SequenceSet sequenceSet(Object o, boolean uid) {
        SequenceSet set = SequenceSet.parse(ImapCommandParser.text(o));
        if (!uid && (view.isEmpty() || set.max(view.size()) > view.size())) {
            throw new IllegalArgumentException("no such message (the mailbox has " + view.size() + ")");
        }
        return set;
    }

    /** The 0-based indices in the view that {@code set} names. */
    private List<Integer> select(SequenceSet set, boolean uid) {
        List<Integer> out = new ArrayList<>();
        long star = uid ? (view.isEmpty() ? 0 : view.get(view.size() - 1).uid()) : view.size();
        for (int i = 0; i < view.size(); i++) {
            if (set.contains(uid ? view.get(i).uid() : i + 1, star)) {
                out.add(i);
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ STORE

    private void store(String tag, List<Object> args, boolean uid) throws IOException {
        if (readOnly) {
            tagged(tag, "NO Mailbox is read-only");
            return;
        }
        if (args.size() < 3) {
            throw new IllegalArgumentException("STORE wants a sequence set, an item and flags");
        }
        SequenceSet set = sequenceSet(args.get(0), uid);
        String item = ImapCommandParser.text(args.get(1)).toUpperCase(Locale.ROOT);
        boolean silent = item.endsWith(".SILENT");
        if (silent) {
            item = item.substring(0, item.length() - ".SILENT".length());
        }
        if (!item.equals("FLAGS") && !item.equals("+FLAGS") && !item.equals("-FLAGS")) {
            throw new IllegalArgumentException("STORE wants FLAGS, +FLAGS or -FLAGS");
        }
        Set<String> flags = new LinkedHashSet<>();
        for (Object o : args.subList(2, args.size())) {
            if (o instanceof List) {
                for (Object f : (List<?>) o) {
                    addFlag(flags, f);
                }
            } else {
                addFlag(flags, o);
            }
        }
        if (!item.equals("-FLAGS") && !keywordsFit(flags)) {
            tagged(tag, "NO [LIMIT] Too many keywords in this mailbox (at most " + (folder.keywords().size() + folder.keywordRoom()) + ")");
            return;
        }
        List<String> updates = new ArrayList<>();
        // +FLAGS and -FLAGS apply to the flags as they are now, which another session may have changed.
        java.util.Map<Long, ImapMessage> current = new java.util.HashMap<>();
        for (ImapMessage fresh : folder.messages()) {
            current.put(fresh.uid(), fresh);
        }
        for (int i : select(set, uid)) {
            ImapMessage m = current.getOrDefault(view.get(i).uid(), view.get(i));
            Set<String> next = new LinkedHashSet<>(m.flags());
            switch (item) {
                case "FLAGS" -> {
                    next.clear();
                    next.addAll(flags);
                }
                case "+FLAGS" -> next.addAll(flags);
                default -> removeFlags(next, flags);
            }
            ImapMessage updated = sameFlags(next, m.flags()) ? m : folder.setFlags(m, next);
            boolean changedElsewhere = !m.flags().equals(view.get(i).flags());
            view.set(i, updated);
            // RFC 3501 section 6.4.6: .SILENT still reports flags another session changed.
            if (!silent || changedElsewhere) {
                updates.add("* " + (i + 1) + " FETCH (" + (uid ? "UID " + updated.uid() + " " : "") + "FLAGS " + flagList(updated) + ")\r\n");
            }
        }
        announceFlags();
        updates.forEach(this::write);
        tagged(tag, "OK STORE completed");
    }

    /**
     * Adds the flag {@code o} names to {@code flags}: a system flag in its canonical spelling, or
     * a keyword (an atom, RFC 3501 section 9 {@code flag-keyword}). {@code \Recent} cannot be
     * stored and is ignored (section 2.3.2); another backslash name is a syntax error.
     */
    private static void addFlag(Set<String> flags, Object o) {
        String f = ImapCommandParser.text(o);
        if (f.startsWith("\\")) {
            String c = canonicalFlag(f);
            if (c != null) {
                flags.add(c);
            } else if (!f.equalsIgnoreCase("\\Recent")) {
                throw new IllegalArgumentException("unknown system flag " + f);
            }
            return;
        }
        if (!(o instanceof Atom) || !isKeyword(f)) {
            throw new IllegalArgumentException("a keyword is an atom: " + f);
        }
        flags.add(f);
    }

    /** Whether {@code f} is an atom usable as a keyword (no atom-specials, at most 200 characters). */
    private static boolean isKeyword(String f) {
        if (f.isEmpty() || f.length() > 200) {
            return false;
        }
        for (char c : f.toCharArray()) {
            if (c <= ' ' || c >= 0x7f || "(){%*\"\\]".indexOf(c) >= 0) {
                return false;
            }
        }
        return true;
    }

    /** Whether the keywords among {@code flags} that the folder does not know yet still fit in it. */
    private boolean keywordsFit(Set<String> flags) throws IOException {
        return keywordsFit(folder, flags);
    }

    private static boolean keywordsFit(ImapFolder folder, Set<String> flags) throws IOException {
        Set<String> known = new HashSet<>();
        for (String k : folder.keywords()) {
            known.add(k.toLowerCase(Locale.ROOT));
        }
        long fresh = flags.stream().filter(f -> !f.startsWith("\\") && !known.contains(f.toLowerCase(Locale.ROOT))).count();
        return fresh <= folder.keywordRoom();
    }

    /** Removes {@code flags} from {@code from}, keywords without regard to case. */
    private static void removeFlags(Set<String> from, Set<String> flags) {
        Set<String> lower = new HashSet<>();
        for (String f : flags) {
            lower.add(f.toLowerCase(Locale.ROOT));
        }
        from.removeIf(f -> lower.contains(f.toLowerCase(Locale.ROOT)));
    }

    private static boolean sameFlags(Set<String> a, Set<String> b) {
        Set<String> la = new HashSet<>();
        Set<String> lb = new HashSet<>();
        a.forEach(f -> la.add(f.toLowerCase(Locale.ROOT)));
        b.forEach(f -> lb.add(f.toLowerCase(Locale.ROOT)));
        return la.equals(lb);
    }

    /** The system flag {@code f} names (any case), or {@code null}. */
    private static String canonicalFlag(String f) {
        for (String s : SYSTEM_FLAGS.split(" ")) {
            if (s.equalsIgnoreCase(f)) {
                return s;
            }
        }
        return null;
    }

    // ------------------------------------------------------------------ EXPUNGE

    /** Expunges the \Deleted messages (of {@code uidSet} only, if not null), reporting each. */
    private void expunge(SequenceSet uidSet) throws IOException {
        for (int i = view.size() - 1; i >= 0; i--) {
            ImapMessage m = view.get(i);
            if (m.flags().contains("\\Deleted") && (uidSet == null || uidSet.contains(m.uid(), Long.MAX_VALUE))) {
                folder.expunge(m);
                recent.remove(view.remove(i).uid());
                untagged((i + 1) + " EXPUNGE");
            }
        }
    }

    // ------------------------------------------------------------------ SEARCH

    private void search(String tag, List<Object> args, boolean uid) throws IOException {
        List<Object> keys = args;
        java.nio.charset.Charset charset = java.nio.charset.StandardCharsets.UTF_8;
        if (!keys.isEmpty() && keys.get(0) instanceof Atom a && a.value().equalsIgnoreCase("CHARSET")) {
            if (keys.size() < 2) {
                throw new IllegalArgumentException("CHARSET needs a name");
            }
            charset = SearchQuery.searchCharset(ImapCommandParser.text(keys.get(1)));
            if (charset == null) {
                tagged(tag, "NO [BADCHARSET (" + String.join(" ", SearchQuery.SUPPORTED_CHARSETS) + ")] Unsupported charset");
                return;
            }
            keys = keys.subList(2, keys.size());
        }
        long maxUid = view.isEmpty() ? 0 : view.get(view.size() - 1).uid();
        SearchQuery.Key program = SearchQuery.parse(keys, charset, view.size(), maxUid);
        StringBuilder sb = new StringBuilder("SEARCH");
        for (int i = 0; i < view.size(); i++) {
            if (program.test(new SearchCandidate(i + 1, view.get(i)))) {
                sb.append(' ').append(uid ? view.get(i).uid() : i + 1);
            }
        }
        untagged(sb.toString());
        tagged(tag, "OK SEARCH completed");
    }

    /**
     * A message being searched: its header and bytes are read only if a key needs them (BODY
     * and TEXT search at most the first {@value #MAX_STRUCTURE} bytes).
     */
    private final class SearchCandidate implements SearchQuery.Candidate {
        private final long seq;
        private final ImapMessage message;
        private io.twisted.mail.mime.MimePart header;
        private byte[] bytes;

        SearchCandidate(long seq, ImapMessage message) {
            this.seq = seq;
            this.message = message;
        }

        @Override
        public long seq() {
            return seq;
        }

        @Override
        public ImapMessage message() {
            return message;
        }

        @Override
        public boolean isRecent() {
            return recent.contains(message.uid());
        }

        @Override
        public io.twisted.mail.mime.MimePart header() throws IOException {
            if (header == null) {
                header = io.twisted.mail.mime.MimeParser.parseHeaderOnly(readHeader(message), message.size());
            }
            return header;
        }

        @Override
        public byte[] bytes() throws IOException {
            if (bytes == null) {
                try (InputStream in = folder.open(message)) {
                    bytes = in.readNBytes(MAX_STRUCTURE);
                }
            }
            return bytes;
        }
    }

    // ------------------------------------------------------------------ FETCH

    /** A part of a message to send as a literal: bytes {@code [offset, offset+length)} of the file. */
    private record Range(ImapMessage message, long offset, long length) { }

    private void fetch(String tag, List<Object> args, boolean uid) throws IOException {
        SequenceSet set = sequenceSet(args.get(0), uid);
        List<String> items = new ArrayList<>();
        Object spec = args.get(1);
        if (spec instanceof List) {
            for (Object o : (List<?>) spec) {
                items.add(ImapCommandParser.text(o));
            }
        } else {
            String macro = ImapCommandParser.text(spec).toUpperCase(Locale.ROOT);
            switch (macro) {
                case "FAST" -> items.addAll(List.of("FLAGS", "INTERNALDATE", "RFC822.SIZE"));
                case "ALL" -> items.addAll(List.of("FLAGS", "INTERNALDATE", "RFC822.SIZE", "ENVELOPE"));
                case "FULL" -> items.addAll(List.of("FLAGS", "INTERNALDATE", "RFC822.SIZE", "ENVELOPE", "BODY"));
                default -> items.add(ImapCommandParser.text(spec));
            }
        }
        if (args.size() > 2) {
            throw new IllegalArgumentException("too many FETCH arguments");
        }
        List<FetchItem> parsed = new ArrayList<>();
        for (String item : items) {
            parsed.add(FetchItem.parse(item));
        }
        if (uid && parsed.stream().noneMatch(p -> p.kind == FetchItem.Kind.UID)) {
            parsed.add(0, FetchItem.parse("UID"));
        }
        boolean setsSeen = !readOnly && parsed.stream().anyMatch(p -> p.setsSeen);
        boolean hasFlags = parsed.stream().anyMatch(p -> p.kind == FetchItem.Kind.FLAGS);
        for (int i : select(set, uid)) {
            ImapMessage m = view.get(i);
            boolean flagsChanged = false;
            if (setsSeen && !m.flags().contains("\\Seen")) {
                Set<String> next = new HashSet<>(m.flags());
                next.add("\\Seen");
                m = folder.setFlags(m, next);
                view.set(i, m);
                flagsChanged = true;
            }
            output.add("* " + (i + 1) + " FETCH (");
            boolean first = true;
            for (FetchItem item : parsed) {
                output.add(first ? "" : " ");
                first = false;
                addFetchItem(item, m);
            }
            if (flagsChanged && !hasFlags) {
                output.add(" FLAGS " + flagList(m));
            }
            output.add(")\r\n");
        }
        outputTag = tag;
        outputDone = "OK " + (uid ? "UID " : "") + "FETCH completed";
        busy = true;
        pauseProducing();
        drainOutput();
    }

    private void addFetchItem(FetchItem item, ImapMessage m) throws IOException {
        switch (item.kind) {
            case UID -> output.add("UID " + m.uid());
            case FLAGS -> output.add("FLAGS " + flagList(m));
            case INTERNALDATE -> output.add("INTERNALDATE \"" + INTERNALDATE.format(m.internalDate()) + "\"");
            case SIZE -> output.add("RFC822.SIZE " + m.size());
            case BODY -> addBody(item, m);
            case ENVELOPE -> {
                output.add("ENVELOPE ");
                output.add(BodyStructureWriter.envelope(io.twisted.mail.mime.MimeParser.parseHeaderOnly(readHeader(m), m.size())));
            }
            case BODYSTRUCTURE -> {
                output.add("BODYSTRUCTURE ");
                output.add(BodyStructureWriter.structure(parsed(m), true));
            }
            case BODY_NONEXT -> {
                output.add("BODY ");
                output.add(BodyStructureWriter.structure(parsed(m), false));
            }
            default -> throw new AssertionError(item.kind);
        }
    }

    /**
     * The MIME structure of {@code m}, parsed from the whole message when it has at most
     * {@value #MAX_STRUCTURE} bytes; a larger message is described from its header alone, as one
     * leaf (a documented deviation: its line count is reported as 0). The last one is cached.
     */
    private io.twisted.mail.mime.MimePart parsed(ImapMessage m) throws IOException {
        if (parsedKey != null && parsedKey.equals(m.uid()) && parsedFolder == folder) {
            return parsedPart;
        }
        io.twisted.mail.mime.MimePart part;
        if (m.size() > MAX_STRUCTURE) {
            part = io.twisted.mail.mime.MimeParser.parseHeaderOnly(readHeader(m), m.size());
        } else {
            byte[] all;
            try (InputStream in = folder.open(m)) {
                all = in.readNBytes(MAX_STRUCTURE);
            }
            part = io.twisted.mail.mime.MimeParser.parse(all);
        }
        parsedKey = m.uid();
        parsedFolder = folder;
        parsedPart = part;
        return part;
    }

    /** The part a section's numbers name (RFC 3501 section 6.4.5); the root for none. */
    private static io.twisted.mail.mime.MimePart resolvePart(io.twisted.mail.mime.MimePart root, int[] numbers) {
        io.twisted.mail.mime.MimePart p = root;
        for (int n : numbers) {
            if (p != root && p.message() != null) {
                p = p.message();
            }
            if (p.isMultipart()) {
                if (n > p.children().size()) {
                    return null;
                }
                p = p.children().get(n - 1);
            } else if (n != 1) {
                return null;
            }
        }
        return p;
    }

    /** BODY[n.n...] sections: ranges of the file found through the parsed structure. */
    private void addPartBody(FetchItem item, ImapMessage m) throws IOException {
        io.twisted.mail.mime.MimePart root = parsed(m);
        int[] numbers = item.part();
        String text = item.sectionText();
        io.twisted.mail.mime.MimePart p = resolvePart(root, numbers);
        long start = 0;
        long length = 0;
        byte[] inline = null;
        if (p != null) {
            io.twisted.mail.mime.MimePart msg = text.equals("MIME") || text.isEmpty() ? p : p.message();
            if (msg == null) {
                // HEADER/TEXT of a part that is not message/rfc822: empty (RFC 3501 leaves it open).
                start = 0;
            } else if (text.isEmpty()) {
                start = p.bodyStart();
                length = p.bodySize();
            } else if (text.equals("MIME") || text.equals("HEADER")) {
                start = msg.headerStart();
                length = msg.bodyStart() - msg.headerStart();
            } else if (text.equals("TEXT")) {
                start = msg.bodyStart();
                length = msg.bodySize();
            } else {
                byte[] header = new byte[(int) Math.min(MAX_HEADER, msg.bodyStart() - msg.headerStart())];
                try (InputStream in = new BoundedStream(folder.open(m), msg.headerStart(), header.length)) {
                    header = in.readNBytes(header.length);
                }
                inline = filterHeader(header, text);
                length = inline.length;
            }
        }
        sendSection(item, m, start, length, inline);
    }

    private void addBody(FetchItem item, ImapMessage m) throws IOException {
        String section = item.section;
        if (item.part().length > 0) {
            addPartBody(item, m);
            return;
        }
        long start;
        long length;
        byte[] inline = null;
        if (section.isEmpty()) {
            start = 0;
            length = m.size();
        } else {
            byte[] header = readHeader(m);
            if (section.equals("HEADER")) {
                inline = header;
            } else if (section.equals("TEXT")) {
                inline = null;
            } else if (section.startsWith("HEADER.FIELDS")) {
                inline = filterHeader(header, section);
            } else {
                throw new IllegalArgumentException("unsupported section " + section);
            }
            if (inline != null) {
                start = 0;
                length = inline.length;
            } else {
                start = header.length;
                length = Math.max(0, m.size() - header.length);
            }
        }
        sendSection(item, m, start, length, inline);
    }

    private void sendSection(FetchItem item, ImapMessage m, long start, long length, byte[] inline) {
        long from = Math.min(item.partialStart, length);
        long count = item.partialStart < 0 ? length : Math.min(item.partialCount, length - from);
        if (item.partialStart < 0) {
            from = 0;
        }
        output.add(item.responseName + (item.partialStart >= 0 ? "<" + item.partialStart + ">" : "") + " {" + count + "}\r\n");
        if (inline != null) {
            output.add(java.util.Arrays.copyOfRange(inline, (int) from, (int) (from + count)));
        } else if (count > 0) {
            output.add(new Range(m, start + from, count));
        }
    }

    /** The header of {@code m} with the blank line ending it (RFC 3501 section 6.4.5, HEADER). */
    private byte[] readHeader(ImapMessage m) throws IOException {
        try (InputStream in = new java.io.BufferedInputStream(folder.open(m), 8192)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int state = 0;
            int b;
            while (out.size() < MAX_HEADER && (b = in.read()) >= 0) {
                out.write(b);
                state = switch (state) {
                    case 0 -> b == '\r' ? 1 : 0;
                    case 1 -> b == '\n' ? 2 : (b == '\r' ? 1 : 0);
                    case 2 -> b == '\r' ? 3 : 0;
                    case 3 -> b == '\n' ? 4 : (b == '\r' ? 1 : 0);
                    default -> state;
                };
                if (state == 4) {
                    break;
                }
            }
            return out.toByteArray();
        }
    }

    private static byte[] filterHeader(byte[] header, String section) {
        boolean not = section.startsWith("HEADER.FIELDS.NOT");
        int open = section.indexOf('(');
        int close = section.lastIndexOf(')');
        if (open < 0 || close < open) {
            throw new IllegalArgumentException("HEADER.FIELDS needs a list of names");
        }
        Set<String> names = new HashSet<>();
        for (String n : section.substring(open + 1, close).trim().split(" +")) {
            if (!n.isEmpty()) {
                names.add(n.replace("\"", "").toLowerCase(Locale.ROOT));
            }
        }
        String text = new String(header, StandardCharsets.ISO_8859_1);
        StringBuilder out = new StringBuilder();
        String[] lines = text.split("\r\n", -1);
        boolean keep = false;
        for (String line : lines) {
            if (line.isEmpty()) {
                break;
            }
            if (line.charAt(0) != ' ' && line.charAt(0) != '\t') {
                int colon = line.indexOf(':');
                String name = colon < 0 ? "" : line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                keep = names.contains(name) != not;
            }
            if (keep) {
                out.append(line).append("\r\n");
            }
        }
        out.append("\r\n");
        return out.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Writes queued output, streaming ranges; when done, the tagged reply and reading resumes. */
    private void drainOutput() {
        while (!output.isEmpty()) {
            if (state == State.LOGOUT) {
                output.clear();
                return;
            }
            Object o = output.poll();
            if (o instanceof String) {
                transport.write(((String) o).getBytes(StandardCharsets.UTF_8));
            } else if (o instanceof byte[]) {
                transport.write((byte[]) o);
            } else {
                Range r = (Range) o;
                InputStream in;
                try {
                    in = new BoundedStream(folder.open(r.message()), r.offset(), r.length());
                } catch (IOException e) {
                    LOG.log(System.Logger.Level.WARNING, "IMAP could not open a message", e);
                    in = new BoundedStream(InputStream.nullInputStream(), 0, r.length());
                }
                sendingStream = in;
                new StreamSender(time).send(in, transport, null).addCallbacks(x -> {
                    closeSendingStream();
                    drainOutput();
                    return null;
                }, f -> {
                    closeSendingStream();
                    output.clear();
                    if (state != State.LOGOUT) {
                        state = State.LOGOUT;
                        transport.abortConnection();
                    }
                    return null;
                });
                return;
            }
        }
        busy = false;
        if (outputTag != null) {
            tagged(outputTag, outputDone);
            outputTag = null;
        }
        if (state != State.LOGOUT) {
            resumeProducing();
        }
    }

    private void closeSendingStream() {
        if (sendingStream != null) {
            try {
                sendingStream.close();
            } catch (IOException ignored) {
                // nothing to do
            }
            sendingStream = null;
        }
    }

    /** Holds further commands until {@code d} fired. */
    private void hold(Deferred<?> d) {
        busy = true;
        boolean[] paused = {false};
        d.addBoth(r -> {
            busy = false;
            if (paused[0] && state != State.LOGOUT) {
                resumeProducing();
            }
            return null;
        });
        if (busy) {
            paused[0] = true;
            pauseProducing();
        }
    }

    /**
     * Exactly {@code length} bytes from {@code offset} of a stream: if the file became shorter
     * (changed behind our back) the rest is padded with spaces so the literal's length holds.
     */
    private static final class BoundedStream extends InputStream {
        private final InputStream in;
        private long skip;
        private long left;

        BoundedStream(InputStream in, long offset, long length) {
            this.in = in;
            this.skip = offset;
            this.left = length;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            while (skip > 0) {
                long s = in.skip(skip);
                if (s <= 0) {
                    if (in.read() < 0) {
                        skip = 0;
                        break;
                    }
                    s = 1;
                }
                skip -= s;
            }
            if (left == 0) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n < 0) {
                n = (int) Math.min(len, left);
                java.util.Arrays.fill(b, off, off + n, (byte) ' ');
            }
            left -= n;
            return n;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
