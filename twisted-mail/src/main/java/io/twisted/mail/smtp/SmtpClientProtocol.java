package io.twisted.mail.smtp;

import io.twisted.internet.DelayedCall;
import io.twisted.internet.ReactorTime;
import io.twisted.internet.defer.Deferred;
import io.twisted.internet.defer.Failure;
import io.twisted.internet.error.ConnectionLost;
import io.twisted.internet.error.TimeoutError;
import io.twisted.protocols.basic.LineReceiver;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Sends one message over one SMTP connection (RFC 5321), Twisted's {@code ESMTPSender}.
 *
 * <pre>
 *  220 ─EHLO (HELO if refused)─▶ [STARTTLS ─▶ TLS ─▶ EHLO] ─▶ [AUTH PLAIN | LOGIN] ─▶ MAIL ─▶ RCPT* ─▶ DATA ─▶ body ─▶ QUIT
 * </pre>
 *
 * <p>With a server that offers PIPELINING (RFC 2920), MAIL, every RCPT and DATA go out in one
 * write. STARTTLS (RFC 3207) is used as {@link SmtpClientOptions#tlsMode()} says; AUTH (RFC 4954)
 * prefers PLAIN, then LOGIN, and is never done without TLS unless
 * {@link SmtpClientOptions#allowAuthWithoutTls()}. MAIL carries {@code SIZE=} when the server
 * offers SIZE (RFC 1870) and {@code BODY=8BITMIME} when the message has 8-bit bytes and the
 * server offers 8BITMIME (RFC 6152). Each recipient's reply is kept; the send fails only if the
 * server refuses the sender, every recipient or the data. The message is dot-stuffed on the way
 * out; a message not ending in CRLF gets one.
 *
 * <p>{@link #result()} fires with an {@link SmtpSendResult}, or fails with an
 * {@link SmtpClientException}, a {@link TimeoutError} (no reply within
 * {@link SmtpClientOptions#timeout()} seconds) or a {@link ConnectionLost}.
 */
public class SmtpClientProtocol extends LineReceiver {

    enum State { GREETING, EHLO, HELO, STARTTLS, AUTH_PLAIN, AUTH_LOGIN_USER, AUTH_LOGIN_PASSWORD, AUTH_LOGIN_DONE, MAIL, RCPT, DATA, BODY, EMPTY_BODY, QUIT, DONE }

    private final SmtpClientOptions options;
    private final ReactorTime time;
    private final MailAddress from;
    private final List<MailAddress> to;
    private final byte[] message;
    private final Deferred<SmtpSendResult> result = new Deferred<>();
    private final SmtpReplyParser parser = new SmtpReplyParser();

    private State state = State.GREETING;
    private boolean tlsActive;
    private final Set<String> extensions = new HashSet<>();
    private final Set<String> authMechanisms = new HashSet<>();
    private final List<SmtpSendResult.Recipient> recipients = new ArrayList<>();
    private int nextRecipient;
    private SmtpSendResult finalResult;
    private Throwable failure;
    private DelayedCall timer;
    private boolean pipelined;
    private SmtpReply mailRefusal;

    /**
     * @param from the reverse path ({@link MailAddress#NULL_SENDER} for a bounce)
     * @param to at least one recipient
     * @param message the message, CRLF line ends, not dot-stuffed
     */
    public SmtpClientProtocol(SmtpClientOptions options, ReactorTime time, MailAddress from, List<MailAddress> to, byte[] message) {
        this.options = Objects.requireNonNull(options, "options");
        this.time = Objects.requireNonNull(time, "time");
        this.from = Objects.requireNonNull(from, "from");
        this.to = List.copyOf(to);
        if (this.to.isEmpty()) {
            throw new IllegalArgumentException("no recipients");
        }
        this.message = message.clone();
    }

    /** Fires once the send is over (see the class documentation). */
    public Deferred<SmtpSendResult> result() {
        return result;
    }

    @Override
    public void connectionMade() {
        if (transport instanceof io.twisted.internet.tls.TlsTransport) {
            tlsActive = true;
        }
        armTimer();
    }

    @Override
    public void connectionLost(Failure reason) {
        cancelTimer();
        if (finalResult != null) {
            finish();
            return;
        }
        fail(failure != null ? failure : new ConnectionLost("connection lost before the message was sent: " + reason.value()));
    }

    private void armTimer() {
        cancelTimer();
        if (options.timeout() > 0 && state != State.DONE) {
            timer = time.callLater(options.timeout(), this::timedOut);
        }
    }

    private void cancelTimer() {
        if (timer != null && timer.active()) {
            timer.cancel();
        }
        timer = null;
    }

    private void timedOut() {
        timer = null;
        failure = new TimeoutError("no reply from the SMTP server in " + options.timeout() + " s (state " + state + ")");
        state = State.DONE;
        transport.abortConnection();
    }

    private void send(String line) {
        sendLine(line.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    protected void lineReceived(byte[] line) {
        if (state == State.DONE) {
            return;
        }
        SmtpReply reply;
        try {
            reply = parser.feed(utf8(line));
        } catch (IllegalArgumentException e) {
            abort(new SmtpClientException("bad reply from server (" + e.getMessage() + ")", null, null));
            return;
        }
        if (reply != null) {
            armTimer();
            replyReceived(reply);
        }
    }

    private void replyReceived(SmtpReply r) {
        switch (state) {
            case GREETING -> {
                if (r.code() != 220) {
                    quitWith(new SmtpClientException("server refused the connection", r, null));
                    return;
                }
                state = State.EHLO;
                send("EHLO " + options.heloName());
            }
            case EHLO -> {
                if (r.code() == 250) {
                    readExtensions(r);
                    afterHello();
                } else if (!tlsActive) {
                    state = State.HELO;
                    send("HELO " + options.heloName());
                } else {
                    quitWith(new SmtpClientException("EHLO refused after STARTTLS", r, null));
                }
            }
            case HELO -> {
                if (r.code() != 250) {
                    quitWith(new SmtpClientException("HELO refused", r, null));
                    return;
                }
                extensions.clear();
                afterHello();
            }
            case STARTTLS -> {
                if (r.code() != 220) {
                    if (options.tlsMode() == SmtpClientOptions.TlsMode.REQUIRED) {
                        quitWith(new SmtpClientException("STARTTLS refused", r, null));
                    } else {
                        afterTls();
                    }
                    return;
                }
                transport.startTLS(options.tls());
                tlsActive = true;
                extensions.clear();
                authMechanisms.clear();
                state = State.EHLO;
                send("EHLO " + options.heloName());
            }
            case AUTH_PLAIN, AUTH_LOGIN_DONE -> {
                if (r.code() != 235) {
                    quitWith(new SmtpClientException("authentication failed", r, null));
                    return;
                }
                mail();
            }
            case AUTH_LOGIN_USER -> {
                if (r.code() != 334) {
                    quitWith(new SmtpClientException("authentication failed", r, null));
                    return;
                }
                state = State.AUTH_LOGIN_PASSWORD;
                send(b64(options.username()));
            }
            case AUTH_LOGIN_PASSWORD -> {
                if (r.code() != 334) {
                    quitWith(new SmtpClientException("authentication failed", r, null));
                    return;
                }
                state = State.AUTH_LOGIN_DONE;
                send(b64(Objects.requireNonNullElse(options.password(), "")));
            }
            case MAIL -> {
                state = State.RCPT;
                nextRecipient = 0;
                if (r.code() / 100 != 2) {
                    if (!pipelined) {
                        quitWith(new SmtpClientException("sender refused", r, null));
                        return;
                    }
                    // RFC 2920 section 3.1: the RCPTs and DATA already sent get their replies too.
                    mailRefusal = r;
                    return;
                }
                if (!pipelined) {
                    send("RCPT TO:<" + to.get(0) + ">");
                }
            }
            case RCPT -> {
                recipients.add(new SmtpSendResult.Recipient(to.get(nextRecipient), r));
                nextRecipient++;
                if (nextRecipient < to.size()) {
                    if (!pipelined) {
                        send("RCPT TO:<" + to.get(nextRecipient) + ">");
                    }
                    return;
                }
                if (!pipelined && recipients.stream().noneMatch(SmtpSendResult.Recipient::accepted)) {
                    quitWith(new SmtpClientException("every recipient was refused", r, new SmtpSendResult(recipients, null)));
                    return;
                }
                state = State.DATA;
                if (!pipelined) {
                    send("DATA");
                }
            }
            case DATA -> {
                boolean anyAccepted = recipients.stream().anyMatch(SmtpSendResult.Recipient::accepted);
                if (r.code() == 354 && (mailRefusal != null || !anyAccepted)) {
                    // Pipelined and nothing to deliver, yet the server waits for data: end it empty.
                    state = State.EMPTY_BODY;
                    transport.write(".\r\n".getBytes(StandardCharsets.US_ASCII));
                    return;
                }
                if (mailRefusal != null) {
                    quitWith(new SmtpClientException("sender refused", mailRefusal, null));
                    return;
                }
                if (!anyAccepted) {
                    quitWith(new SmtpClientException("every recipient was refused", r, new SmtpSendResult(recipients, null)));
                    return;
                }
                if (r.code() != 354) {
                    quitWith(new SmtpClientException("DATA refused", r, new SmtpSendResult(recipients, null)));
                    return;
                }
                state = State.BODY;
                transport.write(DotUnstuffer.stuff(message));
            }
            case EMPTY_BODY -> quitWith(mailRefusal != null
                    ? new SmtpClientException("sender refused", mailRefusal, null)
                    : new SmtpClientException("every recipient was refused", r, new SmtpSendResult(recipients, null)));
            case BODY -> {
                if (r.code() / 100 != 2) {
                    quitWith(new SmtpClientException("message refused", r, new SmtpSendResult(recipients, r)));
                    return;
                }
                finalResult = new SmtpSendResult(recipients, r);
                state = State.QUIT;
                send("QUIT");
            }
            case QUIT -> {
                state = State.DONE;
                cancelTimer();
                transport.loseConnection();
            }
            default -> { }
        }
    }

    private void readExtensions(SmtpReply r) {
        extensions.clear();
        authMechanisms.clear();
        for (String line : r.lines().subList(1, r.lines().size())) {
            String[] words = line.trim().toUpperCase(Locale.ROOT).split(" +");
            extensions.add(words[0]);
            if (words[0].equals("AUTH")) {
                for (int i = 1; i < words.length; i++) {
                    authMechanisms.add(words[i]);
                }
            }
        }
    }

    /** Whether the server's EHLO listed {@code keyword}. */
    boolean offers(String keyword) {
        return extensions.contains(keyword);
    }

    private void afterHello() {
        if (!tlsActive && options.tlsMode() != SmtpClientOptions.TlsMode.NEVER) {
            if (offers("STARTTLS")) {
                state = State.STARTTLS;
                send("STARTTLS");
                return;
            }
            if (options.tlsMode() == SmtpClientOptions.TlsMode.REQUIRED) {
                quitWith(new SmtpClientException("the server does not offer STARTTLS, which is required", null, null));
                return;
            }
        }
        afterTls();
    }

    private void afterTls() {
        if (options.username() == null) {
            mail();
            return;
        }
        if (!tlsActive && !options.allowAuthWithoutTls()) {
            quitWith(new SmtpClientException("refusing to send a password without TLS", null, null));
            return;
        }
        if (authMechanisms.contains("PLAIN")) {
            state = State.AUTH_PLAIN;
            send("AUTH PLAIN " + b64("\0" + options.username() + "\0" + Objects.requireNonNullElse(options.password(), "")));
        } else if (authMechanisms.contains("LOGIN")) {
            state = State.AUTH_LOGIN_USER;
            send("AUTH LOGIN");
        } else {
            quitWith(new SmtpClientException("the server offers no AUTH mechanism this client knows (PLAIN, LOGIN)", null, null));
        }
    }

    private void mail() {
        StringBuilder cmd = new StringBuilder("MAIL FROM:<").append(from).append('>');
        if (offers("SIZE")) {
            cmd.append(" SIZE=").append(message.length);
        }
        if (offers("8BITMIME") && has8Bit()) {
            cmd.append(" BODY=8BITMIME");
        }
        state = State.MAIL;
        pipelined = offers("PIPELINING");
        if (!pipelined) {
            send(cmd.toString());
            return;
        }
        // RFC 2920: MAIL, every RCPT and DATA in one go; the replies come back in order.
        StringBuilder batch = new StringBuilder(cmd).append("\r\n");
        for (MailAddress rcpt : to) {
            batch.append("RCPT TO:<").append(rcpt).append(">\r\n");
        }
        batch.append("DATA\r\n");
        transport.write(batch.toString().getBytes(StandardCharsets.UTF_8));
    }

    private boolean has8Bit() {
        for (byte b : message) {
            if (b < 0) {
                return true;
            }
        }
        return false;
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    /** Ends the session politely after a refusal: QUIT, then fail. */
    private void quitWith(SmtpClientException e) {
        failure = e;
        state = State.QUIT;
        send("QUIT");
    }

    private void abort(Throwable t) {
        failure = t;
        state = State.DONE;
        transport.loseConnection();
    }

    private void finish() {
        if (!result.isCalled()) {
            result.callback(finalResult);
        }
    }

    private void fail(Throwable t) {
        if (!result.isCalled()) {
            result.errback(t);
        }
    }
}
