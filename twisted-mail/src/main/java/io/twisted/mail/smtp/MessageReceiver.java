package io.twisted.mail.smtp;

import io.twisted.internet.defer.Deferred;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Receives one message for one recipient (Twisted's {@code IMessage}), streamed: the server
 * hands over the message's bytes as they arrive — dot-unstuffed, CRLF line ends kept, the
 * {@code Received:} trace header first — then calls {@link #eomReceived()} once, or
 * {@link #connectionLost()} if the message is abandoned (connection lost, size limit exceeded).
 *
 * <pre>
 *  write(chunk)* ──▶ eomReceived() ──▶ Deferred fires once stored ──▶ server replies 250
 *              └──▶ connectionLost()   (message dropped; nothing may remain visible)
 * </pre>
 *
 * All calls come on the reactor thread.
 */
public interface MessageReceiver {

    /** The next bytes of the message; {@code data} is valid only during the call. */
    void write(ByteBuffer data) throws IOException;

    /**
     * The message is complete. The Deferred fires (with anything) once the message is stored
     * durably — the server says 250 only then — or fails: with an {@link SmtpRejection} for its
     * reply, anything else gives {@code 451 4.3.0}.
     */
    Deferred<?> eomReceived();

    /** The message is abandoned: drop what was written. */
    void connectionLost();
}
