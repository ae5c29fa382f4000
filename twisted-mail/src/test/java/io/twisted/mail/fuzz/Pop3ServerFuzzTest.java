package io.twisted.mail.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.twisted.cred.Login;
import io.twisted.cred.Portal;
import io.twisted.cred.Realm;
import io.twisted.cred.checkers.InMemoryUsernamePasswordDatabase;
import io.twisted.internet.defer.Deferred;
import io.twisted.internet.task.Clock;
import io.twisted.mail.MaildirPop3Mailbox;
import io.twisted.mail.maildir.Maildir;
import io.twisted.mail.maildir.MaildirNames;
import io.twisted.mail.pop3.Pop3ServerProtocol;
import io.twisted.testing.StringTransport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * The POP3 server fed arbitrary bytes in arbitrary chunks, logged in or not, over a Maildir of
 * two messages: no exception leaves {@code dataReceived}, every status line is {@code +OK} or
 * {@code -ERR}, and the messages are never changed (the session never sends QUIT here).
 */
class Pop3ServerFuzzTest {

    private static final Path ROOT;
    private static final Maildir MAILDIR;

    static {
        try {
            ROOT = FuzzDirs.tempDirDeletedAtExit("pop3-fuzz");
            MAILDIR = Maildir.open(ROOT, new MaildirNames(java.time.Clock.systemUTC(), "fuzz"));
            MAILDIR.deliver("Subject: one\r\n\r\nbody\r\n.dot\r\n".getBytes(StandardCharsets.US_ASCII));
            MAILDIR.deliver("Subject: two\n\nunix line ends\n".getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FuzzTest(maxDuration = "60s")
    void survivesAnything(FuzzedDataProvider data) throws IOException {
        Realm realm = new Realm() {
            @Override
            public <A> Deferred<Login<A>> requestAvatar(Object id, Object mind, List<Class<? extends A>> ifaces) {
                try {
                    Object box = new MaildirPop3Mailbox(MAILDIR);
                    return Deferred.succeed(new Login<>(ifaces.get(0), ifaces.get(0).cast(box), null));
                } catch (IOException e) {
                    return Deferred.fail(e);
                }
            }
        };
        Portal portal = new Portal(realm, List.of(new InMemoryUsernamePasswordDatabase().addUser("alice", "secret")));
        Clock clock = new Clock();
        StringTransport t = new StringTransport();
        Pop3ServerProtocol p = new Pop3ServerProtocol(new Pop3ServerProtocol.Options("pop.test", portal, null, true, 600,
                new java.util.Random(1)), clock);
        p.makeConnection(t);
        if (data.consumeBoolean()) {
            p.dataReceived(ByteBuffer.wrap("USER alice\r\nPASS secret\r\n".getBytes(StandardCharsets.US_ASCII)));
        }
        while (data.remainingBytes() > 0 && !t.isDisconnecting()) {
            byte[] chunk = data.consumeBytes(1 + data.consumeInt(0, 200));
            for (int i = 0; i < chunk.length; i++) {
                if (chunk[i] == 'Q' || chunk[i] == 'q') {
                    chunk[i] = 'X'; // no QUIT: it would apply the DELEs to the shared Maildir
                }
            }
            p.dataReceived(ByteBuffer.wrap(chunk));
            clock.advance(0);
        }
        p.connectionLost(new io.twisted.internet.defer.Failure(new io.twisted.internet.error.ConnectionDone()));
        for (String line : t.takeString().split("\r\n")) {
            if ((line.startsWith("+") || line.startsWith("-")) && !line.startsWith("+OK") && !line.startsWith("-ERR")
                    && !line.startsWith("+ ") && !line.equals("+")) {
                throw new IllegalStateException("not a POP3 status line: " + line);
            }
        }
        if (MAILDIR.messages().size() != 2) {
            throw new IllegalStateException("a session without QUIT changed the maildrop");
        }
    }
}
