package io.twisted.mail.imap4;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Set;

/**
 * A mailbox (folder) as the IMAP server uses it. Called on the reactor thread; implementations
 * over local files do small blocking operations.
 */
public interface ImapFolder {

    /** The folder's UIDVALIDITY. */
    long uidValidity();

    /** The UID the next message will get (UIDNEXT). */
    long uidNext();

    /** The messages now in the folder, in UID order (new ones get UIDs here). */
    List<ImapMessage> messages() throws IOException;

    /**
     * Gives {@code message} exactly {@code flags} (system flags and keywords; keywords the folder
     * cannot keep are dropped, see {@link #keywordRoom()}); returns it as it is now. A message
     * another session expunged meanwhile is returned unchanged.
     */
    ImapMessage setFlags(ImapMessage message, Set<String> flags) throws IOException;

    /**
     * Claims a message no session has seen yet ({@link ImapMessage#isNew()}) for the calling
     * session, for which it is then \Recent (RFC 3501 section 2.3.2): of several sessions
     * claiming one message exactly one succeeds. Only read-write sessions claim. The default
     * claims nothing (no message is ever \Recent).
     *
     * @return the message as it is now, or {@code null} if another session claimed it first
     */
    default ImapMessage claimRecent(ImapMessage message) throws IOException {
        return null;
    }

    /** The keywords defined in this folder (shown in FLAGS and PERMANENTFLAGS). The default: none. */
    default List<String> keywords() throws IOException {
        return List.of();
    }

    /**
     * How many new keywords this folder can still take (0: keywords cannot be stored, and
     * PERMANENTFLAGS then leaves out {@code \*}). The default: 0.
     */
    default int keywordRoom() throws IOException {
        return 0;
    }

    /**
     * Calls {@code listener}, possibly on another thread, whenever this folder changes through
     * this server (new message, flags, expunge), so that IDLE sessions are told at once (RFC
     * 2177); returns the action that stops the calls. The default never calls it (the server
     * still polls during IDLE).
     */
    default Runnable watch(Runnable listener) {
        return () -> { };
    }

    /** Removes {@code message} for good (EXPUNGE). */
    void expunge(ImapMessage message) throws IOException;

    /** The message's bytes (CRLF line ends); the caller closes the stream. */
    InputStream open(ImapMessage message) throws IOException;

    /**
     * Copies {@code message} into {@code target} (another folder of the same mailbox) with its
     * flags (COPY); the copy gets a new UID there, which this returns (0 if the store cannot
     * tell, and then COPYUID is not reported, RFC 4315 section 3).
     */
    long copyTo(ImapMessage message, ImapFolder target) throws IOException;

    /** Starts storing a new message with {@code flags} (APPEND); its bytes follow. */
    Appender startAppend(Set<String> flags) throws IOException;

    /**
     * Starts storing a new message with {@code flags} and the INTERNALDATE {@code internalDate}
     * (APPEND with a date-time, RFC 3501 section 6.3.11). The default ignores the date.
     */
    default Appender startAppend(Set<String> flags, java.time.Instant internalDate) throws IOException {
        return startAppend(flags);
    }

    /** A message being appended: bytes, then {@link #commit()} or {@link #abort()}. */
    interface Appender {
        /** The next bytes of the message. */
        void write(java.nio.ByteBuffer data) throws IOException;

        /**
         * Stores the message durably; returns the UID it got (0 if the store cannot tell, and
         * then APPENDUID is not reported, RFC 4315 section 3).
         */
        long commit() throws IOException;

        /** Drops the message. */
        void abort();
    }
}
