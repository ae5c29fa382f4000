package io.twisted.mail.maildir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Tells listeners that a Maildir changed: a message was delivered into it, had its flags changed,
 * was claimed from {@code new/} or was deleted, through a {@link Maildir} sharing this object.
 * One instance is shared by the Maildirs of a {@link MaildirStore} (and by a Maildir and its
 * Maildir++ folders), so that an SMTP delivery wakes the IMAP sessions idling on that mailbox at
 * once (RFC 2177) instead of at their next poll. Changes made by other processes are not seen
 * here (the IMAP server still polls for them).
 *
 * <p>Thread-safe: a delivery committed on a worker thread calls the listeners on that thread, so
 * a listener that touches reactor state hands the call over to its reactor thread.
 */
public final class MaildirEvents {

    /** A registration; {@link #cancel()} stops the calls. */
    public interface Subscription {
        /** Stops calling the listener; calling it again does nothing. */
        void cancel();
    }

    private final Map<Path, List<Runnable>> listeners = new ConcurrentHashMap<>();

    /** Calls {@code listener} after each change of the Maildir at {@code root}. */
    public Subscription subscribe(Path root, Runnable listener) {
        Path key = key(root);
        listeners.computeIfAbsent(key, k -> new CopyOnWriteArrayList<>()).add(listener);
        return () -> {
            List<Runnable> l = listeners.get(key);
            if (l != null) {
                l.remove(listener);
            }
        };
    }

    /** Tells the listeners of the Maildir at {@code root} that it changed. */
    public void changed(Path root) {
        List<Runnable> l = listeners.get(key(root));
        if (l == null) {
            return;
        }
        for (Runnable r : l) {
            try {
                r.run();
            } catch (RuntimeException e) {
                System.getLogger(MaildirEvents.class.getName()).log(System.Logger.Level.WARNING, "Maildir listener failed", e);
            }
        }
    }

    /** How many listeners the Maildir at {@code root} has (for tests). */
    int listenerCount(Path root) {
        List<Runnable> l = listeners.get(key(root));
        return l == null ? 0 : l.size();
    }

    private static Path key(Path root) {
        return root.toAbsolutePath().normalize();
    }
}
