package io.twisted.mail;

import io.twisted.cred.CredentialsChecker;
import io.twisted.cred.Login;
import io.twisted.cred.Realm;
import io.twisted.cred.error.LoginDenied;
import io.twisted.internet.defer.Deferred;
import io.twisted.mail.pop3.Pop3Mailbox;
import io.twisted.mail.smtp.MessageDelivery;
import java.io.IOException;
import java.util.List;
import java.util.Objects;

/**
 * The cred realm of a mail server: for a logged-in user it gives the {@link MessageDelivery} an
 * authenticated SMTP session uses,, the user's {@link Pop3Mailbox} or the user's
 * {@link io.twisted.mail.imap4.ImapMailbox}, over the Maildirs of {@link MailDomains}. The
 * avatar ID is the login name ({@code alice} or {@code alice@example.com}), resolved with
 * {@link MailDomains#resolve}; a user the checker knows but the domains do not is refused
 * ({@link LoginDenied}). Anonymous avatars are refused too.
 */
public final class MailRealm implements Realm {

    private final MailDomains domains;
    private final MessageDelivery authenticatedDelivery;
    /** The POP3 maildrop locks of this server's sessions (RFC 1939 section 8). */
    private final io.twisted.mail.pop3.MaildropLocks pop3Locks = new io.twisted.mail.pop3.MaildropLocks();

    /**
     * @param authenticatedDelivery the delivery for logged-in SMTP users
     */
    public MailRealm(MailDomains domains, MessageDelivery authenticatedDelivery) {
        this.domains = Objects.requireNonNull(domains, "domains");
        this.authenticatedDelivery = Objects.requireNonNull(authenticatedDelivery, "authenticatedDelivery");
    }

    @Override
    public <A> Deferred<Login<A>> requestAvatar(Object avatarId, Object mind, List<Class<? extends A>> interfaces) {
        if (avatarId == CredentialsChecker.ANONYMOUS || !(avatarId instanceof String)) {
            return Deferred.fail(new LoginDenied("anonymous users have no mailbox"));
        }
        MailDomains.Account account = domains.resolve((String) avatarId);
        if (account == null) {
            return Deferred.fail(new LoginDenied("no mailbox for " + avatarId));
        }
        try {
            for (Class<? extends A> iface : interfaces) {
                if (iface == MessageDelivery.class) {
                    return Deferred.succeed(new Login<>(iface, iface.cast(authenticatedDelivery), null));
                }
                if (iface == io.twisted.mail.imap4.ImapMailbox.class) {
                    io.twisted.mail.imap4.ImapMailbox box = new MaildirImapMailbox(domains.mailbox(account), java.time.Clock.systemUTC());
                    return Deferred.succeed(new Login<>(iface, iface.cast(box), null));
                }
                if (iface == Pop3Mailbox.class) {
                    Pop3Mailbox box = new MaildirPop3Mailbox(domains.mailbox(account), pop3Locks);
                    return Deferred.succeed(new Login<>(iface, iface.cast(box), null));
                }
            }
        } catch (IOException e) {
            return Deferred.fail(e);
        }
        return Deferred.fail(new UnsupportedOperationException("no avatar for " + interfaces));
    }
}
