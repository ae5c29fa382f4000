package io.twisted.mail.smtp;

import io.twisted.internet.Reactor;
import io.twisted.internet.defer.Deferred;
import io.twisted.internet.endpoints.ClientEndpoint;
import io.twisted.internet.endpoints.Endpoints;
import java.util.List;

/**
 * Twisted's {@code smtp.sendmail}: connects, sends one message with an {@link SmtpClientProtocol}
 * and reports what the server said.
 *
 * <pre>{@code
 * SmtpClient.sendmail(reactor, "tcp:host=mx.example.com:port=25",
 *         SmtpClientOptions.plain("client.example").withTls(TlsOptions.forClient("mx.example.com"), TlsMode.REQUIRED)
 *                 .withAuth("alice", "secret"),
 *         MailAddress.parse("alice@example.com"), List.of(MailAddress.parse("bob@example.org")), message)
 *     .addCallback(this::onSent)
 *     .addErrback(this::onFailed);     // SmtpClientException (isTransient() for 4xx), TimeoutError, ConnectError ...
 * }</pre>
 *
 * No MX lookup is done here: the endpoint names the server.
 */
public final class SmtpClient {

    private SmtpClient() {
    }

    /**
     * Sends {@code message} (CRLF line ends) from {@code from} to {@code to} through the server at
     * {@code endpoint} (a client endpoint string such as {@code tcp:host=h:port=25}).
     */
    public static Deferred<SmtpSendResult> sendmail(Reactor reactor, String endpoint, SmtpClientOptions options,
            MailAddress from, List<MailAddress> to, byte[] message) {
        SmtpClientProtocol protocol = new SmtpClientProtocol(options, reactor, from, to, message);
        ClientEndpoint ep = Endpoints.clientFromString(reactor, endpoint);
        return Endpoints.connectProtocol(ep, protocol).addCallbackDeferred(p -> p.result());
    }
}
