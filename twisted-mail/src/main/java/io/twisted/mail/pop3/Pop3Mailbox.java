package io.twisted.mail.pop3;

import io.twisted.internet.defer.Deferred;
import java.io.IOException;
import java.io.InputStream;
import java.util.Set;

/**
 * A user's maildrop as POP3 sees it (Twisted's {@code pop3.IMailbox}): the avatar a cred realm
 * returns for {@code Pop3Mailbox.class}. Messages are numbered from 0 here (the protocol shows
 * them from 1) and fixed for the session: the list is a snapshot taken at login. Deletions are
 * only marks in the protocol until QUIT, when {@link #deleteMessages} applies them (RFC 1939
 * section 6, UPDATE state). Called on the reactor thread; the messages are read with blocking
 * I/O in chunks (local files).
 */
public interface Pop3Mailbox {

    /** How many messages the snapshot has. */
    int messageCount();

    /** The size of message {@code index} in octets, exactly as {@link #openMessage} gives it. */
    long messageSize(int index);

    /** A unique ID for message {@code index} (UIDL, RFC 1939 section 7): 1 to 70 characters 0x21 to 0x7e. */
    String uniqueId(int index);

    /** The message's bytes (CRLF line ends); the caller closes the stream. */
    InputStream openMessage(int index) throws IOException;

    /** Deletes the messages {@code indices} (at QUIT); fires once they are gone. */
    Deferred<Void> deleteMessages(Set<Integer> indices);
}
