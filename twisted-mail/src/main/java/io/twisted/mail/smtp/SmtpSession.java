package io.twisted.mail.smtp;

import java.net.SocketAddress;

/**
 * What a {@link MessageDelivery} knows of the client when it is asked to validate a sender or a
 * recipient (the {@code helo}, {@code protocol} and {@code orig} of Twisted's {@code User}).
 *
 * @param heloName the name the client gave in HELO/EHLO
 * @param clientAddress the client's address ({@code transport.getPeer()})
 * @param tls whether the session runs over TLS (STARTTLS done, or an implicit-TLS port)
 * @param authenticatedUser the avatar ID of the user logged in with AUTH, or {@code null}
 */
public record SmtpSession(String heloName, SocketAddress clientAddress, boolean tls, Object authenticatedUser) {

    /** Whether the client logged in with AUTH. */
    public boolean isAuthenticated() {
        return authenticatedUser != null;
    }
}
