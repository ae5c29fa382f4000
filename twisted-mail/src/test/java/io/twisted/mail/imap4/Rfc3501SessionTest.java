package io.twisted.mail.imap4;

import static io.twisted.testing.Bytes.ascii;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twisted.cred.Login;
import io.twisted.cred.Portal;
import io.twisted.cred.Realm;
import io.twisted.cred.checkers.InMemoryUsernamePasswordDatabase;
import io.twisted.internet.defer.Deferred;
import io.twisted.internet.task.Clock;
import io.twisted.mail.MaildirImapMailbox;
import io.twisted.mail.maildir.Maildir;
import io.twisted.mail.maildir.MaildirFlag;
import io.twisted.mail.maildir.MaildirMessage;
import io.twisted.mail.maildir.MaildirNames;
import io.twisted.testing.StringTransport;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Replays the sample connection of RFC 3501 section 8 (data file {@code rfc3501/section-8.txt}). */
class Rfc3501SessionTest {

    @TempDir
    Path dir;

    @Test
    void section8SampleConnection() throws Exception {
        Maildir box = Maildir.open(dir, new MaildirNames(java.time.Clock.fixed(Instant.ofEpochSecond(1_000_000_000), ZoneOffset.UTC), "h"));
        List<MaildirMessage> delivered = new ArrayList<>();
        for (int i = 1; i <= 18; i++) {
            String header = "Subject: message " + i + "\r\nX-Pad: " + "p".repeat(i == 12 ? 342 - 32 : 10) + "\r\n\r\n";
            delivered.add(box.deliver((header + "body " + i + "\r\n").getBytes(StandardCharsets.US_ASCII)));
        }
        for (int i = 0; i < 16; i++) {
            box.setFlags(delivered.get(i), EnumSet.of(MaildirFlag.SEEN));
        }
        Realm realm = new Realm() {
            @Override
            public <A> Deferred<Login<A>> requestAvatar(Object id, Object mind, List<Class<? extends A>> ifaces) {
                ImapMailbox mb = new MaildirImapMailbox(box, java.time.Clock.systemUTC());
                return Deferred.succeed(new Login<>(ifaces.get(0), ifaces.get(0).cast(mb), null));
            }
        };
        Portal portal = new Portal(realm, List.of(new InMemoryUsernamePasswordDatabase().addUser("mrc", "secret")));
        Clock clock = new Clock();
        StringTransport t = new StringTransport();
        ImapServerProtocol p = new ImapServerProtocol(new ImapServerProtocol.Options("imap.test", portal, null, true, 1800, 2), clock);
        p.makeConnection(t);

        List<String> script;
        try (InputStream in = getClass().getResourceAsStream("/rfc3501/section-8.txt")) {
            script = new String(in.readAllBytes(), StandardCharsets.US_ASCII).lines().toList();
        }
        List<String> expected = new ArrayList<>();
        for (String line : script) {
            if (line.startsWith("S: ")) {
                expected.add(line.substring(3));
            } else if (line.startsWith("C: ")) {
                check(expected, t, clock);
                p.dataReceived(ascii(line.substring(3) + "\r\n"));
            }
        }
        check(expected, t, clock);
        assertTrue(t.isDisconnecting());
    }

    /** Matches each expected line, in order, against the response lines (literal data skipped). */
    private static void check(List<String> expected, StringTransport t, Clock clock) {
        while (t.producer() != null) {
            clock.advance(0);
        }
        List<String> got = new ArrayList<>(t.takeString().lines().toList());
        // Untagged responses may come in any order (RFC 3501 section 7); the tagged one is last.
        for (String want : expected) {
            assertTrue(got.stream().anyMatch(g -> matches(want, g)), "no line for '" + want + "' in " + got);
        }
        assertTrue(matches(expected.get(expected.size() - 1), got.get(got.size() - 1)), got.toString());
        expected.clear();
    }

    private static boolean matches(String want, String got) {
        String[] w = want.split(" ");
        String[] g = got.split(" ");
        if (g.length < 2 || !w[0].equals(g[0])) {
            return false;
        }
        if (!w[0].equals("*")) {
            return w[1].equals(g[1]);
        }
        if (want.contains("FETCH (FLAGS")) {
            return got.contains("FETCH (FLAGS") && w[1].equals(g[1]) && flags(want).equals(flags(got));
        }
        if (want.contains("FETCH (BODY[HEADER] {")) {
            return got.equals(want);
        }
        if (w[1].equals("OK") && w.length > 2 && w[2].startsWith("[")) {
            return g.length > 3 && w[2].equals(g[2]) && w[3].equals(g[3]);
        }
        if (w[1].equals("FLAGS") || w[1].equals("OK") || w[1].equals("BYE")) {
            return w[1].equals(g[1]) && (!w[1].equals("FLAGS") || got.equals(want));
        }
        return g.length >= 3 && w[1].equals(g[1]) && w[2].equals(g[2]);
    }

    private static Set<String> flags(String line) {
        int open = line.lastIndexOf('(');
        int close = line.indexOf(')', open);
        return new HashSet<>(Arrays.asList(line.substring(open + 1, close).split(" ")));
    }
}
