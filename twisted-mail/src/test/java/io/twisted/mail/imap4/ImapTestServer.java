package io.twisted.mail.imap4;

import static io.twisted.testing.Bytes.ascii;

import io.twisted.cred.Login;
import io.twisted.cred.Portal;
import io.twisted.cred.Realm;
import io.twisted.cred.checkers.InMemoryUsernamePasswordDatabase;
import io.twisted.internet.defer.Deferred;
import io.twisted.internet.task.Clock;
import io.twisted.mail.MaildirImapMailbox;
import io.twisted.mail.maildir.Maildir;
import io.twisted.mail.maildir.MaildirNames;
import io.twisted.mail.maildir.MaildirStore;
import io.twisted.testing.StringTransport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/**
 * An in-memory IMAP server over alice's Maildir in a {@link MaildirStore} (as {@code twist mail}
 * has it: every login opens its own {@link Maildir} object), on a {@link Clock}, for tests.
 */
final class ImapTestServer {

    final Clock clock = new Clock();
    /** The reactor time sessions get (the clock unless a test sets another). */
    io.twisted.internet.ReactorTime time = clock;
    final MaildirStore store;
    final Maildir maildir;
    private final Portal portal;
    private final double idlePoll;

    /** A server whose IDLE poll interval is {@code idlePoll} seconds. */
    ImapTestServer(Path dir, double idlePoll) throws IOException {
        this.idlePoll = idlePoll;
        store = new MaildirStore(dir, new MaildirNames(java.time.Clock.fixed(Instant.ofEpochSecond(1_700_000_000), ZoneOffset.UTC), "h"));
        maildir = store.mailbox("alice");
        Realm realm = new Realm() {
            @Override
            public <A> Deferred<Login<A>> requestAvatar(Object id, Object mind, List<Class<? extends A>> ifaces) {
                try {
                    ImapMailbox box = new MaildirImapMailbox(store.mailbox("alice"),
                            java.time.Clock.fixed(Instant.ofEpochSecond(1234), ZoneOffset.UTC));
                    return Deferred.succeed(new Login<>(ifaces.get(0), ifaces.get(0).cast(box), null));
                } catch (IOException e) {
                    return Deferred.fail(e);
                }
            }
        };
        portal = new Portal(realm, List.of(new InMemoryUsernamePasswordDatabase().addUser("alice", "secret")));
    }

    /** Delivers a small message {@code Subject: <subject>} as SMTP would (through {@code tmp/} into {@code new/}). */
    void deliver(String subject) throws IOException {
        maildir.deliver(("Subject: " + subject + "\r\n\r\nbody of " + subject + "\r\n").getBytes(StandardCharsets.US_ASCII));
    }

    /** A new connection, not logged in (greeting cleared). */
    Session connect() {
        ImapServerProtocol p = new ImapServerProtocol(new ImapServerProtocol.Options("imap.test", portal, null, true, 1800, idlePoll), time);
        StringTransport t = new StringTransport();
        p.makeConnection(t);
        t.clear();
        return new Session(p, t);
    }

    /** A new connection, logged in as alice. */
    Session login() {
        Session s = connect();
        s.send("a LOGIN alice secret\r\n");
        return s;
    }

    /** A new connection with {@code mailbox} SELECTed. */
    Session select(String mailbox) {
        Session s = login();
        s.send("b SELECT " + mailbox + "\r\n");
        return s;
    }

    /** One client connection. */
    final class Session {
        final ImapServerProtocol protocol;
        final StringTransport transport;

        Session(ImapServerProtocol protocol, StringTransport transport) {
            this.protocol = protocol;
            this.transport = transport;
        }

        /** Sends {@code text} and returns all the server wrote in reply. */
        String send(String text) {
            transport.clear();
            protocol.dataReceived(ascii(text));
            while (transport.producer() != null) {
                clock.advance(0);
            }
            return take();
        }

        /** What the server wrote since the last {@link #send} or {@link #take}, then forgets it. */
        String take() {
            String s = transport.valueAsString();
            transport.clear();
            return s;
        }
    }
}
