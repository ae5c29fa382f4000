package io.twisted.mail.relay;

import io.twisted.internet.defer.Deferred;
import io.twisted.mail.smtp.MailAddress;
import io.twisted.mail.smtp.MessageDelivery;
import io.twisted.mail.smtp.MessageReceiver;
import io.twisted.mail.smtp.SmtpRejection;
import io.twisted.mail.smtp.SmtpSession;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A {@link MessageDelivery} that relays: recipients in local domains go to the local delivery;
 * others are written to the {@link RelayQueue} — but only for sessions {@code mayRelay} allows
 * (by default: authenticated ones). Everyone else gets {@code 550 5.7.1 Relaying denied}, so the
 * server is never an open relay. Each remote recipient becomes one queue entry (the server asks for
 * one receiver per recipient).
 */
public final class RelayingDelivery implements MessageDelivery {

    private final MessageDelivery local;
    private final Predicate<String> isLocalDomain;
    private final RelayQueue queue;
    private final Predicate<SmtpSession> mayRelay;

    /**
     * @param local delivery for local recipients (and sender checks)
     * @param isLocalDomain whether a domain (as given) is delivered here
     * @param queue where relayed messages go
     * @param mayRelay which sessions may relay, e.g. {@link SmtpSession#isAuthenticated()} or a
     *     check of the client's network
     */
    public RelayingDelivery(MessageDelivery local, Predicate<String> isLocalDomain, RelayQueue queue,
            Predicate<SmtpSession> mayRelay) {
        this.local = Objects.requireNonNull(local, "local");
        this.isLocalDomain = Objects.requireNonNull(isLocalDomain, "isLocalDomain");
        this.queue = Objects.requireNonNull(queue, "queue");
        this.mayRelay = Objects.requireNonNull(mayRelay, "mayRelay");
    }

    /** Relays for authenticated sessions only. */
    public RelayingDelivery(MessageDelivery local, Predicate<String> isLocalDomain, RelayQueue queue) {
        this(local, isLocalDomain, queue, SmtpSession::isAuthenticated);
    }

    @Override
    public Deferred<MailAddress> validateFrom(SmtpSession session, MailAddress from) {
        return local.validateFrom(session, from);
    }

    @Override
    public Deferred<Supplier<MessageReceiver>> validateTo(SmtpSession session, MailAddress from, MailAddress to) {
        if (isLocalDomain.test(to.domain())) {
            return local.validateTo(session, from, to);
        }
        if (!mayRelay.test(session)) {
            return Deferred.fail(new SmtpRejection(550, "5.7.1", "Relaying denied"));
        }
        return Deferred.succeed(() -> {
            try {
                return queue.newMessage(from, List.of(to));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
