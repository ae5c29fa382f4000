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
 * The Deferred fires with a {@link SendResult} when the server accepted the message for at least
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
     * Sends a message streamed from {@code body} to {@code address} (a resolved address), calling the
     * server {@code serverName} for TLS (a relay connects to the address of an MX host by name).
     */
    public static Deferred<SendResult> sendmail(Reactor reactor, String serverName, String address, int port,
            MailAddress from, List<MailAddress> recipients, BodyProducer body, SmtpClientOptions options) {
        Objects.requireNonNull(reactor, "reactor");
        Objects.requireNonNull(options, "options");
        String host = address;
        SmtpClientProtocol protocol = new SmtpClientProtocol(options, serverName, from, recipients, body, reactor);
        Connector[] connector = new Connector[1];
        Deferred<SendResult> result = new Deferred<>(d -> {
            if (protocol.transport() != null) {
                protocol.transport().abortConnection();
            } else if (connector[0] != null) {
                connector[0].stopConnecting();
            }
        });
        protocol.result().chainDeferred(result);
        ClientFactory factory = new ClientFactory(() -> protocol) {
            @Override
            public void clientConnectionFailed(Connector c, Failure reason) {
                if (!result.isCalled()) {
                    result.errback(reason);
                }
            }
        };
        connector[0] = reactor.connectTCP(host, port, factory, options.timeout(), null);
        return result;
    }
}
