package io.twisted.mail.relay;

import io.twisted.internet.defer.Deferred;
import io.twisted.mail.smtp.MailAddress;
import io.twisted.mail.smtp.client.BodyProducer;
import io.twisted.mail.smtp.client.SendResult;
import java.util.List;

/**
 * Sends one message to one mail exchanger; {@link RelayManager} uses
 * {@link io.twisted.mail.smtp.client.SmtpClient} through {@link #smtp}, tests a fake.
 */
@FunctionalInterface
public interface MessageSender {

    /**
     * @param host the exchanger's name (for TLS: SNI, and the name checked under required TLS)
     * @param address one of its addresses, IPv4 or IPv6, as text
     * @return as {@link io.twisted.mail.smtp.client.SmtpClient#sendmail}
     */
    Deferred<SendResult> send(String host, String address, MailAddress from, List<MailAddress> recipients, BodyProducer body);

    /**
     * Sends with SMTP to {@code port} (25 for relaying) with {@code options}; with the default
     * {@link io.twisted.mail.smtp.client.SmtpClientOptions.TlsMode#OPPORTUNISTIC} a failed TLS
     * handshake is followed by one more connection in clear (see
     * {@link io.twisted.mail.smtp.client.SmtpClient#sendmail}).
     */
    static MessageSender smtp(io.twisted.internet.Reactor reactor, int port, io.twisted.mail.smtp.client.SmtpClientOptions options) {
        return (host, address, from, recipients, body) -> io.twisted.mail.smtp.client.SmtpClient.sendmail(reactor, host,
                address, port, from, recipients, body, options);
    }
}
