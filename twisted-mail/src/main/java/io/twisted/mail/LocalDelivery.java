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
 * Delivers SMTP mail for the {@link MailDomains} into their Maildirs, and relays only where a
 * {@link RelayPolicy} allows it and a relay is configured.
 *
 * <p>A recipient in a local domain is accepted if the user exists ({@code 550 5.1.1} otherwise).
 * A recipient elsewhere is relaying: accepted only if a relay (an outbound queue) was given with
 * {@link #withRelay} and the policy allows this client (logged in, or from a trusted network);
 * otherwise {@code 550 5.7.1 Relaying denied} — never an open relay. {@code twist mail} has no
 * outbound queue yet, so it relays nothing. Any sender is accepted (anonymous senders may be
 * refused by the protocol's {@code requireAuthentication} option).
 */
public final class LocalDelivery implements MessageDelivery {

    private final MailDomains domains;
    private final BlockingCalls blocking;
    private final RelayPolicy relayPolicy;
    private final java.util.function.Function<MailAddress, MessageReceiver> relay;
    private final boolean toPostmaster;

    /** Local delivery only: nothing is relayed. */
    public LocalDelivery(MailDomains domains, BlockingCalls blocking) {
        this(domains, blocking, RelayPolicy.nobody(), null, false);
    }

    private LocalDelivery(MailDomains domains, BlockingCalls blocking, RelayPolicy relayPolicy,
            java.util.function.Function<MailAddress, MessageReceiver> relay, boolean toPostmaster) {
        this.domains = Objects.requireNonNull(domains, "domains");
        this.blocking = Objects.requireNonNull(blocking, "blocking");
        this.relayPolicy = Objects.requireNonNull(relayPolicy, "relayPolicy");
        this.relay = relay;
        this.toPostmaster = toPostmaster;
    }

    /**
     * This delivery, giving mail for unknown users of a local domain to that domain's
     * {@code postmaster} user instead of refusing it (Twisted's {@code --bounce-to-postmaster});
     * a domain without a postmaster still refuses them.
     */
    public LocalDelivery withPostmasterFallback() {
        return new LocalDelivery(domains, blocking, relayPolicy, relay, true);
    }

    /**
     * This delivery, also relaying mail for other domains to {@code relay} (which makes the
     * receiver queuing a message for one outside recipient) for the clients {@code policy} allows.
     */
    public LocalDelivery withRelay(RelayPolicy policy, java.util.function.Function<MailAddress, MessageReceiver> relay) {
        return new LocalDelivery(domains, blocking, policy, Objects.requireNonNull(relay, "relay"), toPostmaster);
    }

    @Override
    public Deferred<MailAddress> validateFrom(SmtpSession session, MailAddress from) {
        return Deferred.succeed(from);
    }

    @Override
    public Deferred<Supplier<MessageReceiver>> validateTo(SmtpSession session, MailAddress from, MailAddress to) {
        if (!domains.isLocal(to.domain())) {
            if (relay == null || !relayPolicy.mayRelay(session)) {
                return Deferred.fail(new SmtpRejection(550, "5.7.1", "Relaying denied"));
            }
            return Deferred.succeed(() -> relay.apply(to));
        }
        String user = to.localPart();
        if (!domains.hasUser(to.domain(), user)) {
            if (!toPostmaster || !domains.hasUser(to.domain(), "postmaster")) {
                return Deferred.fail(new SmtpRejection(550, "5.1.1", "No such user here"));
            }
            user = "postmaster";
        }
        MailDomains.Account account = new MailDomains.Account(to.domainLowerCase(),
                io.twisted.mail.maildir.MaildirStore.normalize(user));
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
