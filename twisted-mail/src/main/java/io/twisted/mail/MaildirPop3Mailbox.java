package io.twisted.mail;

import io.twisted.internet.defer.Deferred;
import io.twisted.mail.maildir.Maildir;
import io.twisted.mail.maildir.MaildirMessage;
import io.twisted.mail.pop3.ByteStuffer;
import io.twisted.mail.pop3.MaildropLocks;
import io.twisted.mail.pop3.Pop3Mailbox;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A {@link Maildir} as a POP3 maildrop: the messages of {@code new/} and {@code cur/}, oldest
 * first, as they are when the session's lock is taken; a message deleted by another reader
 * (IMAP) meanwhile is shown as empty and its deletion ignored.
 *
 * <p><b>UIDL</b> (RFC 1939 section 7) is the Maildir unique name, which stays the same across
 * sessions, restarts and flag changes (moves from {@code new/} to {@code cur/}). A name that is
 * longer than 70 characters or has characters outside 0x21 to 0x7E is replaced by
 * {@code "H" + base64url(SHA-256(name))} (44 characters), so IDs stay unique and stable.
 *
 * <p><b>Sizes</b> are octet counts as RETR sends them: a message with bare LF line ends (from
 * another delivery agent) is sent with CRLF ({@link ByteStuffer}), so its size is counted the same
 * way ({@link ByteStuffer#wireSize}), reading the file once, when first needed; a unique name with
 * Dovecot's {@code ,W=n} field gives the size without reading.
 *
 * <p><b>Locking</b> (RFC 1939 section 8) has two layers: {@link MaildropLocks} (shared by the
 * sessions of this process) keyed by the Maildir's real path, and an OS file lock
 * ({@link FileChannel#tryLock()}: {@code fcntl} on Unix) on the file {@value #LOCK_FILE} in the
 * Maildir's root, against other processes (another instance of this server; other programs
 * taking the same lock). The OS lock dies with the process that holds it, so a killed server
 * leaves no stale lock: the file itself may stay and means nothing. Limits: file locks may not
 * work on some network file systems; and use one {@link MaildropLocks} per process for a
 * Maildir (the JVM refuses a second lock on a file it holds, and closing the failed attempt's
 * channel can drop the first holder's OS lock, though the in-process lock then still holds).
 */
public final class MaildirPop3Mailbox implements Pop3Mailbox {

    /** The name of the lock file in the Maildir's root. */
    public static final String LOCK_FILE = "twisted-pop3.lock";

    private final Maildir maildir;
    private final MaildropLocks locks;
    private List<MaildirMessage> messages;
    private long[] sizes;
    private String lockKey;
    private FileChannel lockChannel;
    private FileLock fileLock;

    /** Takes the snapshot of {@code maildir}; locks come from a registry of its own. */
    public MaildirPop3Mailbox(Maildir maildir) throws IOException {
        this(maildir, new MaildropLocks());
    }

    /**
     * Takes the snapshot of {@code maildir} (taken again by {@link #lock()}).
     *
     * @param locks the locks shared by the POP3 sessions of this process
     */
    public MaildirPop3Mailbox(Maildir maildir, MaildropLocks locks) throws IOException {
        this.maildir = Objects.requireNonNull(maildir, "maildir");
        this.locks = Objects.requireNonNull(locks, "locks");
        snapshot();
    }

    private void snapshot() throws IOException {
        messages = maildir.messages();
        sizes = new long[messages.size()];
        java.util.Arrays.fill(sizes, -1);
    }

    @Override
    public boolean lock() throws IOException {
        if (lockKey != null) {
            return true;
        }
        String key = maildir.root().toRealPath().toString();
        if (!locks.tryAcquire(key)) {
            return false;
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(maildir.root().resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock l;
            try {
                l = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                l = null;
            }
            if (l == null) {
                channel.close();
                locks.release(key);
                return false;
            }
            lockKey = key;
            lockChannel = channel;
            fileLock = l;
            snapshot();
            return true;
        } catch (IOException | RuntimeException e) {
            if (lockKey == null) {
                if (channel != null) {
                    channel.close();
                }
                locks.release(key);
            } else {
                unlock();
            }
            throw e;
        }
    }

    @Override
    public void unlock() {
        if (lockKey == null) {
            return;
        }
        try {
            if (fileLock != null) {
                fileLock.release();
            }
            lockChannel.close();
        } catch (IOException ignored) {
            // Closing the channel releases the OS lock in any case.
        } finally {
            fileLock = null;
            lockChannel = null;
            locks.release(lockKey);
            lockKey = null;
        }
    }

    @Override
    public int messageCount() {
        return messages.size();
    }

    @Override
    public long messageSize(int index) {
        if (sizes[index] < 0) {
            sizes[index] = wireSize(messages.get(index));
        }
        return sizes[index];
    }

    private static long wireSize(MaildirMessage m) {
        try {
            return m.wireSize();
        } catch (IOException e) {
            // Unreadable now: RETR will fail with [SYS/TEMP] too. The file size is the best guess.
            try {
                return Files.size(m.path());
            } catch (IOException again) {
                return 0;
            }
        }
    }

    @Override
    public String uniqueId(int index) {
        return uidl(messages.get(index).uniqueName());
    }

    /** The UIDL of a message whose Maildir unique name is {@code uniqueName} (see the class comment). */
    static String uidl(String uniqueName) {
        boolean ok = !uniqueName.isEmpty() && uniqueName.length() <= 70;
        for (int i = 0; i < uniqueName.length() && ok; i++) {
            char c = uniqueName.charAt(i);
            ok = c >= 0x21 && c <= 0x7e;
        }
        if (ok) {
            return uniqueName;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(uniqueName.getBytes(StandardCharsets.UTF_8));
            return "H" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is a required JDK algorithm", e);
        }
    }

    @Override
    public InputStream openMessage(int index) throws IOException {
        try {
            return Files.newInputStream(messages.get(index).path());
        } catch (NoSuchFileException e) {
            return InputStream.nullInputStream();
        }
    }

    @Override
    public Deferred<Void> deleteMessages(Set<Integer> indices) {
        try {
            List<MaildirMessage> now = null;
            for (int i : indices) {
                MaildirMessage m = messages.get(i);
                if (!Files.exists(m.path())) {
                    // Renamed meanwhile (another reader changed its flags): find it by unique name.
                    if (now == null) {
                        now = maildir.messages();
                    }
                    for (MaildirMessage c : now) {
                        if (c.uniqueName().equals(m.uniqueName())) {
                            m = c;
                            break;
                        }
                    }
                }
                maildir.delete(m);
            }
            return Deferred.succeed(null);
        } catch (IOException e) {
            return Deferred.fail(e);
        }
    }
}
