package io.twisted.mail.smtp;

import io.twisted.cred.Login;
import io.twisted.cred.Portal;
import io.twisted.cred.credentials.CramMd5Credentials;
import io.twisted.cred.credentials.Credentials;
import io.twisted.cred.credentials.UsernamePassword;
import io.twisted.internet.DelayedCall;
import io.twisted.internet.ReactorTime;
import io.twisted.internet.defer.Deferred;
import io.twisted.internet.defer.Failure;
import io.twisted.protocols.basic.LineReceiver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The server side of one SMTP connection (RFC 5321), Twisted's {@code ESMTP} protocol.
 *
 * <pre>
 *   GREETING ─HELO/EHLO─▶ READY ─MAIL─▶ MAIL ─RCPT─▶ RCPT ─DATA─▶ DATA (raw, streamed) ─"."─▶ READY
 *        STARTTLS (220, then TLS, state reset) and AUTH (334 ... 235/535) from READY
 * </pre>
 *
 * <p>Every command whose answer comes from a {@link Deferred} (MAIL, RCPT, AUTH, end of DATA)
 * pauses the reading of further commands until it is answered, so pipelined commands
 * (RFC 2920) are answered in order. The message body is never held whole: it is dot-unstuffed
 * ({@link DotUnstuffer}) and written to the recipients' {@link MessageReceiver}s as it arrives,
 * a {@code Received:} header first. The 250 after DATA is sent only when every receiver's
 * {@code eomReceived} Deferred has fired (the message is stored).
 *
 * <p>Limits and replies: command lines over 512 octets (RFC 5321 section 4.5.3.1.4) and AUTH
 * lines over 12288 (RFC 4954 section 4) get {@code 500 5.5.2}; a message over
 * {@link SmtpServerOptions#maxMessageSize()} is read to its end and refused with
 * {@code 552 5.3.4}; more than {@link SmtpServerOptions#maxRecipients()} recipients get
 * {@code 452 4.5.3}. Text lines inside DATA have no length limit of their own (RFC 5321 section
 * 4.5.3.1 asks implementations to avoid such limits); the message size bounds them. VRFY is
 * answered {@code 252} without revealing whether a user exists; EXPN is not implemented (502).
 * A client idle for {@link SmtpServerOptions#idleTimeout()} seconds gets {@code 421} and is
 * disconnected.
 *
 * <p>Enhanced status codes (RFC 3463) are sent on every reply after the greeting, also to HELO
 * clients (as Postfix does; a client that did not ask for them reads them as text). On an
 * implicit-TLS endpoint (the transport is a {@link io.twisted.internet.tls.TlsTransport} from the
 * start, RFC 8314) the session counts as TLS: AUTH is offered and STARTTLS is not.
 */
public class SmtpServerProtocol extends LineReceiver {

    private static final System.Logger LOG = System.getLogger(SmtpServerProtocol.class.getName());
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss '+0000'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final String LOGIN_USER_PROMPT = Base64.getEncoder().encodeToString("Username:".getBytes(StandardCharsets.US_ASCII));
    private static final String LOGIN_PASSWORD_PROMPT = Base64.getEncoder().encodeToString("Password:".getBytes(StandardCharsets.US_ASCII));

    /** Where the connection stands. */
    enum State {
        /** Before HELO/EHLO. */
        GREETED,
        /** After HELO/EHLO, no transaction. */
        READY,
        /** MAIL accepted. */
        MAIL,
        /** At least one RCPT accepted. */
        RCPT,
        /** Receiving the message (raw mode). */
        DATA,
        /** Waiting for an AUTH PLAIN response. */
        AUTH_PLAIN,
        /** Waiting for the AUTH LOGIN user name. */
        AUTH_LOGIN_USER,
        /** Waiting for the AUTH LOGIN password. */
        AUTH_LOGIN_PASSWORD,
        /** Waiting for the CRAM-MD5 response. */
        AUTH_CRAM,
        /** QUIT, timeout or connection lost. */
        CLOSED
    }

    private final SmtpServerOptions options;
    private final ReactorTime time;

    private State state = State.GREETED;
    private boolean extended;
    private String heloName;
    private boolean tlsActive;
    private MessageDelivery delivery;
    private Login<MessageDelivery> login;
    private String authenticatedUser;

    private MailAddress from;
    private final List<Supplier<MessageReceiver>> recipientFactories = new ArrayList<>();
    private final List<MailAddress> recipients = new ArrayList<>();
    private List<MessageReceiver> receivers = List.of();
    private DotUnstuffer unstuffer;
    private long messageSize;
    private boolean messageTooBig;
    private IOException messageWriteError;

    private String authLoginUser;
    private CramMd5Credentials cram;

    private boolean awaiting;
    private boolean pausedForAnswer;
    private DelayedCall idleTimer;

    /**
     * @param options the server's settings
     * @param delivery the delivery for clients that have not logged in
     * @param time the reactor's clock, for the idle timeout and trace header dates
     */
    public SmtpServerProtocol(SmtpServerOptions options, MessageDelivery delivery, ReactorTime time) {
        super(SmtpServerOptions.MAX_AUTH_LINE);
        this.options = Objects.requireNonNull(options, "options");
        this.delivery = Objects.requireNonNull(delivery, "delivery");
        this.time = Objects.requireNonNull(time, "time");
    }

    /** Marks the connection as TLS from the start (an implicit-TLS port, RFC 8314). */
    public void setTlsActive(boolean tls) {
        this.tlsActive = tls;
    }

    /** Where the connection stands (for tests). */
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
        reply(220, null, options.hostname() + " ESMTP Twisted for Java ready");
    }

    @Override
    public void dataReceived(ByteBuffer data) {
        resetIdleTimer();
        super.dataReceived(data);
    }

    @Override
    public void connectionLost(Failure reason) {
        state = State.CLOSED;
        cancelIdleTimer();
        abandonMessage();
        if (login != null) {
            login.logout();
            login = null;
        }
    }

    // ------------------------------------------------------------------ replies

    private void reply(int code, String enhanced, String text) {
        reply(SmtpReply.of(code, enhanced, text));
    }

    private void reply(SmtpReply r) {
        if (transport != null && state != State.CLOSED) {
            transport.write(r.encode(true));
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

    private void cancelIdleTimer() {
        if (idleTimer != null && idleTimer.active()) {
            idleTimer.cancel();
        }
        idleTimer = null;
    }

    private void idleTimedOut() {
        idleTimer = null;
        reply(421, "4.4.2", options.hostname() + " Timeout exceeded, closing connection");
        state = State.CLOSED;
        abandonMessage();
        transport.loseConnection();
    }

    // ------------------------------------------------------------------ lines

    @Override
    protected void lineLengthExceeded(byte[] lineStart) {
        if (isAuthState()) {
            state = State.READY;
        }
        reply(500, "5.5.2", "Line too long");
    }

    @Override
    protected void lineReceived(byte[] line) {
        switch (state) {
            case AUTH_PLAIN:
            case AUTH_LOGIN_USER:
            case AUTH_LOGIN_PASSWORD:
            case AUTH_CRAM:
                authResponse(ascii(line).trim());
                return;
            case CLOSED:
                return;
            default:
                break;
        }
        if (line.length > SmtpServerOptions.MAX_COMMAND_LINE && !startsWithIgnoreCase(line, "AUTH ")) {
            reply(500, "5.5.2", "Line too long");
            return;
        }
        String text = utf8(line);
        int space = text.indexOf(' ');
        String verb = (space < 0 ? text : text.substring(0, space)).toUpperCase(Locale.ROOT);
        String arg = space < 0 ? "" : text.substring(space + 1);
        switch (verb) {
            case "HELO" -> helo(arg, false);
            case "EHLO" -> helo(arg, true);
            case "MAIL" -> mail(arg);
            case "RCPT" -> rcpt(arg);
            case "DATA" -> data(arg);
            case "RSET" -> rset(arg);
            case "NOOP" -> reply(250, "2.0.0", "OK");
            case "QUIT" -> quit();
            case "VRFY" -> reply(252, "2.5.0", "Cannot VRFY user, but will accept message and attempt delivery");
            case "EXPN" -> reply(502, "5.5.1", "EXPN not implemented");
            case "HELP" -> reply(214, "2.0.0", "Commands: HELO EHLO MAIL RCPT DATA RSET NOOP QUIT VRFY STARTTLS AUTH");
            case "STARTTLS" -> startTls(arg);
            case "AUTH" -> auth(arg);
            case "BDAT", "TURN", "ETRN", "SEND", "SOML", "SAML" -> reply(502, "5.5.1", "Command not implemented");
            default -> reply(500, "5.5.1", "Command unrecognized");
        }
    }

    private static boolean startsWithIgnoreCase(byte[] line, String prefix) {
        if (line.length < prefix.length()) {
            return false;
        }
        return new String(line, 0, prefix.length(), StandardCharsets.US_ASCII).equalsIgnoreCase(prefix);
    }

    private boolean isAuthState() {
        return state == State.AUTH_PLAIN || state == State.AUTH_LOGIN_USER || state == State.AUTH_LOGIN_PASSWORD
                || state == State.AUTH_CRAM;
    }

    // ------------------------------------------------------------------ HELO / EHLO / RSET / QUIT

    private void helo(String arg, boolean ehlo) {
        String name = arg.trim();
        if (name.isEmpty() || name.contains(" ") || name.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
            reply(501, "5.5.4", "Syntax: " + (ehlo ? "EHLO" : "HELO") + " hostname");
            return;
        }
        heloName = name;
        extended = ehlo;
        resetTransaction();
        state = State.READY;
        if (!ehlo) {
            reply(250, null, options.hostname() + " Hello " + name);
            return;
        }
        List<String> lines = new ArrayList<>();
        lines.add(options.hostname() + " Hello " + name);
        lines.add("PIPELINING");
        lines.add("SIZE " + options.maxMessageSize());
        lines.add("8BITMIME");
        lines.add("ENHANCEDSTATUSCODES");
        if (options.tls() != null && !tlsActive) {
            lines.add("STARTTLS");
        }
        String mechanisms = authMechanisms();
        if (!mechanisms.isEmpty() && authAllowedNow()) {
            lines.add("AUTH " + mechanisms);
        }
        lines.add("HELP");
        reply(new SmtpReply(250, null, lines));
    }

    private void rset(String arg) {
        if (!arg.isBlank()) {
            reply(501, "5.5.4", "Syntax: RSET");
            return;
        }
        resetTransaction();
        if (state != State.GREETED) {
            state = State.READY;
        }
        reply(250, "2.0.0", "OK");
    }

    private void quit() {
        reply(221, "2.0.0", options.hostname() + " Bye");
        state = State.CLOSED;
        cancelIdleTimer();
        transport.loseConnection();
    }

    private void resetTransaction() {
        from = null;
        recipientFactories.clear();
        recipients.clear();
    }

    // ------------------------------------------------------------------ MAIL / RCPT

    private void mail(String arg) {
        if (state == State.GREETED) {
            reply(503, "5.5.1", "Send HELO or EHLO first");
            return;
        }
        if (state != State.READY) {
            reply(503, "5.5.1", "Nested MAIL command");
            return;
        }
        if (options.requireAuthentication() && authenticatedUser == null) {
            reply(530, "5.7.0", "Authentication required");
            return;
        }
        if (!arg.regionMatches(true, 0, "FROM:", 0, 5)) {
            reply(501, "5.5.4", "Syntax: MAIL FROM:<address>");
            return;
        }
        String rest = arg.substring(5).stripLeading();
        MailAddress.Parsed parsed;
        try {
            parsed = MailAddress.parsePath(rest, true);
        } catch (IllegalArgumentException e) {
            reply(501, "5.1.7", "Bad sender address syntax");
            return;
        }
        SmtpReply paramError = checkMailParameters(rest.substring(parsed.end()));
        if (paramError != null) {
            reply(paramError);
            return;
        }
        MailAddress sender = parsed.address();
        Deferred<MailAddress> d = Deferred.maybeDeferred(() -> delivery.validateFrom(session(), sender));
        await(d.addCallbacks(this::onSenderAccepted, this::onSenderRejected));
    }

    /** Checks the ESMTP parameters of MAIL FROM (RFC 5321 section 4.1.2 esmtp-param). */
    private SmtpReply checkMailParameters(String params) {
        for (String p : params.trim().split(" +")) {
            if (p.isEmpty()) {
                continue;
            }
            int eq = p.indexOf('=');
            String key = (eq < 0 ? p : p.substring(0, eq)).toUpperCase(Locale.ROOT);
            String value = eq < 0 ? null : p.substring(eq + 1);
            switch (key) {
                case "SIZE":
                    long size;
                    try {
                        size = Long.parseLong(Objects.requireNonNullElse(value, ""));
                    } catch (NumberFormatException e) {
                        return SmtpReply.of(501, "5.5.4", "Bad SIZE parameter");
                    }
                    if (size > options.maxMessageSize()) {
                        return SmtpReply.of(552, "5.3.4", "Message size exceeds fixed maximum message size");
                    }
                    break;
                case "BODY":
                    if (!"7BIT".equalsIgnoreCase(value) && !"8BITMIME".equalsIgnoreCase(value)) {
                        return SmtpReply.of(501, "5.5.4", "BODY must be 7BIT or 8BITMIME");
                    }
                    break;
                case "AUTH":
                    break;
                default:
                    return SmtpReply.of(555, "5.5.4", "Unsupported parameter " + key);
            }
        }
        return null;
    }

    private Void onSenderAccepted(MailAddress sender) {
        if (state == State.CLOSED) {
            return null;
        }
        from = sender;
        state = State.MAIL;
        reply(250, "2.1.0", "Sender <" + sender + "> OK");
        return null;
    }

    private Void onSenderRejected(Failure f) {
        replyForFailure(f, 550, "5.7.1", "Sender refused");
        return null;
    }

    private void rcpt(String arg) {
        if (state != State.MAIL && state != State.RCPT) {
            reply(503, "5.5.1", "Need MAIL before RCPT");
            return;
        }
        if (!arg.regionMatches(true, 0, "TO:", 0, 3)) {
            reply(501, "5.5.4", "Syntax: RCPT TO:<address>");
            return;
        }
        String rest = arg.substring(3).stripLeading();
        MailAddress.Parsed parsed;
        try {
            parsed = MailAddress.parsePath(rest, false);
        } catch (IllegalArgumentException e) {
            reply(501, "5.1.3", "Bad recipient address syntax");
            return;
        }
        if (!rest.substring(parsed.end()).isBlank()) {
            reply(555, "5.5.4", "RCPT parameters not supported");
            return;
        }
        if (recipients.size() >= options.maxRecipients()) {
            reply(452, "4.5.3", "Too many recipients");
            return;
        }
        MailAddress to = parsed.address();
        MailAddress sender = from;
        Deferred<Supplier<MessageReceiver>> d = Deferred.maybeDeferred(() -> delivery.validateTo(session(), sender, to));
        await(d.addCallbacks(factory -> onRecipientAccepted(to, factory), this::onRecipientRejected));
    }

    private Void onRecipientAccepted(MailAddress to, Supplier<MessageReceiver> factory) {
        if (state == State.CLOSED) {
            return null;
        }
        if (factory == null) {
            reply(451, "4.3.0", "Recipient lookup failed");
            return null;
        }
        recipients.add(to);
        recipientFactories.add(factory);
        state = State.RCPT;
        reply(250, "2.1.5", "Recipient <" + to + "> OK");
        return null;
    }

    private Void onRecipientRejected(Failure f) {
        replyForFailure(f, 550, "5.1.1", "Recipient refused");
        return null;
    }

    private void replyForFailure(Failure f, int code, String enhanced, String text) {
        if (state == State.CLOSED) {
            return;
        }
        if (f.value() instanceof SmtpRejection) {
            reply(((SmtpRejection) f.value()).reply());
        } else {
            LOG.log(System.Logger.Level.WARNING, "SMTP delivery failed", f.value());
            reply(451, "4.3.0", "Temporary failure, try again later");
        }
    }

    private SmtpSession session() {
        return new SmtpSession(heloName, transport != null ? transport.getPeer() : null, tlsActive, authenticatedUser);
    }

    // ------------------------------------------------------------------ DATA

    private void data(String arg) {
        if (!arg.isBlank()) {
            reply(501, "5.5.4", "Syntax: DATA");
            return;
        }
        if (state == State.MAIL) {
            reply(554, "5.5.1", "No valid recipients");
            return;
        }
        if (state != State.RCPT) {
            reply(503, "5.5.1", "Need RCPT before DATA");
            return;
        }
        List<MessageReceiver> opened = new ArrayList<>();
        try {
            for (Supplier<MessageReceiver> f : recipientFactories) {
                opened.add(Objects.requireNonNull(f.get(), "message receiver"));
            }
        } catch (RuntimeException e) {
            opened.forEach(MessageReceiver::connectionLost);
            LOG.log(System.Logger.Level.WARNING, "could not open message receivers", e);
            reply(451, "4.3.0", "Cannot accept the message now");
            return;
        }
        receivers = opened;
        unstuffer = new DotUnstuffer();
        messageSize = 0;
        messageTooBig = false;
        messageWriteError = null;
        state = State.DATA;
        reply(354, null, "Start mail input; end with <CRLF>.<CRLF>");
        writeToReceivers(ByteBuffer.wrap(receivedHeader().getBytes(StandardCharsets.UTF_8)));
        setRawMode();
    }

    /** The {@code Received:} trace header (RFC 5321 section 4.4), folded, CRLF-terminated. */
    String receivedHeader() {
        String peer = "unknown";
        SocketAddress a = transport != null ? transport.getPeer() : null;
        if (a instanceof InetSocketAddress) {
            InetSocketAddress ia = (InetSocketAddress) a;
            peer = ia.getAddress() != null ? ia.getAddress().getHostAddress() : ia.getHostString();
        }
        String with = (extended ? "ESMTP" : "SMTP") + (tlsActive ? "S" : "") + (authenticatedUser != null ? "A" : "");
        if (!extended) {
            with = tlsActive ? "SMTPS" : "SMTP";
        }
        StringBuilder sb = new StringBuilder("Received: from ").append(heloName).append(" ([").append(peer).append("])\r\n")
                .append("\tby ").append(options.hostname()).append(" with ").append(with);
        if (recipients.size() == 1) {
            sb.append("\r\n\tfor <").append(recipients.get(0)).append('>');
        }
        sb.append("; ").append(DATE.format(options.wallClock().instant())).append("\r\n");
        return sb.toString();
    }

    @Override
    protected void rawDataReceived(ByteBuffer data) {
        if (state != State.DATA) {
            data.position(data.limit());
            return;
        }
        boolean done = unstuffer.decode(data, this::writeToReceivers);
        if (done) {
            endOfData();
            setLineMode(data);
        }
    }

    private void writeToReceivers(ByteBuffer chunk) {
        if (messageTooBig || messageWriteError != null) {
            return;
        }
        messageSize += chunk.remaining();
        if (messageSize > options.maxMessageSize()) {
            messageTooBig = true;
            abandonMessage();
            return;
        }
        int start = chunk.position();
        try {
            for (MessageReceiver r : receivers) {
                chunk.position(start);
                r.write(chunk);
            }
        } catch (IOException | RuntimeException e) {
            messageWriteError = e instanceof IOException ? (IOException) e : new IOException(e);
            LOG.log(System.Logger.Level.WARNING, "writing a message failed", e);
            abandonMessage();
        }
    }

    private void abandonMessage() {
        List<MessageReceiver> rs = receivers;
        receivers = List.of();
        for (MessageReceiver r : rs) {
            try {
                r.connectionLost();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "message receiver failed to drop a message", e);
            }
        }
    }

    private void endOfData() {
        state = State.READY;
        unstuffer = null;
        List<MessageReceiver> rs = receivers;
        receivers = List.of();
        resetTransaction();
        if (messageTooBig) {
            reply(552, "5.3.4", "Message size exceeds fixed maximum message size");
            return;
        }
        if (messageWriteError != null) {
            reply(451, "4.3.0", "Local error while storing the message");
            return;
        }
        List<Deferred<Object>> stored = new ArrayList<>();
        for (MessageReceiver r : rs) {
            Deferred<Object> d = Deferred.maybeDeferred(() -> {
                @SuppressWarnings("unchecked")
                Deferred<Object> e = (Deferred<Object>) r.eomReceived();
                return e;
            });
            stored.add(d);
        }
        await(Deferred.gatherResults(stored, true).addCallbacks(this::onMessageStored, this::onMessageFailed));
    }

    private Void onMessageStored(List<Object> ignored) {
        reply(250, "2.0.0", "Message accepted for delivery");
        return null;
    }

    private Void onMessageFailed(Failure f) {
        Throwable t = f.value();
        while (t instanceof io.twisted.internet.defer.FirstError) {
            t = ((io.twisted.internet.defer.FirstError) t).subFailure().value();
        }
        if (t instanceof SmtpRejection) {
            reply(((SmtpRejection) t).reply());
        } else {
            LOG.log(System.Logger.Level.WARNING, "storing a message failed", t);
            reply(451, "4.3.0", "Local error while storing the message");
        }
        return null;
    }

    // ------------------------------------------------------------------ waiting for Deferreds

    /**
     * Holds further input until {@code d} has fired, so pipelined commands are answered in order.
     */
    private void await(Deferred<?> d) {
        awaiting = true;
        d.addBoth(r -> {
            awaiting = false;
            if (pausedForAnswer) {
                pausedForAnswer = false;
                if (state != State.CLOSED && transport != null) {
                    resumeProducing();
                }
            }
            return null;
        });
        if (awaiting) {
            pausedForAnswer = true;
            pauseProducing();
        }
    }

    // ------------------------------------------------------------------ STARTTLS

    private void startTls(String arg) {
        if (!arg.isBlank()) {
            reply(501, "5.5.4", "Syntax: STARTTLS");
            return;
        }
        if (options.tls() == null) {
            reply(502, "5.5.1", "STARTTLS not available");
            return;
        }
        if (tlsActive) {
            reply(503, "5.5.1", "TLS already active");
            return;
        }
        if (state != State.READY && state != State.GREETED) {
            reply(503, "5.5.1", "STARTTLS not allowed during a mail transaction");
            return;
        }
        reply(220, "2.0.0", "Ready to start TLS");
        transport.startTLS(options.tls());
        tlsActive = true;
        // RFC 3207 section 4.2: forget everything learnt before TLS.
        state = State.GREETED;
        heloName = null;
        extended = false;
        resetTransaction();
    }

    // ------------------------------------------------------------------ AUTH

    private String authMechanisms() {
        Portal portal = options.portal();
        if (portal == null) {
            return "";
        }
        boolean plain = false;
        boolean hashed = false;
        for (Class<? extends Credentials> c : portal.listCredentialsInterfaces()) {
            plain |= c.isAssignableFrom(UsernamePassword.class);
            hashed |= c.isAssignableFrom(CramMd5Credentials.class);
        }
        String m = plain ? "PLAIN LOGIN" : "";
        if (hashed) {
            m = m.isEmpty() ? "CRAM-MD5" : m + " CRAM-MD5";
        }
        return m;
    }

    private boolean authAllowedNow() {
        return tlsActive || options.allowAuthWithoutTls();
    }

    private void auth(String arg) {
        if (state == State.GREETED || !extended) {
            reply(503, "5.5.1", "Send EHLO first");
            return;
        }
        if (state != State.READY) {
            reply(503, "5.5.1", "AUTH not allowed during a mail transaction");
            return;
        }
        if (authenticatedUser != null) {
            reply(503, "5.5.1", "Already authenticated");
            return;
        }
        List<String> offered = List.of(authMechanisms().split(" "));
        String[] parts = arg.trim().split(" +", 2);
        String mechanism = parts[0].toUpperCase(Locale.ROOT);
        String initial = parts.length > 1 ? parts[1] : null;
        if (mechanism.isEmpty()) {
            reply(501, "5.5.4", "Syntax: AUTH mechanism [initial-response]");
            return;
        }
        if (!offered.contains(mechanism)) {
            reply(504, "5.5.4", "Unrecognized authentication mechanism");
            return;
        }
        if (!authAllowedNow()) {
            reply(538, "5.7.11", "Encryption required for requested authentication mechanism");
            return;
        }
        switch (mechanism) {
            case "PLAIN" -> {
                state = State.AUTH_PLAIN;
                if (initial == null) {
                    reply(334, null, "");
                } else {
                    authResponse(initial);
                }
            }
            case "LOGIN" -> {
                state = State.AUTH_LOGIN_USER;
                if (initial == null) {
                    reply(334, null, LOGIN_USER_PROMPT);
                } else {
                    authResponse(initial);
                }
            }
            default -> {
                if (initial != null) {
                    reply(501, "5.5.4", "CRAM-MD5 takes no initial response");
                    return;
                }
                state = State.AUTH_CRAM;
                byte[] challenge = CramMd5Credentials.generateChallenge(options.hostname(), options.random(), options.wallClock().millis() / 1000);
                cram = new CramMd5Credentials(challenge);
                reply(334, null, Base64.getEncoder().encodeToString(challenge));
            }
        }
    }

    private void authResponse(String response) {
        State step = state;
        state = State.READY;
        if (response.equals("*")) {
            reply(501, "5.7.0", "Authentication cancelled");
            return;
        }
        byte[] decoded;
        try {
            decoded = response.equals("=") ? new byte[0] : Base64.getDecoder().decode(response);
        } catch (IllegalArgumentException e) {
            reply(501, "5.5.2", "Cannot decode response");
            return;
        }
        switch (step) {
            case AUTH_PLAIN -> authPlain(decoded);
            case AUTH_LOGIN_USER -> {
                authLoginUser = new String(decoded, StandardCharsets.UTF_8);
                state = State.AUTH_LOGIN_PASSWORD;
                reply(334, null, LOGIN_PASSWORD_PROMPT);
            }
            case AUTH_LOGIN_PASSWORD -> {
                String user = authLoginUser;
                authLoginUser = null;
                login(new UsernamePassword(user, new String(decoded, StandardCharsets.UTF_8)), user);
            }
            case AUTH_CRAM -> {
                CramMd5Credentials c = cram;
                cram = null;
                try {
                    c.setResponse(decoded);
                } catch (IllegalArgumentException e) {
                    reply(501, "5.5.2", "Bad CRAM-MD5 response");
                    return;
                }
                login(c, c.username());
            }
            default -> throw new AssertionError(step);
        }
    }

    /** RFC 4616: {@code [authzid] NUL authcid NUL passwd}. */
    private void authPlain(byte[] decoded) {
        String text = new String(decoded, StandardCharsets.UTF_8);
        String[] fields = text.split("\0", -1);
        if (fields.length != 3 || fields[1].isEmpty()) {
            reply(501, "5.5.2", "Bad PLAIN response");
            return;
        }
        if (!fields[0].isEmpty() && !fields[0].equals(fields[1])) {
            reply(535, "5.7.8", "Authentication credentials invalid");
            return;
        }
        login(new UsernamePassword(fields[1], fields[2]), fields[1]);
    }

    private void login(Credentials credentials, String user) {
        Deferred<Login<MessageDelivery>> d = Deferred.maybeDeferred(
                () -> options.portal().login(credentials, null, MessageDelivery.class));
        await(d.addCallbacks(l -> onLoggedIn(l, user), this::onLoginFailed));
    }

    private Void onLoggedIn(Login<MessageDelivery> l, String user) {
        if (state == State.CLOSED) {
            l.logout();
            return null;
        }
        login = l;
        delivery = l.avatar();
        authenticatedUser = user;
        reply(235, "2.7.0", "Authentication successful");
        return null;
    }

    private Void onLoginFailed(Failure f) {
        if (!(f.value() instanceof io.twisted.cred.error.LoginFailed)) {
            LOG.log(System.Logger.Level.WARNING, "SMTP login failed with an error", f.value());
        }
        reply(535, "5.7.8", "Authentication credentials invalid");
        return null;
    }
}
