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
 *
 * <p>Locking (RFC 1939 section 8): right after login the server calls {@link #lock()}; if it
 * answers {@code false} the login is refused with {@code -ERR [IN-USE]} (RFC 2449 section 8.1.1)
 * and the avatar logged out. A lock taken is released with {@link #unlock()} at QUIT (after the
 * UPDATE state), when the connection is lost, and at the autologout timeout. An implementation
 * that takes its snapshot in {@link #lock()} sees the maildrop as it is once locked.
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

    /**
     * Takes the exclusive-access lock on the maildrop for this session (RFC 1939 section 8).
     * The default takes none and answers {@code true}.
     *
     * @return {@code false} if another session holds the lock
     * @throws IOException if the lock could not be tried (the login fails with {@code [SYS/TEMP]})
     */
    default boolean lock() throws IOException {
        return true;
    }

    /** Releases the lock {@link #lock()} took; does nothing if none is held. */
    default void unlock() {
    }

    /** Deletes the messages {@code indices} (at QUIT); fires once they are gone. */
    Deferred<Void> deleteMessages(Set<Integer> indices);
}
