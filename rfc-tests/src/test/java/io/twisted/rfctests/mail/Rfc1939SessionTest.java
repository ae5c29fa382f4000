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

    @Test
    void section10ExampleSession() throws Exception {
        List<String> messages = List.of(message("one", 120), message("two", 200));
        Set<Integer> deleted = new TreeSet<>();
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
                return "m" + index;
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
        Portal portal = new Portal(realm, List.of(new InMemoryUsernamePasswordDatabase().addUser("mrose", "tanstaaf")));
        Clock clock = new Clock();
        clock.advance(697170952);
        Random fixed = new Random() {
            @Override
            public long nextLong() {
                return 1896;
            }
        };
        StringTransport t = new StringTransport();
        Pop3ServerProtocol p = new Pop3ServerProtocol(
                new Pop3ServerProtocol.Options("dbc.mtview.ca.us", portal, null, false, 600, fixed), clock);
        p.makeConnection(t);

        SessionScript.load("/rfc1939/section-10.txt").play(
                line -> p.dataReceived(ascii(line + "\r\n")),
                (expected, deviations) -> check(new ArrayList<>(expected), t, clock, messages));
        assertEquals(Set.of(0, 1), deleted);
        assertTrue(t.isDisconnecting());
    }

    private static void check(List<String> expected, StringTransport t, Clock clock, List<String> messages) {
        while (t.producer() != null) {
            clock.advance(0);
        }
        List<String> want = new ArrayList<>();
        for (String e : expected) {
            if (e.startsWith("<message ")) {
                int n = Integer.parseInt(e.substring(9, e.length() - 1));
                want.addAll(messages.get(n - 1).lines().toList());
            } else {
                want.add(e);
            }
        }
        List<String> got = new ArrayList<>(t.takeString().lines().toList());
        assertEquals(want.size(), got.size(), "expected " + want + " got " + got);
        for (int i = 0; i < want.size(); i++) {
            String w = want.get(i);
            if (w.startsWith("+OK") || w.startsWith("-ERR")) {
                assertEquals(w.split(" ")[0], got.get(i).split(" ")[0], "line " + i + ": " + got);
                if (w.startsWith("+OK POP3 server ready")) {
                    assertTrue(got.get(i).endsWith(" <1896.697170952@dbc.mtview.ca.us>"), got.get(i));
                }
            } else {
                assertEquals(w, got.get(i));
            }
        }
        expected.clear();
    }
}
