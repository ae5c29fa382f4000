package io.twisted.mail.pop3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.twisted.mail.MaildirPop3Mailbox;
import io.twisted.mail.maildir.Maildir;
import io.twisted.mail.maildir.MaildirNames;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Maildir lock file against another process (Python 3's {@code fcntl.lockf}, the same
 * POSIX record lock as the JVM's {@code FileChannel.tryLock} on Linux): held elsewhere, the
 * maildrop is in use; when that process is killed, the lock is gone with it (no stale lock).
 */
class Pop3MaildropLockInteropTest {

    @TempDir
    Path dir;

    @Test
    @Timeout(30)
    void lockHeldByAnotherProcessIsFreedWhenItIsKilled() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")), "needs /usr/bin/python3");
        Maildir maildir = Maildir.open(dir.resolve("alice"), new MaildirNames(Clock.systemUTC(), "h"));
        Path lockFile = maildir.root().resolve(MaildirPop3Mailbox.LOCK_FILE);
        String script = "import fcntl,sys\n"
                + "f=open(sys.argv[1],'a')\n"
                + "fcntl.lockf(f,fcntl.LOCK_EX|fcntl.LOCK_NB)\n"
                + "print('locked',flush=True)\n"
                + "sys.stdin.read()\n";
        Process python = new ProcessBuilder("/usr/bin/python3", "-c", script, lockFile.toString())
                .redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(python.getInputStream(), StandardCharsets.US_ASCII));
            assertEquals("locked", out.readLine());
            MaildropLocks locks = new MaildropLocks();
            MaildirPop3Mailbox box = new MaildirPop3Mailbox(maildir, locks);
            assertFalse(box.lock());
            assertFalse(locks.isHeld(maildir.root().toRealPath().toString()));
            // A crash: SIGKILL, no clean-up code runs.
            python.destroyForcibly();
            assertTrue(python.waitFor(10, TimeUnit.SECONDS));
            assertTrue(Files.exists(lockFile));
            assertTrue(box.lock());
            assertTrue(locks.isHeld(maildir.root().toRealPath().toString()));
            box.unlock();
            assertFalse(locks.isHeld(maildir.root().toRealPath().toString()));
        } finally {
            python.destroyForcibly();
        }
    }
}
