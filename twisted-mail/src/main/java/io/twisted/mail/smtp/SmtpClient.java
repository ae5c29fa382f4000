package io.twisted.mail.smtp;

import io.twisted.internet.ClientFactory;
import io.twisted.internet.Connector;
import io.twisted.internet.Reactor;
import io.twisted.internet.defer.Deferred;
import io.twisted.internet.defer.Failure;
import java.util.List;

/**
 * Twisted's {@code smtp.sendmail}: connects, sends one message with an {@link SmtpClientProtocol}
 * and reports what the server said.
 *
 * <pre>{@code
 * SmtpClient.sendmail(reactor, "mx.example.com", 25,
 *         SmtpClientOptions.plain("client.example").withTls(TlsOptions.forClient("mx.example.com"), TlsMode.REQUIRED)
 *                 .withAuth("alice", "secret"),
 *         MailAddress.parse("alice@example.com"), List.of(MailAddress.parse("bob@example.org")), message)
 *     .addCallback(this::onSent)
 *     .addErrback(this::onFailed);     // SmtpClientException (isTransient() for 4xx), TimeoutError, ConnectError ...
 * }</pre>
 *
 * <p>No MX lookup is done here: {@code host} names the server. The connection is made with
 * {@code connectTCP} directly rather than through a client endpoint, whose protocol wrapper would
 * stand between STARTTLS and the protocol.
 */
public final class SmtpClient {

    private SmtpClient() {
    }

    /** Sends {@code message} (CRLF line ends) from {@code from} to {@code to} through {@code host:port}. */
    public static Deferred<SmtpSendResult> sendmail(Reactor reactor, String host, int port, SmtpClientOptions options,
            MailAddress from, List<MailAddress> to, byte[] message) {
        SmtpClientProtocol protocol = new SmtpClientProtocol(options, reactor, from, to, message);
        Deferred<SmtpSendResult> result = new Deferred<>();
        ClientFactory factory = new ClientFactory(() -> protocol) {
            @Override
            public void clientConnectionFailed(Connector connector, Failure reason) {
                if (!result.isCalled()) {
                    result.errback(reason);
                }
            }
        };
        protocol.result().addCallbacks(r -> {
            if (!result.isCalled()) {
                result.callback(r);
            }
            return null;
        }, f -> {
            if (!result.isCalled()) {
                result.errback(f);
            }
            return null;
        });
        double timeout = options.timeout() > 0 ? options.timeout() : 30;
        reactor.connectTCP(host, port, factory, timeout, null);
        return result;
    }
}
