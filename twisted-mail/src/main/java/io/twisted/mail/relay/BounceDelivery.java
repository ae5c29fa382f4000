package io.twisted.mail.relay;

import io.twisted.internet.defer.Deferred;
import io.twisted.mail.smtp.MailAddress;

/**
 * Hands a bounce (a delivery status notification) to the sender of a failed message, usually by
 * local delivery into the sender's Maildir or back into the relay queue.
 */
@FunctionalInterface
public interface BounceDelivery {

    /**
     * @param to the original sender
     * @param message the whole bounce, CRLF line ends; its envelope sender is the null path {@code <>}
     */
    Deferred<?> deliver(MailAddress to, byte[] message);
}
