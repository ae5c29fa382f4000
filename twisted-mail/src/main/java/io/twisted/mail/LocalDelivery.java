package io.twisted.mail;

import io.twisted.internet.defer.Deferred;
import io.twisted.mail.smtp.MailAddress;
import io.twisted.mail.smtp.MessageDelivery;
import io.twisted.mail.smtp.MessageReceiver;
import io.twisted.mail.smtp.SmtpRejection;
import io.twisted.mail.smtp.SmtpSession;
import java.io.IOException;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Delivers SMTP mail for the {@link MailDomains} into their Maildirs, and refuses everything else.
 *
 * <p>A recipient in a local domain is accepted if the user exists ({@code 550 5.1.1} otherwise).
 * A recipient elsewhere would be relaying: this server has no outbound queue, so it is refused
 * with {@code 550 5.7.1 Relaying denied} whoever asks — never an open relay. Any sender is
 * accepted (anonymous senders may be refused by the protocol's
 * {@code requireAuthentication} option).
 */
public final class LocalDelivery implements MessageDelivery {

    private final MailDomains domains;
    private final BlockingCalls blocking;

    public LocalDelivery(MailDomains domains, BlockingCalls blocking) {
        this.domains = Objects.requireNonNull(domains, "domains");
        this.blocking = Objects.requireNonNull(blocking, "blocking");
    }

    @Override
    public Deferred<MailAddress> validateFrom(SmtpSession session, MailAddress from) {
        return Deferred.succeed(from);
    }

    @Override
    public Deferred<Supplier<MessageReceiver>> validateTo(SmtpSession session, MailAddress from, MailAddress to) {
        if (!domains.isLocal(to.domain())) {
            return Deferred.fail(new SmtpRejection(550, "5.7.1", "Relaying denied"));
        }
        if (!domains.hasUser(to.domain(), to.localPart())) {
            return Deferred.fail(new SmtpRejection(550, "5.1.1", "No such user here"));
        }
        MailDomains.Account account = new MailDomains.Account(to.domainLowerCase(),
                io.twisted.mail.maildir.MaildirStore.normalize(to.localPart()));
        return Deferred.succeed(() -> receiverFor(account));
    }

    private MessageReceiver receiverFor(MailDomains.Account account) {
        try {
            return new MaildirMessageReceiver(domains.mailbox(account), blocking);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
