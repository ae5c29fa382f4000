package io.twisted.mail.pop3;

import io.twisted.cred.Login;
import io.twisted.cred.Portal;
import io.twisted.cred.credentials.ApopCredentials;
import io.twisted.cred.credentials.Credentials;
import io.twisted.cred.credentials.UsernamePassword;
import io.twisted.internet.DelayedCall;
import io.twisted.internet.ReactorTime;
import io.twisted.internet.defer.Deferred;
import io.twisted.internet.defer.Failure;
import io.twisted.internet.tls.TlsOptions;
import io.twisted.mail.transfer.StreamSender;
import io.twisted.protocols.basic.LineReceiver;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * The server side of one POP3 connection (RFC 1939; CAPA and response codes from RFC 2449; STLS
 * from RFC 2595), Twisted's {@code pop3.POP3}.
 *
 * <pre>
 *  AUTHORIZATION ─USER+PASS / APOP / AUTH PLAIN (cred), maildrop locked─▶ TRANSACTION
 *        └─STLS─▶ TLS, still AUTHORIZATION             ─QUIT─▶ UPDATE (deletions applied, lock released) ─▶ closed
 * </pre>
 *
 * <p>The maildrop lock (RFC 1939 section 8): after cred accepts a login, the server takes
 * {@link Pop3Mailbox#lock()}; if another session holds it the answer is
 * {@code -ERR [IN-USE] ...} (RFC 2449 section 8.1.1) and the session stays in AUTHORIZATION. The
 * lock is released after QUIT's UPDATE, when the connection is lost, and at the autologout
 * timeout. Failed logins get {@code -ERR [AUTH] ...} ({@code AUTH-RESP-CODE}, RFC 3206), server
 * trouble {@code -ERR [SYS/TEMP] ...}; CAPA advertises {@code RESP-CODES} and
 * {@code AUTH-RESP-CODE}.
 *
 * <p>RETR and TOP stream the message from the mailbox with a {@link StreamSender} (a push producer
 * the transport pauses, so a slow client never makes memory grow), byte-stuffed by {@link ByteStuffer}; commands that
 * arrive meanwhile wait. DELE only marks: messages are removed at QUIT, and a connection that
 * drops without QUIT deletes nothing (RFC 1939 section 6).
 *
 * <p>Safe by default: USER/PASS are accepted only over TLS (RFC 2595 section 2.1 recommends
 * this) unless {@link Options#allowPlaintextWithoutTls} is set; APOP never sends the password and
 * is allowed without TLS. {@code AUTH PLAIN} (SASL, RFC 5034 with RFC 4616) follows the same rule
 * as USER/PASS, with or without an initial response; {@code AUTH} alone lists the mechanisms
 * (the RFC 1734 habit some clients rely on). Limits: command lines of 255 octets (RFC 2449
 * section 4) get {@code -ERR}, and so do SASL responses (a deviation: RFC 5034 section 4 allows
 * them to be longer; PLAIN credentials fit unless name and password together pass about 180
 * octets); an idle client is disconnected after 600 s (RFC 1939 section 3: at least 10 minutes)
 * without entering UPDATE and, as section 3 says, without a response.
 */
public class Pop3ServerProtocol extends LineReceiver {

    private static final System.Logger LOG = System.getLogger(Pop3ServerProtocol.class.getName());

    /** Longest command line, CRLF excluded (RFC 2449 section 4: 255 octets). */
    public static final int MAX_COMMAND_LINE = 253;

    /** Where the session stands. */
    enum State { AUTHORIZATION, TRANSACTION, CLOSED }

    /** Settings of a POP3 server. */
    public record Options(String hostname, Portal portal, TlsOptions tls, boolean allowPlaintextWithoutTls,
                          double idleTimeout, Random random) {
        /** Default idle timeout: 600 s. */
        public static final double DEFAULT_IDLE_TIMEOUT = 600;

        public Options {
            Objects.requireNonNull(hostname, "hostname");
            Objects.requireNonNull(portal, "portal");
            Objects.requireNonNull(random, "random");
        }

        /** Safe defaults: no TLS configured, plain-text login refused, 600 s idle timeout. */
        public static Options of(String hostname, Portal portal) {
            return new Options(hostname, portal, null, false, DEFAULT_IDLE_TIMEOUT, new java.security.SecureRandom());
        }

        public Options withTls(TlsOptions t) {
            return new Options(hostname, portal, t, allowPlaintextWithoutTls, idleTimeout, random);
        }

        public Options withPlaintextWithoutTls(boolean allow) {
            return new Options(hostname, portal, tls, allow, idleTimeout, random);
        }
    }

    private final Options options;
    private final ReactorTime time;
    private final String apopTimestamp;

    private State state = State.AUTHORIZATION;
    private boolean tlsActive;
    private String user;
    private Login<Pop3Mailbox> login;
    private Pop3Mailbox mailbox;
    private final Set<Integer> deleted = new TreeSet<>();
    private boolean busy;
    private StreamSender sending;
    private InputStream sendingStream;
    private DelayedCall idleTimer;
    private boolean awaitingSaslResponse;
    private boolean updating;

    public Pop3ServerProtocol(Options options, ReactorTime time) {
        super(Math.max(MAX_COMMAND_LINE, 1));
        this.options = Objects.requireNonNull(options, "options");
        this.time = Objects.requireNonNull(time, "time");
        this.apopTimestamp = "<" + (options.random().nextLong() & Long.MAX_VALUE) + "." + (long) time.seconds() + "@"
                + options.hostname() + ">";
    }

    /** The APOP timestamp of the greeting. */
    public String apopTimestamp() {
        return apopTimestamp;
    }

    /** Marks the connection as TLS from the start (port 995). */
    public void setTlsActive(boolean tls) {
        this.tlsActive = tls;
    }

    @Override
    public void connectionMade() {
        if (transport instanceof io.twisted.internet.tls.TlsTransport) {
            // An implicit-TLS endpoint (ssl:465, ssl:995, ssl:993, RFC 8314): TLS from the start.
            tlsActive = true;
        }
        resetIdleTimer();
        ok("POP3 server ready " + apopTimestamp);
    }

    @Override
    public void dataReceived(ByteBuffer data) {
        resetIdleTimer();
        super.dataReceived(data);
    }

    @Override
    public void connectionLost(Failure reason) {
        state = State.CLOSED;
        if (idleTimer != null && idleTimer.active()) {
            idleTimer.cancel();
        }
        closeSendingStream();
        if (!updating) {
            releaseMaildrop();
        }
    }

    /** Releases the maildrop lock and logs the avatar out (idempotent). */
    private void releaseMaildrop() {
        if (mailbox != null) {
            Pop3Mailbox m = mailbox;
            mailbox = null;
            m.unlock();
        }
        if (login != null) {
            Login<Pop3Mailbox> l = login;
            login = null;
            l.logout();
        }
    }

    private void resetIdleTimer() {
        if (options.idleTimeout() <= 0 || state == State.CLOSED) {
            return;
        }
        if (idleTimer != null && idleTimer.active()) {
            idleTimer.reset(options.idleTimeout());
        } else {
            idleTimer = time.callLater(options.idleTimeout(), this::idleTimedOut);
        }
    }

    private void idleTimedOut() {
        idleTimer = null;
        if (busy) {
            // Sending a long message to a slow client is not idleness.
            resetIdleTimer();
            return;
        }
        // RFC 1939 section 3: close without UPDATE and without a response.
        state = State.CLOSED;
        releaseMaildrop();
        transport.loseConnection();
    }

    private void ok(String text) {
        sendLine(text.isEmpty() ? "+OK" : "+OK " + text);
    }

    private void err(String text) {
        sendLine("-ERR " + text);
    }

    @Override
    protected void lineLengthExceeded(byte[] lineStart) {
        err("Line too long");
    }

    @Override
    protected void lineReceived(byte[] line) {
        if (state == State.CLOSED) {
            return;
        }
        if (awaitingSaslResponse) {
            awaitingSaslResponse = false;
            saslPlainResponse(ascii(line).strip());
            return;
        }
        String text = ascii(line);
        int space = text.indexOf(' ');
        String verb = (space < 0 ? text : text.substring(0, space)).toUpperCase(Locale.ROOT);
        String arg = space < 0 ? "" : text.substring(space + 1);
        if (state == State.AUTHORIZATION) {
            authorization(verb, arg);
        } else {
            transaction(verb, arg);
        }
    }

    // ------------------------------------------------------------------ AUTHORIZATION

    private void authorization(String verb, String arg) {
        if (!verb.equals("PASS") && !verb.equals("USER")) {
            // PASS must follow a successful USER directly (RFC 1939 section 7).
            user = null;
        }
        switch (verb) {
            case "CAPA" -> capa();
            case "USER" -> userCommand(arg);
            case "PASS" -> passCommand(arg);
            case "APOP" -> apopCommand(arg);
            case "AUTH" -> authCommand(arg);
            case "STLS" -> stls(arg);
            case "QUIT" -> quit();
            case "NOOP", "STAT", "LIST", "RETR", "DELE", "RSET", "TOP", "UIDL" -> err("Not logged in");
            default -> err("Unknown command");
        }
    }

    private boolean plaintextAllowed() {
        return tlsActive || options.allowPlaintextWithoutTls();
    }

    private void capa() {
        List<String> lines = new ArrayList<>();
        lines.add("TOP");
        lines.add("UIDL");
        lines.add("RESP-CODES");
        lines.add("AUTH-RESP-CODE");
        lines.add("PIPELINING");
        if (state == State.AUTHORIZATION && plaintextAllowed()) {
            lines.add("USER");
            lines.add("SASL PLAIN");
        }
        if (state == State.AUTHORIZATION && options.tls() != null && !tlsActive) {
            lines.add("STLS");
        }
        lines.add("IMPLEMENTATION Twisted-for-Java");
        StringBuilder sb = new StringBuilder("+OK Capability list follows\r\n");
        for (String l : lines) {
            sb.append(l).append("\r\n");
        }
        sb.append(".\r\n");
        transport.write(sb.toString().getBytes(StandardCharsets.US_ASCII));
    }

    private void userCommand(String arg) {
        if (!plaintextAllowed()) {
            err("[AUTH] Plain-text login requires TLS: use STLS first");
            return;
        }
        if (arg.isEmpty()) {
            err("Syntax: USER name");
            return;
        }
        user = arg;
        ok("Send your password");
    }

    private void passCommand(String arg) {
        if (user == null) {
            err("Send USER first");
            return;
        }
        String name = user;
        user = null;
        login(new UsernamePassword(name, arg));
    }

    private void apopCommand(String arg) {
        String[] parts = arg.split(" ");
        if (parts.length != 2) {
            err("Syntax: APOP name digest");
            return;
        }
        ApopCredentials creds;
        try {
            creds = new ApopCredentials(apopTimestamp, parts[0], parts[1]);
        } catch (IllegalArgumentException e) {
            err("[AUTH] Authentication failed");
            return;
        }
        login(creds);
    }

    private void authCommand(String arg) {
        String[] parts = arg.strip().split(" +");
        String mechanism = parts[0].toUpperCase(Locale.ROOT);
        if (mechanism.isEmpty()) {
            transport.write((plaintextAllowed() ? "+OK\r\nPLAIN\r\n.\r\n" : "+OK\r\n.\r\n").getBytes(StandardCharsets.US_ASCII));
            return;
        }
        if (!mechanism.equals("PLAIN") || parts.length > 2) {
            err(mechanism.equals("PLAIN") ? "Syntax: AUTH PLAIN [initial-response]" : "Unsupported authentication mechanism");
            return;
        }
        if (!plaintextAllowed()) {
            err("[AUTH] Plain-text login requires TLS: use STLS first");
            return;
        }
        if (parts.length == 2) {
            saslPlainResponse(parts[1]);
            return;
        }
        sendLine("+ ");
        awaitingSaslResponse = true;
    }

    /** The client's PLAIN response (RFC 4616): base64 of authzid NUL authcid NUL passwd. */
    private void saslPlainResponse(String response) {
        if (response.equals("*")) {
            err("Authentication cancelled");
            return;
        }
        byte[] decoded;
        try {
            decoded = response.equals("=") ? new byte[0] : java.util.Base64.getDecoder().decode(response);
        } catch (IllegalArgumentException e) {
            err("[AUTH] Bad base64 in the response");
            return;
        }
        String[] fields = new String(decoded, StandardCharsets.UTF_8).split("\0", -1);
        if (fields.length != 3 || fields[1].isEmpty() || (!fields[0].isEmpty() && !fields[0].equals(fields[1]))) {
            // No proxy authorization: the authzid, if given, must be the user.
            err("[AUTH] Authentication failed");
            return;
        }
        login(new UsernamePassword(fields[1], fields[2]));
    }

    private void login(Credentials credentials) {
        Deferred<Login<Pop3Mailbox>> d = Deferred.maybeDeferred(
                () -> options.portal().login(credentials, null, Pop3Mailbox.class));
        hold(d.addCallbacks(this::onLoggedIn, this::onLoginFailed));
    }

    private Void onLoggedIn(Login<Pop3Mailbox> l) {
        if (state == State.CLOSED) {
            l.logout();
            return null;
        }
        Pop3Mailbox box = l.avatar();
        boolean locked;
        try {
            locked = box.lock();
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "POP3 could not lock a maildrop", e);
            l.logout();
            err("[SYS/TEMP] Cannot lock the maildrop");
            return null;
        }
        if (!locked) {
            l.logout();
            err("[IN-USE] Maildrop already locked by another session");
            return null;
        }
        login = l;
        mailbox = box;
        state = State.TRANSACTION;
        ok("Maildrop ready, " + mailbox.messageCount() + " messages");
        return null;
    }

    private Void onLoginFailed(Failure f) {
        boolean refused = f.value() instanceof io.twisted.cred.error.LoginFailed;
        if (!refused) {
            LOG.log(System.Logger.Level.WARNING, "POP3 login failed with an error", f.value());
        }
        if (state != State.CLOSED) {
            // RFC 3206: [AUTH] for bad credentials, [SYS/TEMP] when the server is at fault.
            err(refused ? "[AUTH] Authentication failed" : "[SYS/TEMP] Cannot open the maildrop, try again later");
        }
        return null;
    }

    private void stls(String arg) {
        if (options.tls() == null || tlsActive) {
            err("STLS not available");
            return;
        }
        if (!arg.isEmpty()) {
            err("Syntax: STLS");
            return;
        }
        ok("Begin TLS negotiation");
        transport.startTLS(options.tls());
        tlsActive = true;
        user = null;
    }

    private void quit() {
        if (state == State.TRANSACTION && !deleted.isEmpty()) {
            Set<Integer> marks = new TreeSet<>(deleted);
            state = State.CLOSED;
            updating = true;
            Pop3Mailbox box = mailbox;
            Deferred<Void> d = Deferred.maybeDeferred(() -> box.deleteMessages(marks));
            d.addCallbacks(r -> {
                updateDone("+OK Bye, " + marks.size() + " messages deleted");
                return null;
            }, f -> {
                LOG.log(System.Logger.Level.WARNING, "POP3 deletion failed", f.value());
                updateDone("-ERR [SYS/TEMP] Some deleted messages not removed");
                return null;
            });
            return;
        }
        ok("Bye");
        state = State.CLOSED;
        releaseMaildrop();
        transport.loseConnection();
    }

    /** The end of the UPDATE state: the lock goes only once the deletions are done. */
    private void updateDone(String reply) {
        updating = false;
        releaseMaildrop();
        sendLine(reply);
        transport.loseConnection();
    }

    // ------------------------------------------------------------------ TRANSACTION

    private void transaction(String verb, String arg) {
        switch (verb) {
            case "STAT" -> stat();
            case "LIST" -> list(arg, false);
            case "UIDL" -> list(arg, true);
            case "RETR" -> retr(arg);
            case "TOP" -> top(arg);
            case "DELE" -> dele(arg);
            case "NOOP" -> ok("");
            case "RSET" -> {
                deleted.clear();
                ok("Maildrop has " + mailbox.messageCount() + " messages");
            }
            case "CAPA" -> capa();
            case "QUIT" -> quit();
            case "USER", "PASS", "APOP", "AUTH", "STLS" -> err("Already logged in");
            default -> err("Unknown command");
        }
    }

    private void stat() {
        int n = 0;
        long size = 0;
        for (int i = 0; i < mailbox.messageCount(); i++) {
            if (!deleted.contains(i)) {
                n++;
                size += mailbox.messageSize(i);
            }
        }
        ok(n + " " + size);
    }

    /** The 0-based index {@code arg} names, or -1 after replying -ERR. */
    private int messageIndex(String arg) {
        int n;
        try {
            String digits = arg.trim();
            if (digits.isEmpty() || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw new NumberFormatException(digits);
            }
            n = Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            err("Bad message number");
            return -1;
        }
        if (n < 1 || n > mailbox.messageCount()) {
            err("No such message");
            return -1;
        }
        if (deleted.contains(n - 1)) {
            err("Message " + n + " already deleted");
            return -1;
        }
        return n - 1;
    }

    private void list(String arg, boolean uidl) {
        if (!arg.isBlank()) {
            int i = messageIndex(arg);
            if (i >= 0) {
                ok((i + 1) + " " + (uidl ? mailbox.uniqueId(i) : String.valueOf(mailbox.messageSize(i))));
            }
            return;
        }
        StringBuilder sb = new StringBuilder("+OK\r\n");
        for (int i = 0; i < mailbox.messageCount(); i++) {
            if (!deleted.contains(i)) {
                sb.append(i + 1).append(' ').append(uidl ? mailbox.uniqueId(i) : String.valueOf(mailbox.messageSize(i))).append("\r\n");
            }
        }
        sb.append(".\r\n");
        transport.write(sb.toString().getBytes(StandardCharsets.US_ASCII));
    }

    private void retr(String arg) {
        int i = messageIndex(arg);
        if (i >= 0) {
            send(i, -1, mailbox.messageSize(i) + " octets");
        }
    }

    private void top(String arg) {
        String[] parts = arg.trim().split(" +");
        if (parts.length != 2) {
            err("Syntax: TOP msg lines");
            return;
        }
        long lines;
        try {
            lines = Long.parseLong(parts[1]);
        } catch (NumberFormatException e) {
            err("Bad line count");
            return;
        }
        if (lines < 0) {
            err("Bad line count");
            return;
        }
        int i = messageIndex(parts[0]);
        if (i >= 0) {
            send(i, lines, "Top of message follows");
        }
    }

    private void dele(String arg) {
        int i = messageIndex(arg);
        if (i >= 0) {
            deleted.add(i);
            ok("Message " + (i + 1) + " deleted");
        }
    }

    /** Streams message {@code i}, stuffed (at most {@code bodyLines} body lines if not negative). */
    private void send(int i, long bodyLines, String status) {
        InputStream in;
        try {
            in = mailbox.openMessage(i);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "POP3 could not open a message", e);
            err("[SYS/TEMP] Cannot read message");
            return;
        }
        ok(status);
        ByteStuffer stuffer = new ByteStuffer(bodyLines);
        sending = new StreamSender(time);
        sendingStream = in;
        Deferred<Void> d = sending.send(in, transport, stuffer::apply);
        hold(d.addCallbacks(last -> onMessageSent(stuffer), this::onSendFailed));
    }

    private Void onMessageSent(ByteStuffer stuffer) {
        closeSendingStream();
        if (state != State.CLOSED) {
            transport.write((stuffer.endsWithLineBreak() ? ".\r\n" : "\r\n.\r\n").getBytes(StandardCharsets.US_ASCII));
        }
        return null;
    }

    private Void onSendFailed(Failure f) {
        closeSendingStream();
        if (state != State.CLOSED) {
            // The response is already under way: all we can do is drop the connection.
            LOG.log(System.Logger.Level.WARNING, "POP3 message transfer failed", f.value());
            state = State.CLOSED;
            transport.abortConnection();
        }
        return null;
    }

    private void closeSendingStream() {
        sending = null;
        if (sendingStream != null) {
            try {
                sendingStream.close();
            } catch (IOException ignored) {
                // Nothing to do.
            }
            sendingStream = null;
        }
    }

    /** Holds further commands until {@code d} fired (pipelining, RFC 2449 section 6.6). */
    private void hold(Deferred<?> d) {
        busy = true;
        boolean[] paused = {false};
        d.addBoth(r -> {
            busy = false;
            if (paused[0] && state != State.CLOSED && transport != null) {
                resumeProducing();
            }
            return null;
        });
        if (busy) {
            paused[0] = true;
            pauseProducing();
        }
    }
}
