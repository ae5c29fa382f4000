package io.twisted.rfctests.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.twisted.cred.Login;
import io.twisted.cred.Portal;
import io.twisted.cred.Realm;
import io.twisted.cred.checkers.InMemoryUsernamePasswordDatabase;
import io.twisted.internet.defer.Deferred;
import io.twisted.internet.task.Clock;
import io.twisted.internet.tls.SelfSigned;
import io.twisted.internet.tls.ServerTlsOptions;
import io.twisted.mail.MaildirImapMailbox;
import io.twisted.mail.imap4.ImapMailbox;
import io.twisted.mail.imap4.ImapServerProtocol;
import io.twisted.mail.maildir.Maildir;
import io.twisted.mail.maildir.MaildirNames;
import io.twisted.testing.StringTransport;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * RFC 3501 section 6: the example of each command (data file {@code rfc3501/section-6.txt}, one
 * dynamic test per scene) replayed against the IMAP server over Maildirs.
 */
class Rfc3501CommandsTest {

    private static final String RESOURCE = "/rfc3501/section-6.txt";
    /** Internal dates of the scene's messages: message n at this instant plus n minutes (after 1-Feb-1994). */
    private static final Instant BASE = Instant.parse("2020-03-01T10:00:00Z");

    @TempDir
    Path dir;

    /** One scene: its title, set-up lines and script. */
    record Scene(String title, List<String> setup, String script) {
    }

    static List<Scene> scenes() throws IOException {
        String text;
        try (InputStream in = Rfc3501CommandsTest.class.getResourceAsStream(RESOURCE)) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<Scene> scenes = new ArrayList<>();
        String title = null;
        List<String> setup = new ArrayList<>();
        StringBuilder script = new StringBuilder();
        for (String line : (text + "\n= end").split("\n")) {
            if (line.startsWith("= ")) {
                if (title != null) {
                    scenes.add(new Scene(title, List.copyOf(setup), script.toString()));
                }
                title = line.substring(2);
                setup.clear();
                script.setLength(0);
            } else if (line.startsWith("! ")) {
                setup.add(line.substring(2));
            } else if (title != null) {
                script.append(line).append('\n');
            }
        }
        return scenes;
    }

    @TestFactory
    Stream<DynamicTest> everyExampleOfSection6() throws IOException {
        List<Scene> scenes = scenes();
        assertEquals(22, scenes.size(), "scenes in " + RESOURCE);
        return scenes.stream().map(s -> DynamicTest.dynamicTest(s.title(), () -> play(s)));
    }

