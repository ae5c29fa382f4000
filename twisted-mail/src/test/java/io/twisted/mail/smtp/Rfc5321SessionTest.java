package io.twisted.mail.smtp;

import static io.twisted.testing.Bytes.ascii;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twisted.internet.task.Clock;
import io.twisted.mail.BlockingCalls;
import io.twisted.mail.LocalDelivery;
import io.twisted.mail.MailDomains;
import io.twisted.mail.maildir.MaildirNames;
import io.twisted.mail.maildir.MaildirStore;
import io.twisted.testing.StringTransport;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Replays the example sessions of RFC 5321 (data files under {@code rfc5321/}) against the server. */
class Rfc5321SessionTest {

    @TempDir
    Path dir;

    /** The codes of the complete replies in {@code text} (a reply ends at a line "NNN "). */
    private static List<Integer> replyCodes(List<String> lines) {
        List<Integer> codes = new ArrayList<>();
        for (String l : lines) {
            if (l.length() >= 4 && l.charAt(3) == ' ' || l.length() == 3) {
                codes.add(Integer.parseInt(l.substring(0, 3)));
            }
        }
        return codes;
    }

    @Test
    void appendixD1TypicalTransaction() throws Exception {
        List<String> script;
        try (InputStream in = getClass().getResourceAsStream("/rfc5321/appendix-d1.txt")) {
            script = new String(in.readAllBytes(), StandardCharsets.US_ASCII).lines().toList();
        }
        MailDomains domains = new MailDomains().addDomain("foo.com", new MaildirStore(dir, new MaildirNames(java.time.Clock.systemUTC(), "foo.com")))
                .addUser("foo.com", "Jones").addUser("foo.com", "Brown");
        StringTransport t = new StringTransport();
        SmtpServerProtocol p = new SmtpServerProtocol(SmtpServerOptions.builder("foo.com").build(),
                new LocalDelivery(domains, BlockingCalls.INLINE), new Clock());
        p.makeConnection(t);
        List<String> expected = new ArrayList<>();
        List<String> body = new ArrayList<>();
        for (String line : script) {
            if (line.startsWith("S: ")) {
                expected.add(line.substring(3));
            } else if (line.startsWith("C: ")) {
                check(expected, t);
                p.dataReceived(ascii(line.substring(3) + "\r\n"));
            } else if (line.startsWith("M: ")) {
                body.add(line.substring(3));
            }
        }
        check(expected, t);
        String want = String.join("\r\n", body) + "\r\n";
        for (String user : List.of("jones", "brown")) {
            try (Stream<Path> s = Files.list(dir.resolve(user).resolve("new"))) {
                List<Path> files = s.toList();
                assertEquals(1, files.size(), user);
                String stored = Files.readString(files.get(0), StandardCharsets.US_ASCII);
                assertTrue(stored.startsWith("Received: from bar.com"), stored);
                assertTrue(stored.endsWith("\r\n" + want), stored);
            }
        }
        assertTrue(Files.notExists(dir.resolve("green")));
    }

    private static void check(List<String> expected, StringTransport t) {
        List<String> got = t.takeString().lines().toList();
        assertEquals(replyCodes(expected), replyCodes(got), "expected " + expected + " got " + got);
        expected.clear();
    }
}
