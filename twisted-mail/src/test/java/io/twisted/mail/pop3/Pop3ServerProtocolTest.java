package io.twisted.mail.pop3;

import static io.twisted.testing.Bytes.ascii;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twisted.cred.Login;
import io.twisted.cred.Portal;
import io.twisted.cred.Realm;
import io.twisted.cred.checkers.InMemoryUsernamePasswordDatabase;
import io.twisted.cred.credentials.ApopCredentials;
import io.twisted.internet.defer.Deferred;
import io.twisted.internet.task.Clock;
import io.twisted.testing.Chunkings;
import io.twisted.testing.StringTransport;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class Pop3ServerProtocolTest {

    static final class FakeMailbox implements Pop3Mailbox {
        final List<String> messages = new ArrayList<>(List.of(
                "Subject: one\r\n\r\nfirst\r\n.dot\r\nthird\r\n",
                "Subject: two\r\nX: y\r\n\r\nno final newline"));
        final Set<Integer> deleted = new TreeSet<>();
        int locked;
        int unlocked;
        java.io.IOException lockError;
        Deferred<Void> deleting;

        @Override
        public boolean lock() throws java.io.IOException {
            if (lockError != null) {
                throw lockError;
            }
            locked++;
            return true;
        }

        @Override
        public void unlock() {
            unlocked++;
        }

        @Override
        public int messageCount() {
            return messages.size();
        }

        @Override
        public long messageSize(int index) {
            return messages.get(index).length();
        }

        @Override
        public String uniqueId(int index) {
            return "uid-" + index;
        }

        @Override
        public InputStream openMessage(int index) {
            return new ByteArrayInputStream(messages.get(index).getBytes(StandardCharsets.US_ASCII));
        }

        @Override
        public Deferred<Void> deleteMessages(Set<Integer> indices) {
            deleted.addAll(indices);
            return deleting != null ? deleting : Deferred.succeed(null);
        }
    }

    private final Clock clock = new Clock();
    private final FakeMailbox box = new FakeMailbox();
    private final StringTransport transport = new StringTransport();

    private Portal portal() {
        Realm realm = new Realm() {
            @Override
            public <A> Deferred<Login<A>> requestAvatar(Object id, Object mind, List<Class<? extends A>> ifaces) {
                return Deferred.succeed(new Login<>(ifaces.get(0), ifaces.get(0).cast(box), null));
            }
        };
        return new Portal(realm, List.of(new InMemoryUsernamePasswordDatabase().addUser("alice", "secret")));
    }

    private Pop3ServerProtocol.Options options() {
        return new Pop3ServerProtocol.Options("pop.example.com", portal(), null, true, 600, new Random(3));
    }

    private Pop3ServerProtocol connect(Pop3ServerProtocol.Options o) {
        Pop3ServerProtocol p = new Pop3ServerProtocol(o, clock);
        p.makeConnection(transport);
        return p;
    }

    /** Sends {@code text}, drives any producer to its end, returns what was written. */
    private String send(Pop3ServerProtocol p, String text) {
        transport.clear();
        p.dataReceived(ascii(text));
        pump();
        return transport.valueAsString();
    }

    private void pump() {
        while (transport.producer() != null) {
            clock.advance(0);
        }
    }

    private String login(Pop3ServerProtocol p) {
        return send(p, "USER alice\r\nPASS secret\r\n");
    }

    @Test
    void greetingCarriesAnApopTimestamp() {
        Pop3ServerProtocol p = connect(options());
        String g = transport.valueAsString();
        assertTrue(g.startsWith("+OK POP3 server ready <") && g.endsWith("@pop.example.com>\r\n"), g);
        assertEquals("+OK POP3 server ready " + p.apopTimestamp() + "\r\n", g);
    }

    @Test
    void userPassThenStatListUidl() {
        Pop3ServerProtocol p = connect(options());
        assertEquals("+OK Send your password\r\n+OK Maildrop ready, 2 messages\r\n", login(p));
        assertEquals("+OK 2 " + (box.messageSize(0) + box.messageSize(1)) + "\r\n", send(p, "STAT\r\n"));
        assertEquals("+OK\r\n1 " + box.messageSize(0) + "\r\n2 " + box.messageSize(1) + "\r\n.\r\n", send(p, "LIST\r\n"));
        assertEquals("+OK 2 " + box.messageSize(1) + "\r\n", send(p, "LIST 2\r\n"));
        assertEquals("+OK\r\n1 uid-0\r\n2 uid-1\r\n.\r\n", send(p, "UIDL\r\n"));
        assertEquals("+OK 1 uid-0\r\n", send(p, "UIDL 1\r\n"));
        assertEquals("-ERR No such message\r\n", send(p, "LIST 3\r\n"));
        assertEquals("-ERR Bad message number\r\n", send(p, "RETR x\r\n"));
        assertEquals("-ERR Bad message number\r\n", send(p, "RETR +1\r\n"));
        assertEquals("-ERR Bad message number\r\n", send(p, "RETR 99999999999\r\n"));
        assertEquals("-ERR Bad message number\r\n", send(p, "DELE\r\n"));
        assertEquals("-ERR No such message\r\n", send(p, "RETR 0\r\n"));
    }

    @Test
    void retrIsByteStuffedAndTerminated() {
        Pop3ServerProtocol p = connect(options());
        login(p);
        assertEquals("+OK " + box.messageSize(0) + " octets\r\nSubject: one\r\n\r\nfirst\r\n..dot\r\nthird\r\n.\r\n",
                send(p, "RETR 1\r\n"));
        assertEquals("+OK " + box.messageSize(1) + " octets\r\nSubject: two\r\nX: y\r\n\r\nno final newline\r\n.\r\n",
                send(p, "RETR 2\r\n"));
    }

    @Test
    void topSendsHeaderAndSomeBodyLines() {
        Pop3ServerProtocol p = connect(options());
        login(p);
        assertEquals("+OK Top of message follows\r\nSubject: one\r\n\r\nfirst\r\n..dot\r\n.\r\n", send(p, "TOP 1 2\r\n"));
        assertEquals("+OK Top of message follows\r\nSubject: one\r\n\r\n.\r\n", send(p, "TOP 1 0\r\n"));
        assertEquals("-ERR Syntax: TOP msg lines\r\n", send(p, "TOP 1\r\n"));
    }

    @Test
    void deleIsAppliedOnlyAtQuitAndRsetUndoes() {
        Pop3ServerProtocol p = connect(options());
        login(p);
        assertEquals("+OK Message 1 deleted\r\n", send(p, "DELE 1\r\n"));
        assertEquals("-ERR Message 1 already deleted\r\n", send(p, "DELE 1\r\n"));
        assertEquals("-ERR Message 1 already deleted\r\n", send(p, "RETR 1\r\n"));
        assertEquals("+OK 1 " + box.messageSize(1) + "\r\n", send(p, "STAT\r\n"));
        assertEquals("+OK Maildrop has 2 messages\r\n", send(p, "RSET\r\n"));
        send(p, "DELE 2\r\n");
        assertTrue(box.deleted.isEmpty());
        assertEquals("+OK Bye, 1 messages deleted\r\n", send(p, "QUIT\r\n"));
        assertEquals(Set.of(1), box.deleted);
        assertTrue(transport.isDisconnecting());
    }

    @Test
    void droppedConnectionDeletesNothing() {
        Pop3ServerProtocol p = connect(options());
        login(p);
        send(p, "DELE 1\r\n");
        p.connectionLost(new io.twisted.internet.defer.Failure(new io.twisted.internet.error.ConnectionLost("gone")));
        assertTrue(box.deleted.isEmpty());
    }

    @Test
    void wrongPasswordAndCommandsBeforeLogin() {
        Pop3ServerProtocol p = connect(options());
        assertEquals("-ERR Not logged in\r\n", send(p, "STAT\r\n"));
        assertEquals("-ERR Send USER first\r\n", send(p, "PASS x\r\n"));
        assertEquals("+OK Send your password\r\n-ERR [AUTH] Authentication failed\r\n", send(p, "USER alice\r\nPASS wrong\r\n"));
        assertEquals("-ERR Unknown command\r\n", send(p, "FROB\r\n"));
        assertEquals("+OK Send your password\r\n+OK Maildrop ready, 2 messages\r\n", login(p));
        assertEquals("-ERR Already logged in\r\n", send(p, "USER bob\r\n"));
    }

    @Test
    void passMustFollowUserDirectly() {
        Pop3ServerProtocol p = connect(options());
        assertEquals("+OK Send your password\r\n-ERR Not logged in\r\n-ERR Send USER first\r\n",
                send(p, "USER alice\r\nSTAT\r\nPASS secret\r\n"));
        assertEquals("+OK Send your password\r\n+OK Send your password\r\n+OK Maildrop ready, 2 messages\r\n",
                send(p, "USER bob\r\nUSER alice\r\nPASS secret\r\n"));
    }

    @Test
    void apopLogsInWithTheGreetingTimestamp() {
        Pop3ServerProtocol p = connect(options());
        String digest = ApopCredentials.digest(p.apopTimestamp(), "secret".toCharArray());
        assertEquals("-ERR [AUTH] Authentication failed\r\n", send(p, "APOP alice " + "0".repeat(32) + "\r\n"));
        assertEquals("+OK Maildrop ready, 2 messages\r\n", send(p, "APOP alice " + digest + "\r\n"));
    }

    @Test
    void plainTextLoginRefusedWithoutTlsByDefault() {
        Pop3ServerProtocol p = connect(Pop3ServerProtocol.Options.of("pop", portal()));
        assertFalse(send(p, "CAPA\r\n").contains("USER"));
        assertEquals("-ERR [AUTH] Plain-text login requires TLS: use STLS first\r\n", send(p, "USER alice\r\n"));
        assertEquals("-ERR STLS not available\r\n", send(p, "STLS\r\n"));
    }

    @Test
    void capaListsExtensions() {
        Pop3ServerProtocol p = connect(options());
        assertEquals("+OK Capability list follows\r\nTOP\r\nUIDL\r\nRESP-CODES\r\nAUTH-RESP-CODE\r\nPIPELINING\r\nUSER\r\n"
                + "SASL PLAIN\r\nIMPLEMENTATION Twisted-for-Java\r\n.\r\n", send(p, "CAPA\r\n"));
    }

    @Test
    void pipelinedSessionInEveryChunking() {
        String session = "USER alice\r\nPASS secret\r\nRETR 1\r\nDELE 1\r\nQUIT\r\n";
        for (Chunkings.Chunking c : Chunkings.of(session)) {
            FakeMailbox b = new FakeMailbox();
            StringTransport t = new StringTransport();
            Realm realm = new Realm() {
                @Override
                public <A> Deferred<Login<A>> requestAvatar(Object id, Object mind, List<Class<? extends A>> ifaces) {
                    return Deferred.succeed(new Login<>(ifaces.get(0), ifaces.get(0).cast(b), null));
                }
            };
            Portal portal = new Portal(realm, List.of(new InMemoryUsernamePasswordDatabase().addUser("alice", "secret")));
            Pop3ServerProtocol p = new Pop3ServerProtocol(
                    new Pop3ServerProtocol.Options("pop", portal, null, true, 600, new Random(1)), clock);
            p.makeConnection(t);
            c.forEach(buf -> {
                p.dataReceived(buf);
                while (t.producer() != null) {
                    clock.advance(0);
                }
            });
            String out = t.valueAsString();
            assertTrue(out.endsWith("+OK Send your password\r\n+OK Maildrop ready, 2 messages\r\n+OK "
                    + b.messageSize(0) + " octets\r\nSubject: one\r\n\r\nfirst\r\n..dot\r\nthird\r\n.\r\n"
                    + "+OK Message 1 deleted\r\n+OK Bye, 1 messages deleted\r\n"), c.name() + ": " + out);
            assertEquals(Set.of(0), b.deleted, c.name());
        }
    }

    @Test
    void longLineGetsAnErrorAndIdleClientIsDropped() {
        Pop3ServerProtocol p = connect(options());
        assertEquals("-ERR Line too long\r\n", send(p, "USER " + "a".repeat(300) + "\r\n"));
        transport.clear();
        clock.advance(599);
        assertFalse(transport.isDisconnecting());
        clock.advance(1);
        // RFC 1939 section 3: closed without a response.
        assertEquals("", transport.valueAsString());
        assertTrue(transport.isDisconnecting());
    }

    @Test
    void stlsSwitchesAndThenAllowsUserPass() {
        io.twisted.mail.TlsSwitchingTransport t = new io.twisted.mail.TlsSwitchingTransport();
        Pop3ServerProtocol p = new Pop3ServerProtocol(Pop3ServerProtocol.Options.of("pop", portal())
                .withTls(io.twisted.mail.TlsSwitchingTransport.OPTIONS), clock);
        t.connect(p);
        t.clear();
        p.dataReceived(ascii("CAPA\r\n"));
        assertTrue(t.valueAsString().contains("\r\nSTLS\r\n"));
        t.clear();
        p.dataReceived(ascii("STLS\r\nUSER alice\r\n"));
        assertEquals("+OK Begin TLS negotiation\r\n", t.valueAsString());
        assertEquals("USER alice\r\n", new String(t.tls.unreadValue(), StandardCharsets.US_ASCII));
        p.dataReceived(ascii("CAPA\r\n"));
        String capa = t.tls.takeString();
        assertTrue(capa.contains("\r\nUSER\r\n") && !capa.contains("STLS"), capa);
        p.dataReceived(ascii("USER alice\r\nPASS secret\r\n"));
        assertEquals("+OK Send your password\r\n+OK Maildrop ready, 2 messages\r\n", t.tls.takeString());
    }

    @Test
    void noopAndTopWithZeroLinesAndAStuffedDotLine() {
        box.messages.add("Subject: three\r\n\r\n.\r\n..\r\nafter\r\n");
        Pop3ServerProtocol p = connect(options());
        login(p);
        assertEquals("+OK\r\n", send(p, "NOOP\r\n"));
        assertEquals("+OK Top of message follows\r\nSubject: three\r\n\r\n.\r\n", send(p, "TOP 3 0\r\n"));
        assertEquals("+OK Top of message follows\r\nSubject: three\r\n\r\n..\r\n.\r\n", send(p, "TOP 3 1\r\n"));
        assertEquals("+OK Top of message follows\r\nSubject: three\r\n\r\n..\r\n...\r\nafter\r\n.\r\n",
                send(p, "TOP 3 10\r\n"));
        assertEquals("-ERR Bad line count\r\n", send(p, "TOP 3 -1\r\n"));
        assertEquals("-ERR No such message\r\n", send(p, "TOP 4 0\r\n"));
        send(p, "DELE 3\r\n");
        assertEquals("-ERR Message 3 already deleted\r\n", send(p, "TOP 3 0\r\n"));
        assertEquals("-ERR Message 3 already deleted\r\n", send(p, "LIST 3\r\n"));
        assertEquals("-ERR Message 3 already deleted\r\n", send(p, "UIDL 3\r\n"));
        assertEquals("+OK\r\n1 uid-0\r\n2 uid-1\r\n.\r\n", send(p, "UIDL\r\n"));
    }

    @Test
    void apopChecksTheDigestOfThisGreetingOnly() {
        Pop3ServerProtocol p = connect(options());
        String other = ApopCredentials.digest("<1.2@elsewhere>", "secret".toCharArray());
        String right = ApopCredentials.digest(p.apopTimestamp(), "secret".toCharArray());
        String wrongPassword = ApopCredentials.digest(p.apopTimestamp(), "Secret".toCharArray());
        assertEquals("-ERR [AUTH] Authentication failed\r\n", send(p, "APOP alice " + other + "\r\n"));
        assertEquals("-ERR [AUTH] Authentication failed\r\n", send(p, "APOP alice " + wrongPassword + "\r\n"));
        assertEquals("-ERR [AUTH] Authentication failed\r\n", send(p, "APOP bob " + right + "\r\n"));
        assertEquals("-ERR Syntax: APOP name digest\r\n", send(p, "APOP alice\r\n"));
        assertEquals("+OK Maildrop ready, 2 messages\r\n", send(p, "APOP alice " + right + "\r\n"));
    }

    private static String plain(String s) {
        return java.util.Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void authPlainWithAndWithoutInitialResponse() {
        Pop3ServerProtocol p = connect(options());
        assertEquals("+OK\r\nPLAIN\r\n.\r\n", send(p, "AUTH\r\n"));
        assertEquals("-ERR Unsupported authentication mechanism\r\n", send(p, "AUTH CRAM-MD5\r\n"));
        assertEquals("+ \r\n", send(p, "AUTH PLAIN\r\n"));
        assertEquals("-ERR Authentication cancelled\r\n", send(p, "*\r\n"));
        assertEquals("+ \r\n-ERR [AUTH] Bad base64 in the response\r\n", send(p, "AUTH PLAIN\r\n!!!\r\n"));
        assertEquals("-ERR [AUTH] Authentication failed\r\n", send(p, "AUTH PLAIN " + plain("\0alice\0wrong") + "\r\n"));
        assertEquals("-ERR [AUTH] Authentication failed\r\n", send(p, "AUTH PLAIN " + plain("bob\0alice\0secret") + "\r\n"));
        assertEquals("-ERR [AUTH] Authentication failed\r\n", send(p, "AUTH PLAIN " + plain("alice\0secret") + "\r\n"));
        assertEquals("-ERR [AUTH] Authentication failed\r\n", send(p, "AUTH PLAIN =\r\n"));
        assertEquals("+ \r\n+OK Maildrop ready, 2 messages\r\n",
                send(p, "AUTH PLAIN\r\n" + plain("alice\0alice\0secret") + "\r\n"));
        assertEquals("-ERR Already logged in\r\n", send(p, "AUTH PLAIN\r\n"));
        Pop3ServerProtocol q = connect(options());
        assertEquals("+OK Maildrop ready, 2 messages\r\n", send(q, "AUTH plain " + plain("\0alice\0secret") + "\r\n"));
    }

    @Test
    void authPlainRefusedWithoutTlsByDefault() {
        Pop3ServerProtocol p = connect(Pop3ServerProtocol.Options.of("pop", portal()));
        assertFalse(send(p, "CAPA\r\n").contains("SASL"));
        assertEquals("+OK\r\n.\r\n", send(p, "AUTH\r\n"));
        assertEquals("-ERR [AUTH] Plain-text login requires TLS: use STLS first\r\n",
                send(p, "AUTH PLAIN " + plain("\0alice\0secret") + "\r\n"));
    }

    @Test
    void authPlainSessionInEveryChunking() {
        String session = "AUTH PLAIN\r\n" + plain("\0alice\0secret") + "\r\nSTAT\r\n";
        for (Chunkings.Chunking c : Chunkings.of(session)) {
            StringTransport t = new StringTransport();
            Pop3ServerProtocol p = new Pop3ServerProtocol(options(), clock);
            p.makeConnection(t);
            t.clear();
            c.forEach(p::dataReceived);
            assertEquals("+ \r\n+OK Maildrop ready, 2 messages\r\n+OK 2 " + (box.messageSize(0) + box.messageSize(1)) + "\r\n",
                    t.valueAsString(), c.name());
        }
    }

    @Test
    void lockIsTakenAtLoginAndReleasedOnceAtQuit() {
        Pop3ServerProtocol p = connect(options());
        login(p);
        assertEquals(1, box.locked);
        assertEquals(0, box.unlocked);
        send(p, "QUIT\r\n");
        assertEquals(1, box.unlocked);
        p.connectionLost(new io.twisted.internet.defer.Failure(new io.twisted.internet.error.ConnectionDone("bye")));
        assertEquals(1, box.unlocked);
    }

    @Test
    void lockOutlivesADroppedConnectionUntilTheUpdateIsDone() {
        box.deleting = new Deferred<>();
        Pop3ServerProtocol p = connect(options());
        login(p);
        send(p, "DELE 2\r\n");
        assertEquals("", send(p, "QUIT\r\n"));
        p.connectionLost(new io.twisted.internet.defer.Failure(new io.twisted.internet.error.ConnectionLost("gone")));
        assertEquals(0, box.unlocked);
        box.deleting.callback(null);
        assertEquals(1, box.unlocked);
        assertEquals(Set.of(1), box.deleted);
    }

    @Test
    void serverTroubleAtLoginIsSysTemp() {
        box.lockError = new java.io.IOException("disk on fire");
        Pop3ServerProtocol p = connect(options());
        assertEquals("+OK Send your password\r\n-ERR [SYS/TEMP] Cannot lock the maildrop\r\n", login(p));
        assertEquals("-ERR Not logged in\r\n", send(p, "STAT\r\n"));
        Realm broken = new Realm() {
            @Override
            public <A> Deferred<Login<A>> requestAvatar(Object id, Object mind, List<Class<? extends A>> ifaces) {
                return Deferred.fail(new java.io.IOException("no maildir"));
            }
        };
        Portal portal = new Portal(broken, List.of(new InMemoryUsernamePasswordDatabase().addUser("alice", "secret")));
        transport.clear();
        Pop3ServerProtocol q = connect(new Pop3ServerProtocol.Options("pop", portal, null, true, 600, new Random(1)));
        assertEquals("+OK Send your password\r\n-ERR [SYS/TEMP] Cannot open the maildrop, try again later\r\n", login(q));
    }
}
