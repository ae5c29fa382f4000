package io.twisted.rfctests.mail;

import static io.twisted.testing.Bytes.ascii;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twisted.cred.Login;
import io.twisted.cred.Portal;
import io.twisted.cred.Realm;
import io.twisted.cred.checkers.InMemoryUsernamePasswordDatabase;
import io.twisted.internet.defer.Deferred;
import io.twisted.internet.task.Clock;
import io.twisted.mail.pop3.Pop3Mailbox;
import io.twisted.mail.pop3.Pop3ServerProtocol;
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

/** Replays the example session of RFC 1939 section 10 (data file {@code rfc1939/section-10.txt}) against the POP3 server. */
class Rfc1939SessionTest {

    /** A message of exactly {@code size} octets, lines of text ending in CRLF. */
    private static String message(String subject, int size) {
        StringBuilder sb = new StringBuilder("Subject: " + subject + "\r\n\r\n");
        while (sb.length() < size - 2) {
            sb.append('x');
            if (sb.length() % 40 == 0 && sb.length() < size - 4) {
                sb.append("\r\n");
            }
        }
        sb.append("\r\n");
        assertEquals(size, sb.length());
        return sb.toString();
    }

    private final List<String> messages = List.of(message("one", 120), message("two", 200));
    private final Set<Integer> deleted = new TreeSet<>();
    private final Clock clock = new Clock();
    private final StringTransport t = new StringTransport();
    private String lastCommand = "";

    /** A server whose only user {@code user} (password {@code password}) has the two messages. */
    private Pop3ServerProtocol server(String user, String password, boolean plaintextLogins) {
        Pop3Mailbox box = new Pop3Mailbox() {
            @Override
            public int messageCount() {
                return 2;
            }

            @Override
            public long messageSize(int index) {
                return messages.get(index).length();
            }

            @Override
            public String uniqueId(int index) {
                return "uid:" + (index * 7919 + 17) + "-" + index;
            }

            @Override
            public InputStream openMessage(int index) {
                return new ByteArrayInputStream(messages.get(index).getBytes(StandardCharsets.US_ASCII));
            }

            @Override
            public Deferred<Void> deleteMessages(Set<Integer> indices) {
                deleted.addAll(indices);
                return Deferred.succeed(null);
            }
        };
        Realm realm = new Realm() {
            @Override
            public <A> Deferred<Login<A>> requestAvatar(Object id, Object mind, List<Class<? extends A>> ifaces) {
                return Deferred.succeed(new Login<>(ifaces.get(0), ifaces.get(0).cast(box), null));
            }
        };
        Portal portal = new Portal(realm, List.of(new InMemoryUsernamePasswordDatabase().addUser(user, password)));
        clock.advance(697170952);
        Random fixed = new Random() {
            @Override
            public long nextLong() {
                return 1896;
            }
        };
        Pop3ServerProtocol p = new Pop3ServerProtocol(
                new Pop3ServerProtocol.Options("dbc.mtview.ca.us", portal, null, plaintextLogins, 600, fixed), clock);
        p.makeConnection(t);
        return p;
    }

    private void replay(String resource, Pop3ServerProtocol p) {
        SessionScript.load(resource).play(line -> {
            lastCommand = line;
            p.dataReceived(ascii(line + "\r\n"));
        }, this::check);
    }

    @Test
    void section10ExampleSession() {
        replay("/rfc1939/section-10.txt", server("mrose", "tanstaaf", false));
        assertEquals(Set.of(0, 1), deleted);
        assertTrue(t.isDisconnecting());
    }

    @Test
    void theExampleOfEveryCommand() {
        replay("/rfc1939/commands.txt", server("mrose", "secret", true));
        assertEquals(Set.of(1), deleted, "only message 2, deleted after the RSET, is deleted at QUIT");
        assertTrue(t.isDisconnecting());
    }

    private void check(List<String> expected, List<String> deviations) {
        while (t.producer() != null) {
            clock.advance(0);
        }
        List<String> want = new ArrayList<>();
        for (String e : expected) {
            if (e.startsWith("<message ")) {
                int n = Integer.parseInt(e.substring(9, e.length() - 1));
                want.addAll(messages.get(n - 1).lines().toList());
            } else if (e.startsWith("<top ")) {
                String[] w = e.substring(5, e.length() - 1).split(" ");
                List<String> lines = messages.get(Integer.parseInt(w[0]) - 1).lines().toList();
                int blank = lines.indexOf("");
                want.addAll(lines.subList(0, Math.min(lines.size(), blank + 1 + Integer.parseInt(w[1]))));
            } else {
                want.add(e);
            }
        }
        for (String d : deviations) {
            // A deviation replaces the status of the last status line of the run.
            for (int i = want.size() - 1; i >= 0; i--) {
                if (want.get(i).startsWith("+OK") || want.get(i).startsWith("-ERR")) {
                    want.set(i, d.split(" ")[0]);
                    break;
                }
            }
        }
        List<String> got = new ArrayList<>(t.takeString().lines().toList());
        assertEquals(want.size(), got.size(), lastCommand + ": expected " + want + " got " + got);
        boolean uidl = lastCommand.toUpperCase(java.util.Locale.ROOT).startsWith("UIDL");
        for (int i = 0; i < want.size(); i++) {
            String w = want.get(i);
            String g = got.get(i);
            if (w.startsWith("+OK") || w.startsWith("-ERR")) {
                assertEquals(w.split(" ")[0], g.split(" ")[0], lastCommand + ": line " + i + ": " + got);
                if (w.startsWith("+OK POP3 server ready")) {
                    assertTrue(g.endsWith(" <1896.697170952@dbc.mtview.ca.us>"), g);
                }
                if (uidl && w.matches("\\+OK [0-9]+ .*")) {
                    assertUniqueId(w, g);
                }
            } else if (uidl && !w.equals(".")) {
                assertUniqueId(w, g);
            } else {
                assertEquals(w, g, lastCommand + ": line " + i);
            }
        }
    }

    /** {@code got} is "[+OK ]n uid" for the message number of {@code want}, with a valid unique-id of that message. */
    private void assertUniqueId(String want, String got) {
        String[] w = want.replace("+OK ", "").split(" ");
        String[] g = got.replace("+OK ", "").split(" ");
        assertEquals(2, g.length, got);
        assertEquals(w[0], g[0], got);
        assertTrue(g[1].matches("[\\x21-\\x7e]{1,70}"), got);
        assertEquals("uid:" + ((Integer.parseInt(g[0]) - 1) * 7919 + 17) + "-" + (Integer.parseInt(g[0]) - 1), g[1], got);
    }
}
