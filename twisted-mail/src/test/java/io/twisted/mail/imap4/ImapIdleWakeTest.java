package io.twisted.mail.imap4;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twisted.internet.DelayedCall;
import io.twisted.internet.ReactorThreads;
import io.twisted.internet.ReactorTime;
import io.twisted.mail.BlockingCalls;
import io.twisted.mail.MaildirMessageReceiver;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * IDLE (RFC 2177) sessions are told of changes made through this server at once, not at their
 * next poll: the poll interval here is a million seconds, and time only advances by 0.
 */
class ImapIdleWakeTest {

    private static final double NEVER = 1e6;

    @TempDir
    Path dir;

    private ImapTestServer server;
    private ImapTestServer.Session idler;

    @BeforeEach
    void setUp() throws Exception {
        server = new ImapTestServer(dir, NEVER);
        server.deliver("one");
        server.deliver("two");
        idler = server.select("INBOX");
        assertEquals("+ idling\r\n", idler.send("i IDLE\r\n"));
    }

    private String woken() {
        server.clock.advance(0);
        return idler.take();
    }

    @Test
    void smtpDeliveryWakesIdleAtOnce() throws Exception {
        // The path SMTP takes: a receiver over the store's Maildir (another object than the session's).
        MaildirMessageReceiver r = new MaildirMessageReceiver(server.store.mailbox("alice"), BlockingCalls.INLINE);
        r.write(ByteBuffer.wrap("Subject: three\r\n\r\nx\r\n".getBytes(StandardCharsets.US_ASCII)));
        r.eomReceived();
        assertEquals("* 3 EXISTS\r\n* 3 RECENT\r\n", woken());
        assertEquals("i OK IDLE terminated\r\n", idler.send("DONE\r\n"));
    }

    @Test
    void appendByAnotherSessionWakesIdle() {
        ImapTestServer.Session other = server.login();
        assertTrue(other.send("c APPEND INBOX (\\Seen) {3+}\r\nabc\r\n").startsWith("c OK [APPENDUID 1234 3]"));
        assertEquals("* 3 EXISTS\r\n* 2 RECENT\r\n", woken());
        assertEquals("", woken());
    }

    @Test
    void copyAndMoveIntoTheMailboxWakeIdle() {
        ImapTestServer.Session other = server.login();
        other.send("c CREATE Archive\r\nd APPEND Archive {1+}\r\nx\r\ne APPEND Archive {1+}\r\ny\r\nf SELECT Archive\r\n");
        woken();
        assertTrue(other.send("g COPY 1 INBOX\r\n").startsWith("g OK [COPYUID "));
        assertEquals("* 3 EXISTS\r\n* 3 RECENT\r\n", woken());
        assertTrue(other.send("h MOVE 2 INBOX\r\n").contains("h OK MOVE completed"));
        assertEquals("* 4 EXISTS\r\n* 4 RECENT\r\n", woken());
    }

    @Test
    void flagsExpungeAndMoveOutByAnotherSessionWakeIdle() {
        ImapTestServer.Session other = server.select("INBOX");
        other.send("c STORE 2 +FLAGS (\\Flagged)\r\n");
        assertEquals("* 2 FETCH (FLAGS (\\Flagged \\Recent))\r\n", woken());
        other.send("d CREATE Archive\r\ne MOVE 1 Archive\r\n");
        assertEquals("* 1 EXPUNGE\r\n", woken());
    }

    @Test
    void aSessionNotIdlingHearsAtItsNextCommand() throws Exception {
        idler.send("DONE\r\n");
        server.deliver("three");
        assertEquals("", woken());
        assertEquals("* 3 EXISTS\r\n* 3 RECENT\r\nn OK NOOP completed\r\n", idler.send("n NOOP\r\n"));
    }

    @Test
    void aDeliveryOnAnotherThreadIsHandedToTheReactorThread() throws Exception {
        ThreadedTime time = new ThreadedTime();
        server.time = time;
        ImapTestServer.Session s = server.select("INBOX");
        s.send("i IDLE\r\n");
        Thread t = new Thread(() -> {
            try {
                server.deliver("three");
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        t.start();
        t.join(10_000);
        assertEquals("", s.take(), "nothing is written from the delivering thread");
        assertEquals(1, time.fromThreads.size());
        time.fromThreads.poll().run();
        // The first session claimed messages 1 and 2; this one claims the new one.
        assertEquals("* 3 EXISTS\r\n* 1 RECENT\r\n", s.take());
    }

    @Test
    void closingTheMailboxStopsTheWakeUps() throws Exception {
        idler.send("DONE\r\nc CLOSE\r\n");
        assertEquals(0, server.clock.getDelayedCalls().stream().filter(DelayedCall::active).count() - 1, "only the autologout timer");
        server.deliver("three");
        assertEquals(1, server.clock.getDelayedCalls().stream().filter(DelayedCall::active).count());
    }

    /** A reactor time that queues {@code callFromThread} calls for the test to run. */
    private final class ThreadedTime implements ReactorTime, ReactorThreads {
        final ConcurrentLinkedQueue<Runnable> fromThreads = new ConcurrentLinkedQueue<>();

        @Override
        public double seconds() {
            return server.clock.seconds();
        }

        @Override
        public DelayedCall callLater(double delaySeconds, Runnable call) {
            return server.clock.callLater(delaySeconds, call);
        }

        @Override
        public List<DelayedCall> getDelayedCalls() {
            return server.clock.getDelayedCalls();
        }

        @Override
        public void callFromThread(Runnable call) {
            fromThreads.add(call);
        }

        @Override
        public boolean isInReactorThread() {
            return Thread.currentThread().getName().equals("main");
        }
    }
}
