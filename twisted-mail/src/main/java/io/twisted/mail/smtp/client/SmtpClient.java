package io.twisted.mail.smtp.client;

import io.twisted.internet.ClientFactory;
import io.twisted.internet.Connector;
import io.twisted.internet.Reactor;
import io.twisted.internet.defer.Deferred;
import io.twisted.internet.defer.Failure;
import io.twisted.mail.smtp.MailAddress;
import java.util.List;
import java.util.Objects;

/**
 * Sends one message over SMTP (Twisted's {@code twisted.mail.smtp.sendmail}).
 *
 * <pre>{@code
 * SmtpClient.sendmail(reactor, "mx.example.com", 25, MailAddress.parse("a@example.org"),
 *         List.of(MailAddress.parse("b@example.com")), message,
 *         SmtpClientOptions.builder().tls(TlsMode.REQUIRED).auth("a", "secret").build())
 *     .addCallback(result -> { result.refused().forEach(...); return null; });
 * }</pre>
 *
 * TLS for direct callers: the default {@link SmtpClientOptions.TlsMode#OPPORTUNISTIC} means
 * "encrypt when offered": the certificate is <em>not</em> verified (as Python's
 * {@code smtplib.starttls()} without an SSL context, and RFC 7435), a refused STARTTLS continues in
 * clear, and a failed handshake is followed by one more connection in clear. This protects against
 * passive eavesdropping only, so a password is then only sent with CRAM-MD5. To submit mail with
 * a password to a provider (port 587), use {@link SmtpClientOptions.TlsMode#REQUIRED}: chain and
 * host name are verified (against the JDK's trust store or
 * {@link SmtpClientOptions.Builder#trustRoots}), and nothing is sent otherwise.
 *
 * <p>The Deferred fires with a {@link SendResult} when the server accepted the message for at least
 * one recipient, or fails with {@link SmtpClientException} (see {@link SmtpClientProtocol}), or with
 * the connection error ({@code ConnectError} and subclasses) when the server cannot be reached.
 * Cancelling it aborts the connection.
 */
public final class SmtpClient {

    private SmtpClient() {
    }

    /** Sends a message held in memory; see the class comment. */
    public static Deferred<SendResult> sendmail(Reactor reactor, String host, int port, MailAddress from,
            List<MailAddress> recipients, byte[] message, SmtpClientOptions options) {
        return sendmail(reactor, host, port, from, recipients, BodyProducers.of(message, reactor), options);
    }

    /** Sends a message with addresses as text ({@code ""} for the null sender). */
    public static Deferred<SendResult> sendmail(Reactor reactor, String host, int port, String from,
            List<String> recipients, byte[] message, SmtpClientOptions options) {
        MailAddress sender = from.isEmpty() ? MailAddress.NULL_SENDER : MailAddress.parse(from);
        return sendmail(reactor, host, port, sender, recipients.stream().map(MailAddress::parse).toList(), message, options);
    }

    /**
     * Sends a message streamed from {@code body}.
     *
     * @param host the server's name or address (also the TLS server name unless the options set TLS settings)
     */
    public static Deferred<SendResult> sendmail(Reactor reactor, String host, int port, MailAddress from,
            List<MailAddress> recipients, BodyProducer body, SmtpClientOptions options) {
        return sendmail(reactor, host, host, port, from, recipients, body, options);
    }

    /**
     * Sends a message streamed from {@code body} to {@code address} (a resolved address, IPv4 or
     * IPv6), calling the server {@code serverName} for TLS (a relay connects to an address of an
     * MX host by the host's name).
     *
     * <p>With {@link SmtpClientOptions.TlsMode#OPPORTUNISTIC} (and
     * {@link SmtpClientOptions#plaintextFallback()}), a send that fails with
     * {@link SmtpTlsHandshakeException} is made once more on a new connection without STARTTLS,
     * as RFC 7435 section 3 and Postfix do; the body has not been read at that point. Never for
     * {@link SmtpClientOptions.TlsMode#REQUIRED}.
     */
    public static Deferred<SendResult> sendmail(Reactor reactor, String serverName, String address, int port,
            MailAddress from, List<MailAddress> recipients, BodyProducer body, SmtpClientOptions options) {
        Objects.requireNonNull(reactor, "reactor");
        Objects.requireNonNull(options, "options");
        Attempt[] current = new Attempt[1];
        boolean[] cancelled = new boolean[1];
        // Cancelling fails the result with CancelledError; what the aborted connection reports is ignored.
        Deferred<SendResult> result = new Deferred<>(d -> {
            cancelled[0] = true;
            current[0].cancel();
        });
        current[0] = new Attempt(reactor, serverName, address, port, from, recipients, body, options);
        current[0].result.addCallbacks(sent -> {
            if (!result.isCalled()) {
                result.callback(sent);
            }
            return null;
        }, failure -> {
            if (cancelled[0] || result.isCalled()) {
                return null;
            }
            if (options.tlsMode() == SmtpClientOptions.TlsMode.OPPORTUNISTIC && options.plaintextFallback()
                    && failure.value() instanceof SmtpTlsHandshakeException && !result.isCalled()) {
                LOG.log(System.Logger.Level.INFO, "TLS with {0} ({1}) failed ({2}); sending again in clear",
                        serverName, address, failure.getErrorMessage());
                current[0] = new Attempt(reactor, serverName, address, port, from, recipients, body,
                        options.toBuilder().tls(SmtpClientOptions.TlsMode.NONE).build());
                current[0].result.addCallbacks(sent -> {
                    if (!result.isCalled()) {
                        result.callback(sent);
                    }
                    return null;
                }, f -> {
                    if (!cancelled[0] && !result.isCalled()) {
                        result.errback(f);
                    }
                    return null;
                });
            } else if (!result.isCalled()) {
                result.errback(failure);
            }
            return null;
        });
        return result;
    }

    private static final System.Logger LOG = System.getLogger(SmtpClient.class.getName());

    /** One connection and its protocol. */
    private static final class Attempt {
        final Deferred<SendResult> result = new Deferred<>();
        final SmtpClientProtocol protocol;
        final Connector connector;

        Attempt(Reactor reactor, String serverName, String address, int port, MailAddress from,
                List<MailAddress> recipients, BodyProducer body, SmtpClientOptions options) {
            protocol = new SmtpClientProtocol(options, serverName, from, recipients, body, reactor);
            protocol.result().addCallbacks(sent -> {
                if (!result.isCalled()) {
                    result.callback(sent);
                }
                return null;
            }, f -> {
                if (!result.isCalled()) {
                    result.errback(f);
                }
                return null;
            });
            ClientFactory factory = new ClientFactory(() -> protocol) {
                @Override
                public void clientConnectionFailed(Connector c, Failure reason) {
                    if (!result.isCalled()) {
                        result.errback(reason);
                    }
                }
            };
            connector = reactor.connectTCP(address, port, factory, options.connectTimeout(), null);
        }

        void cancel() {
            if (protocol.transport() != null) {
                protocol.transport().abortConnection();
            } else {
                connector.stopConnecting();
            }
        }
    }
}