    private void play(Scene scene) throws Exception {
        Path root = Files.createTempDirectory(dir, "scene");
        boolean loggedIn = true;
        boolean tls = false;
        String select = null;
        Map<String, TreeMap<Integer, Message>> boxes = new HashMap<>();
        for (String line : scene.setup()) {
            String[] w = line.split(" ", 4);
            switch (w[0]) {
                case "unauthenticated" -> loggedIn = false;
                case "tls" -> tls = true;
                case "select" -> select = w[1];
                case "mailbox" -> {
                    TreeMap<Integer, Message> box = boxes.computeIfAbsent(w[1], k -> new TreeMap<>());
                    int count = Integer.parseInt(w[2]);
                    for (int n = 1; n <= count; n++) {
                        box.put(n, new Message());
                    }
                    for (String flag : (line.split(" ", 4).length > 3 ? w[3] : "").split(" ")) {
                        if (flag.isEmpty()) {
                            continue;
                        }
                        String[] kv = flag.split("=");
                        for (int n : numbers(kv[1])) {
                            Message m = box.get(n);
                            switch (kv[0]) {
                                case "seen" -> m.flags.append('S');
                                case "answered" -> m.flags.append('R');
                                case "flagged" -> m.flags.append('F');
                                case "deleted" -> m.flags.append('T');
                                case "draft" -> m.flags.append('D');
                                case "recent" -> m.recent = true;
                                default -> throw new IllegalArgumentException(scene.title() + ": unknown flag " + kv[0]);
                            }
                        }
                    }
                }
                case "header" -> boxes.get(w[1]).get(Integer.parseInt(w[2])).headers.append(w[3]).append("\r\n");
                case "body" -> boxes.get(w[1]).get(Integer.parseInt(w[2])).body.append(w[3]).append("\r\n");
                default -> throw new IllegalArgumentException(scene.title() + ": unknown set-up " + line);
            }
        }
        Maildir inbox = Maildir.open(root, new MaildirNames(java.time.Clock.systemUTC(), "rfc3501"));
        for (Map.Entry<String, TreeMap<Integer, Message>> e : boxes.entrySet()) {
            Maildir box = e.getKey().equals("INBOX") ? inbox : inbox.folder(e.getKey());
            for (Map.Entry<Integer, Message> m : e.getValue().entrySet()) {
                m.getValue().write(box.root(), m.getKey());
            }
        }

        Realm realm = new Realm() {
            @Override
            public <A> Deferred<Login<A>> requestAvatar(Object id, Object mind, List<Class<? extends A>> ifaces) {
                ImapMailbox mb = new MaildirImapMailbox(inbox, java.time.Clock.systemUTC());
                return Deferred.succeed(new Login<>(ifaces.get(0), ifaces.get(0).cast(mb), null));
            }
        };
        Portal portal = new Portal(realm, List.of(new InMemoryUsernamePasswordDatabase().addUser("mrc", "secret").addUser("SMITH", "SESAME")));
        Clock clock = new Clock();
        StringTransport t = new StringTransport();
        ImapServerProtocol p = new ImapServerProtocol(new ImapServerProtocol.Options("imap.test", portal,
                tls ? ServerTlsOptions.of(SelfSigned.create("imap.test")) : null, !tls, 1800, 2), clock);
        p.makeConnection(t);
        List<String> before = new ArrayList<>();
        if (loggedIn) {
            before.add("x1 LOGIN mrc secret");
        }
        if (select != null) {
            before.add("x2 SELECT " + select);
        }
        for (String line : before) {
            p.dataReceived(ByteBuffer.wrap((line + "\r\n").getBytes(StandardCharsets.UTF_8)));
        }
        drain(t, clock);
        t.clear();
        String context = scene.title();
        SessionScript.parse(RESOURCE + " " + context, scene.script()).play(
                line -> p.dataReceived(ByteBuffer.wrap((line + "\r\n").getBytes(StandardCharsets.UTF_8))),
                (expected, deviations) -> {
                    drain(t, clock);
                    ImapExpectations.check(context, expected, deviations, new String(t.take(), StandardCharsets.ISO_8859_1));
                });
    }

    private static void drain(StringTransport t, Clock clock) {
        while (t.producer() != null) {
            clock.advance(0);
        }
    }

    /** The numbers of a sequence set of message numbers ("1:11,13,20:22"). */
    private static List<Integer> numbers(String set) {
        List<Integer> out = new ArrayList<>();
        for (String part : set.split(",")) {
            String[] r = part.split(":");
            int a = Integer.parseInt(r[0]);
            int b = r.length > 1 ? Integer.parseInt(r[1]) : a;
            for (int n = Math.min(a, b); n <= Math.max(a, b); n++) {
                out.add(n);
            }
        }
        return out;
    }

    /** A message of a scene, written straight into the Maildir (no delivery, so no fsync per message). */
    private static final class Message {
        final StringBuilder flags = new StringBuilder();
        final StringBuilder headers = new StringBuilder();
        final StringBuilder body = new StringBuilder();
        boolean recent;

        void write(Path maildir, int n) throws IOException {
            Instant at = BASE.plusSeconds(60L * n);
            String from = headers.indexOf("From:") >= 0 ? "" : "From: User " + n + " <user" + n + "@example.org>\r\n";
            String type = body.length() > 0 ? "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n" : "";
            String text = "Date: Sun, 1 Mar 2020 10:" + String.format("%02d", n % 60) + ":00 +0000\r\n" + from + headers
                    + "Subject: message " + n + "\r\n" + type + "\r\nbody of message " + n + "\r\n" + body;
            char[] f = flags.toString().toCharArray();
            java.util.Arrays.sort(f);
            String name = at.getEpochSecond() + ".M" + n + "P1Q" + n + ".rfc3501";
            Path file = recent ? maildir.resolve("new").resolve(name) : maildir.resolve("cur").resolve(name + ":2," + new String(f));
            Files.write(file, text.getBytes(StandardCharsets.UTF_8));
        }
    }
}
