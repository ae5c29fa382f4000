package io.twisted.mail.pop3;

import java.util.HashSet;
import java.util.Set;

/**
 * The maildrops locked by POP3 sessions in this process (RFC 1939 section 8): one instance is
 * shared by every session of a server (the realm that creates the mailboxes holds it), so a
 * second login to a maildrop in use is refused whichever connection or listening port it comes
 * through. Keys are whatever names a maildrop uniquely (a Maildir's real path). Safe to use from
 * several threads.
 */
public final class MaildropLocks {

    private final Set<String> held = new HashSet<>();

    /** Takes the lock named {@code key}; {@code false} if it is already held. */
    public synchronized boolean tryAcquire(String key) {
        return held.add(key);
    }

    /** Releases the lock named {@code key} (nothing if it is not held). */
    public synchronized void release(String key) {
        held.remove(key);
    }

    /** Whether the lock named {@code key} is held. */
    public synchronized boolean isHeld(String key) {
        return held.contains(key);
    }
}
