package io.twisted.mail.smtp;

import io.twisted.internet.defer.Deferred;
import java.util.function.Supplier;

/**
 * Decides who may send mail to whom, and where it goes (Twisted's {@code IMessageDelivery}). One
 * is given to each SMTP connection; a user who logs in with AUTH gets the one the cred realm
 * returns as avatar for {@code MessageDelivery.class}.
 *
 * <pre>
 *  MAIL FROM:&lt;a&gt;  ──validateFrom(session, a)──▶ Deferred&lt;MailAddress&gt;          250 or the rejection's reply
 *  RCPT TO:&lt;b&gt;    ──validateTo(session, a, b)──▶ Deferred&lt;Supplier&lt;MessageReceiver&gt;&gt;   250 or rejection
 *  DATA ... .      ──each supplier.get(), write(...)*, eomReceived()──▶ 250 once all stored
 * </pre>
 *
 * A refusal is a Deferred failing with {@link SmtpRejection} (its reply is sent as it is); any
 * other failure is answered {@code 451 4.3.0} (try again later). Called on the reactor thread.
 * Relaying policy belongs here: accept a non-local recipient only for an authenticated session or
 * a trusted client network, and answer others {@code 550 5.7.1}.
 */
public interface MessageDelivery {

    /** Checks the reverse path; fires with the address to use (usually {@code from}). */
    Deferred<MailAddress> validateFrom(SmtpSession session, MailAddress from);

    /** Checks a recipient; fires with a factory of the receiver that will take the message for it. */
    Deferred<Supplier<MessageReceiver>> validateTo(SmtpSession session, MailAddress from, MailAddress to);
}
