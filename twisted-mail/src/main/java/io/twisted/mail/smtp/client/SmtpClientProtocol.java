package io.twisted.mail.smtp.client;

import io.twisted.internet.Consumer;
import io.twisted.internet.DelayedCall;
import io.twisted.internet.Producer;
import io.twisted.internet.ReactorTime;
import io.twisted.internet.defer.Deferred;
import io.twisted.internet.defer.Failure;
import io.twisted.internet.error.TimeoutError;
import io.twisted.internet.tls.HandshakeListener;
import io.twisted.internet.tls.TlsOptions;
import io.twisted.internet.tls.TlsTransport;
import io.twisted.mail.smtp.MailAddress;
import io.twisted.mail.smtp.SmtpReply;
import io.twisted.protocols.basic.LineReceiver;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The client side of one SMTP connection that sends one message (Twisted's {@code ESMTPSender}).
 *
 * <pre>
 *  GREETING ─220─▶ EHLO ─250─▶ [STARTTLS ─220─▶ (TLS) EHLO ─250─▶] [AUTH ─334…235─▶]
 *     └─5xx─▶ HELO ─250─┘
 *  ENVELOPE: MAIL FROM, RCPT TO × n (one write when PIPELINING is offered, RFC 2920)
 *  ─▶ DATA ─354─▶ BODY (streamed, dot-stuffed) ─"."─▶ DATA_END ─250─▶ QUIT ─221─▶ closed
 * </pre>
 *
 * <p>Every reply goes through one {@link SmtpReplyDecoder}; where the connection stands lives in
 * {@link State}. The {@link #result()} Deferred fires with a {@link SendResult} once the server
 * accepted the message for at least one recipient (refused recipients are listed in it, per
 * address), or fails with an {@link SmtpClientException}: {@link SmtpTlsException} when STARTTLS
 * is required but not offered or refused (then only QUIT is sent), {@link SmtpTlsHandshakeException}
 * when the server said 220 to STARTTLS but the handshake did not complete (a failure, a lost
 * connection or a timeout before it finished), {@link SmtpAuthException},
 * {@link SmtpDeliveryException} (MAIL, DATA or the message refused, or every recipient refused),
 * {@link SmtpProtocolException}, or {@link TimeoutError} (no reply within the timeout, on the
 * injected clock; the connection is then aborted).
 *
 * <p>The message comes from a {@link BodyProducer} and goes through a {@link DotStuffer} straight
 * to the transport, with the transport's flow control, so it is never held whole. A message
 * larger than a SIZE limit the server announced (RFC 1870) is not sent. If the producer fails in
 * the middle of DATA the connection is aborted without the final dot, so the partial message is
 * never accepted.
 */
public class SmtpClientProtocol extends LineReceiver implements HandshakeListener {

    private static final System.Logger LOG = System.getLogger(SmtpClientProtocol.class.getName());

    /** Where the connection stands. */
    enum State {
        /** Waiting for the 220 greeting. */
        GREETING,
        /** EHLO sent. */
        EHLO,
        /** HELO sent (EHLO was refused). */
        HELO,
        /** STARTTLS sent. */
        STARTTLS,
        /** AUTH sent, waiting for 235 (or the LOGIN/CRAM-MD5 challenges). */
        AUTH,
        /** AUTH LOGIN sent, waiting for the user name prompt. */
        AUTH_LOGIN_USER,
        /** User name sent, waiting for the password prompt. */
        AUTH_LOGIN_PASSWORD,
        /** AUTH CRAM-MD5 sent, waiting for the challenge. */
        AUTH_CRAM,
        /** MAIL and RCPT sent, collecting their replies. */
        ENVELOPE,
        /** DATA sent. */
        DATA,
        /** Streaming the message. */
        BODY,
        /** Final dot sent. */
        DATA_END,
        /** QUIT sent. */
        QUIT,
        /** Closed. */
        DONE
    }

    private final SmtpClientOptions options;
    private final String serverHost;
    private final MailAddress from;
    private final List<MailAddress> recipients;
    private final BodyProducer body;
    private final ReactorTime time;
    private final Deferred<SendResult> result = new Deferred<>();
    private final SmtpReplyDecoder decoder = new SmtpReplyDecoder();

    private State state = State.GREETING;
    private Map<String, String> extensions = Map.of();
    private boolean tlsActive;
    private boolean tlsHandshakeDone;
    private TlsOptions tlsInUse;
    private boolean authenticated;
    private boolean pipelining;
    private SmtpReply mailReply;
    private int rcptSent;
    private final List<RecipientResult> rcptResults = new ArrayList<>();
    private DotStuffer stuffer;
    private DelayedCall timer;

    /**
     * @param options how to talk (TLS, AUTH, timeouts)
     * @param serverHost the server's name, for TLS (SNI and certificate check) unless the options carry TLS settings
     * @param from the reverse path ({@link MailAddress#NULL_SENDER} for a bounce)
     * @param recipients at least one
     * @param body the message
     * @param time the reactor's clock for timeouts
     */
    public SmtpClientProtocol(SmtpClientOptions options, String serverHost, MailAddress from, List<MailAddress> recipients,
            BodyProducer body, ReactorTime time) {
        super(options.maxLineLength());
        this.options = options;
        this.serverHost = Objects.requireNonNull(serverHost, "serverHost");
        this.from = Objects.requireNonNull(from, "from");
        this.recipients = List.copyOf(recipients);
        if (this.recipients.isEmpty()) {
            throw new IllegalArgumentException("at least one recipient");
        }
        this.body = Objects.requireNonNull(body, "body");
        this.time = Objects.requireNonNull(time, "time");
    }

    /** Fires with the outcome; see the class comment. */
    public Deferred<SendResult> result() {
        return result;
    }

    /** Where the connection stands (for tests). */
    State state() {
        return state;
    }

    /** The EHLO keywords (upper case) and their parameters, as the server last announced them. */
    public Map<String, String> extensions() {
        return extensions;
    }

    @Override
    public void connectionMade() {
        resetTimer(options.timeout());
    }

    @Override
    protected void lineReceived(byte[] line) {
        SmtpReply reply;
        try {
            reply = decoder.lineReceived(line);
        } catch (SmtpProtocolException e) {
            failAndAbort(e);
            return;
        }
        if (reply != null) {
            replyReceived(reply);
        }
    }

    @Override
    protected void lineLengthExceeded(byte[] lineStart) {
        failAndAbort(new SmtpProtocolException("reply line longer than " + maxLength() + " octets"));
    }

    private void replyReceived(SmtpReply reply) {
        cancelTimer();
        if (tlsActive) {
            tlsHandshakeDone = true; // a reply came through TLS (also for transports that do not call handshakeCompleted)
        }
        switch (state) {
            case GREETING -> onGreeting(reply);
            case EHLO -> onEhlo(reply);
            case HELO -> onHelo(reply);
            case STARTTLS -> onStartTls(reply);
            case AUTH, AUTH_LOGIN_USER, AUTH_LOGIN_PASSWORD, AUTH_CRAM -> onAuth(reply);
            case ENVELOPE -> onEnvelope(reply);
            case DATA -> onData(reply);
            case BODY -> onReplyDuringBody(reply);
            case DATA_END -> onDataEnd(reply);
            case QUIT, DONE -> close();
            default -> throw new IllegalStateException(state.toString());
        }
    }

    // ------------------------------------------------------------------ greeting and hello

    private void onGreeting(SmtpReply reply) {
        if (reply.code() != 220) {
            failAndQuit(new SmtpClientException("server refused the connection", reply));
            return;
        }
        sendEhlo();
    }

    private void sendEhlo() {
        send(State.EHLO, "EHLO " + options.heloName());
    }

    private void onEhlo(SmtpReply reply) {
        if (reply.code() == 250) {
            extensions = parseExtensions(reply);
            afterHello();
        } else if (reply.code() >= 500 && !tlsActive) {
            // RFC 5321 section 4.1.4: a server that does not know EHLO answers 500/502; try HELO.
            send(State.HELO, "HELO " + options.heloName());
        } else {
            failAndQuit(new SmtpClientException("EHLO refused", reply));
        }
    }

    private void onHelo(SmtpReply reply) {
        if (reply.code() != 250) {
            failAndQuit(new SmtpClientException("HELO refused", reply));
            return;
        }
        extensions = Map.of();
        afterHello();
    }

    static Map<String, String> parseExtensions(SmtpReply ehlo) {
        Map<String, String> ext = new HashMap<>();
        List<String> lines = ehlo.lines();
        for (int i = 1; i < lines.size(); i++) {
            String l = lines.get(i).trim();
            if (l.isEmpty()) {
                continue;
            }
            int sp = l.indexOf(' ');
            String keyword = (sp < 0 ? l : l.substring(0, sp)).toUpperCase(Locale.ROOT);
            String params = sp < 0 ? "" : l.substring(sp + 1).trim();
            if (keyword.startsWith("AUTH=")) {
                // Old servers announce "AUTH=PLAIN LOGIN" (pre-RFC 2554 syntax).
                params = (keyword.substring(5) + " " + params).trim();
                keyword = "AUTH";
                if (ext.containsKey("AUTH")) {
                    params = ext.get("AUTH") + " " + params;
                }
            }
            ext.put(keyword, params);
        }
        return Map.copyOf(ext);
    }

    private void afterHello() {
        if (!tlsActive && options.tlsMode() != SmtpClientOptions.TlsMode.NONE) {
            if (extensions.containsKey("STARTTLS")) {
                send(State.STARTTLS, "STARTTLS");
                return;
            }
            if (options.tlsMode() == SmtpClientOptions.TlsMode.REQUIRED) {
                failAndQuit(new SmtpTlsException("STARTTLS is required but " + serverHost + " does not offer it", null));
                return;
            }
        }
        if (options.username() != null && !authenticated) {
            startAuth();
            return;
        }
        startTransaction();
    }

    private void onStartTls(SmtpReply reply) {
        if (reply.code() == 220) {
            try {
                tlsInUse = options.tlsOptionsFor(serverHost);
                tlsActive = true;
                transport.startTLS(tlsInUse);
            } catch (RuntimeException e) {
                failAndAbort(new SmtpTlsHandshakeException("cannot start TLS with " + serverHost + ": " + e, e));
                return;
            }
            if (state == State.DONE) {
                return; // the handshake failed at once
            }
            extensions = Map.of();
            // RFC 3207 section 4.2: forget what was learnt before TLS and say EHLO again.
            sendEhlo();
            return;
        }
        if (options.tlsMode() == SmtpClientOptions.TlsMode.REQUIRED) {
            failAndQuit(new SmtpTlsException("STARTTLS is required but " + serverHost + " refused it", reply));
            return;
        }
        LOG.log(System.Logger.Level.INFO, "STARTTLS refused by {0} ({1}); going on without TLS", serverHost, reply);
        if (options.username() != null && !authenticated) {
            startAuth();
        } else {
            startTransaction();
        }
    }

    /** The TLS handshake after STARTTLS completed: log what was negotiated and seen. */
    @Override
    public void handshakeCompleted() {
        tlsHandshakeDone = true;
        if (LOG.isLoggable(System.Logger.Level.DEBUG) && transport instanceof TlsTransport t) {
            javax.net.ssl.SSLSession s = t instanceof io.twisted.internet.tls.TlsLayer l ? l.session() : null;
            List<java.security.cert.X509Certificate> chain = t.peerCertificates();
            LOG.log(System.Logger.Level.DEBUG, "TLS with {0}: {1} {2}, certificate \"{3}\", {4}", serverHost,
                    s == null ? "?" : s.getProtocol(), s == null ? "?" : s.getCipherSuite(),
                    chain.isEmpty() ? "-" : chain.get(0).getSubjectX500Principal().getName(),
                    options.verifiesServer() ? "verified with " + tlsInUse : "not verified (opportunistic)");
        }
    }

    /** Whether STARTTLS succeeded with settings that authenticate the server (a password may then be sent). */
    private boolean verifiedTls() {
        return tlsActive && options.verifiesServer();
    }

    // ------------------------------------------------------------------ AUTH (RFC 4954)

    private void startAuth() {
        String offered = extensions.get("AUTH");
        if (offered == null) {
            failAndQuit(new SmtpAuthException("credentials were given but " + serverHost + " does not offer AUTH", null));
            return;
        }
        List<String> names = List.of(offered.toUpperCase(Locale.ROOT).split("\\s+"));
        for (SmtpClientOptions.AuthMechanism m : options.mechanisms()) {
            boolean clearPassword = m != SmtpClientOptions.AuthMechanism.CRAM_MD5;
            if (!names.contains(m.wireName()) || clearPassword && !verifiedTls() && !options.allowPlaintextAuth()) {
                continue;
            }
            switch (m) {
                case PLAIN -> send(State.AUTH, "AUTH PLAIN "
                        + base64("\0" + options.username() + "\0" + options.password()));
                case LOGIN -> send(State.AUTH_LOGIN_USER, "AUTH LOGIN");
                case CRAM_MD5 -> send(State.AUTH_CRAM, "AUTH CRAM-MD5");
                default -> throw new IllegalStateException(m.toString());
            }
            return;
        }
        failAndQuit(new SmtpAuthException("no usable AUTH mechanism: " + serverHost + " offers '" + offered + "'"
                + (verifiedTls() || options.allowPlaintextAuth() ? ""
                        : " and PLAIN/LOGIN are not used without verified TLS (TlsMode.REQUIRED)"), null));
    }

    private void onAuth(SmtpReply reply) {
        if (reply.code() == 334 && state != State.AUTH) {
            switch (state) {
                case AUTH_LOGIN_USER -> send(State.AUTH_LOGIN_PASSWORD, base64(options.username()));
                case AUTH_LOGIN_PASSWORD -> send(State.AUTH, base64(options.password()));
                case AUTH_CRAM -> answerCram(reply);
                default -> throw new IllegalStateException(state.toString());
            }
            return;
        }
        if (reply.code() == 235 && state == State.AUTH) {
            authenticated = true;
            startTransaction();
            return;
        }
        if (reply.code() == 334) {
            // A challenge we have nothing more to say to: cancel the exchange (RFC 4954 section 4).
            send(State.AUTH, "*");
            return;
        }
        failAndQuit(new SmtpAuthException("authentication as " + options.username() + " failed", reply));
    }

    private void answerCram(SmtpReply reply) {
        byte[] challenge;
        try {
            challenge = Base64.getDecoder().decode(reply.lines().get(0).trim());
        } catch (IllegalArgumentException e) {
            failAndAbort(new SmtpProtocolException("CRAM-MD5 challenge is not base64: " + reply));
            return;
        }
        String digest;
        try {
            Mac mac = Mac.getInstance("HmacMD5");
            mac.init(new SecretKeySpec(options.password().getBytes(StandardCharsets.UTF_8), "HmacMD5"));
            digest = HexFormat.of().formatHex(mac.doFinal(challenge));
        } catch (GeneralSecurityException e) {
            failAndQuit(new SmtpAuthException("HMAC-MD5 unavailable: " + e.getMessage(), null));
            return;
        }
        send(State.AUTH, base64(options.username() + " " + digest));
    }

    private static String base64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    // ------------------------------------------------------------------ envelope

    private void startTransaction() {
        long length = body.length();
        long limit = sizeLimit();
        if (limit > 0 && length > limit) {
            failAndQuit(new SmtpDeliveryException("message of " + length + " bytes is larger than " + serverHost
                    + " accepts", SmtpReply.of(552, "5.3.4", "message size exceeds the server's limit of " + limit
                    + " (announced with SIZE; not sent)"), List.of()));
            return;
        }
        String mail = "MAIL FROM:<" + from + ">"
                + (extensions.containsKey("SIZE") && length >= 0 ? " SIZE=" + length : "");
        pipelining = extensions.containsKey("PIPELINING");
        state = State.ENVELOPE;
        if (pipelining) {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            all.writeBytes((mail + "\r\n").getBytes(StandardCharsets.UTF_8));
            for (MailAddress r : recipients) {
                all.writeBytes(rcptLine(r).getBytes(StandardCharsets.UTF_8));
            }
            rcptSent = recipients.size();
            transport.write(all.toByteArray());
            resetTimer(options.timeout());
        } else {
            send(State.ENVELOPE, mail);
        }
    }

    /** The SIZE limit the server announced, or 0 for none. */
    private long sizeLimit() {
        String size = extensions.get("SIZE");
        if (size == null || size.isEmpty()) {
            return 0;
        }
        try {
            return Long.parseLong(size.split("\\s+")[0]);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String rcptLine(MailAddress r) {
        return "RCPT TO:<" + r + ">\r\n";
    }

    private void onEnvelope(SmtpReply reply) {
        if (mailReply == null) {
            mailReply = reply;
            if (!pipelining) {
                if (reply.code() != 250) {
                    failAndQuit(new SmtpDeliveryException("MAIL FROM:<" + from + "> refused", reply, List.of()));
                    return;
                }
                sendNextRcpt();
            } else {
                resetTimer(options.timeout());
            }
            return;
        }
        rcptResults.add(new RecipientResult(recipients.get(rcptResults.size()), reply));
        if (rcptResults.size() < recipients.size()) {
            if (!pipelining) {
                sendNextRcpt();
            } else {
                resetTimer(options.timeout());
            }
            return;
        }
        if (mailReply.code() != 250) {
            failAndQuit(new SmtpDeliveryException("MAIL FROM:<" + from + "> refused", mailReply, rcptResults));
        } else if (rcptResults.stream().noneMatch(RecipientResult::isAccepted)) {
            failAndQuit(new SmtpDeliveryException("every recipient was refused", null, rcptResults));
        } else {
            send(State.DATA, "DATA");
        }
    }

    private void sendNextRcpt() {
        MailAddress r = recipients.get(rcptSent++);
        transport.write(rcptLine(r).getBytes(StandardCharsets.UTF_8));
        resetTimer(options.timeout());
    }

    // ------------------------------------------------------------------ data

    private void onData(SmtpReply reply) {
        if (reply.code() != 354) {
            failAndQuit(new SmtpDeliveryException("DATA refused", reply, rcptResults));
            return;
        }
        state = State.BODY;
        stuffer = new DotStuffer();
        resetTimer(options.timeout());
        Deferred<Void> produced;
        try {
            produced = body.startProducing(new DataConsumer());
        } catch (RuntimeException e) {
            produced = Deferred.fail(e);
        }
        produced.addCallbacks(this::bodyProduced, this::bodyFailed);
    }

    private Void bodyProduced(Void ignored) {
        if (state == State.BODY) {
            transport.write(stuffer.finish());
            state = State.DATA_END;
            resetTimer(options.dataTimeout());
        }
        return null;
    }

    private Void bodyFailed(Failure failure) {
        if (state == State.BODY) {
            // Never send the final dot after a partial message: abort, so the server drops it.
            failAndAbort(new SmtpClientException("reading the message failed", failure.value()));
        }
        return null;
    }

    private void onReplyDuringBody(SmtpReply reply) {
        body.stopProducing();
        failAndAbort(new SmtpDeliveryException("server replied in the middle of the message", reply, rcptResults));
    }

    private void onDataEnd(SmtpReply reply) {
        if (reply.code() != 250) {
            failAndQuit(new SmtpDeliveryException("message refused", reply, rcptResults));
            return;
        }
        SendResult sent = new SendResult(rcptResults, reply);
        sendQuit();
        result.callback(sent);
    }

    /** What the body producer writes to: dot-stuffs into the transport, with its flow control. */
    private final class DataConsumer implements Consumer {
        @Override
        public void registerProducer(Producer producer, boolean streaming) {
            transport.registerProducer(producer, streaming);
        }

        @Override
        public void unregisterProducer() {
            transport.unregisterProducer();
        }

        @Override
        public void write(ByteBuffer data) {
            if (state != State.BODY) {
                data.position(data.limit());
                return;
            }
            transport.write(stuffer.stuff(data));
            resetTimer(options.timeout());
        }
    }

    // ------------------------------------------------------------------ ending

    private void send(State next, String line) {
        state = next;
        sendLine(line);
        resetTimer(options.timeout());
    }

    private void sendQuit() {
        send(State.QUIT, "QUIT");
    }

    private void failAndQuit(Throwable error) {
        fail(error);
        sendQuit();
    }

    private void failAndAbort(Throwable error) {
        fail(error);
        state = State.DONE;
        cancelTimer();
        transport.abortConnection();
    }

    private void fail(Throwable error) {
        if (!result.isCalled()) {
            result.errback(error);
        }
    }

    private void close() {
        state = State.DONE;
        cancelTimer();
        transport.loseConnection();
    }

    private void resetTimer(double seconds) {
        cancelTimer();
        timer = time.callLater(seconds, this::timedOut);
    }

    private void cancelTimer() {
        if (timer != null) {
            if (timer.active()) {
                timer.cancel();
            }
            timer = null;
        }
    }

    private void timedOut() {
        timer = null;
        State was = state;
        if (was == State.BODY) {
            body.stopProducing();
        }
        if (was == State.QUIT) {
            // The message was sent (or the failure reported); the server is just slow to say goodbye.
            state = State.DONE;
            transport.abortConnection();
            return;
        }
        TimeoutError timeout = new TimeoutError("no reply from " + serverHost + " within the timeout (state " + was + ")");
        if (tlsActive && !tlsHandshakeDone) {
            failAndAbort(new SmtpTlsHandshakeException("TLS handshake with " + serverHost + " did not complete in time", timeout));
            return;
        }
        failAndAbort(timeout);
    }

    @Override
    public void connectionLost(Failure reason) {
        cancelTimer();
        State was = state;
        state = State.DONE;
        if (was == State.BODY) {
            body.stopProducing();
        }
        if (!result.isCalled()) {
            if (tlsActive && !tlsHandshakeDone) {
                result.errback(new SmtpTlsHandshakeException("TLS handshake with " + serverHost + " failed: "
                        + reason.getErrorMessage(), reason.value()));
                return;
            }
            result.errback(new SmtpClientException("connection to " + serverHost + " lost before the message was accepted"
                    + " (state " + was + ")", reason.value()));
        }
    }
}
