package io.twisted.rfctests.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twisted.internet.task.Clock;
import io.twisted.mail.BlockingCalls;
import io.twisted.mail.LocalDelivery;
import io.twisted.mail.MailDomains;
import io.twisted.mail.RelayPolicy;
import io.twisted.mail.maildir.MaildirNames;
import io.twisted.mail.maildir.MaildirStore;
import io.twisted.mail.relay.RelayEnvelope;
import io.twisted.mail.relay.RelayQueue;
import io.twisted.mail.relay.RelayingDelivery;
import io.twisted.mail.smtp.MessageDelivery;
import io.twisted.mail.smtp.SmtpServerOptions;
import io.twisted.mail.smtp.SmtpServerProtocol;
import io.twisted.testing.StringTransport;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RFC 5321 Appendix D: every scenario of the appendix (data files under {@code rfc5321/}) replayed
 * against the SMTP server over Maildirs, comparing reply codes and the stored messages.
 */
class Rfc5321ScenariosTest {

    @TempDir
    Path dir;

    private MailDomains domains(String domain, String... users) {
        MailDomains d = new MailDomains().addDomain(domain,
                new MaildirStore(dir.resolve(domain), new MaildirNames(java.time.Clock.systemUTC(), domain)));
        for (String u : users) {
            d.addUser(domain, u);
        }
        return d;
    }

    /** The reply codes in {@code lines}: one per complete reply (a line "NNN" or "NNN text"). */
    private static List<Integer> replyCodes(List<String> lines) {
        List<Integer> codes = new ArrayList<>();
        for (String l : lines) {
            if (l.length() == 3 || l.length() > 3 && l.charAt(3) == ' ') {
                codes.add(Integer.parseInt(l.substring(0, 3)));
            }
        }
        return codes;
    }

    /** Replays {@code script} against a server named {@code host} using {@code delivery}. */
    private static void replay(SessionScript script, String host, MessageDelivery delivery, StringTransport t) {
        SmtpServerProtocol p = new SmtpServerProtocol(SmtpServerOptions.builder(host).build(), delivery, new Clock());
        p.makeConnection(t);
        script.play(line -> p.dataReceived(ByteBuffer.wrap((line + "\r\n").getBytes(StandardCharsets.US_ASCII))),
                (expected, deviations) -> {
                    List<Integer> want = replyCodes(expected);
                    for (String d : deviations) {
                        // A deviation replaces the code of the last reply of the run.
                        want.set(want.size() - 1, Integer.parseInt(d.substring(0, 3)));
                    }
                    List<String> got = t.takeString().lines().toList();
                    assertEquals(want, replyCodes(got), script.resource + ": expected " + expected + " " + deviations + ", got " + got);
                });
        assertTrue(t.isDisconnecting(), "QUIT closes the connection");
    }

    private List<String> stored(String domain, String user) throws Exception {
        Path inbox = dir.resolve(domain).resolve(user).resolve("new");
        if (!Files.isDirectory(inbox)) {
            return List.of();
        }
        List<String> messages = new ArrayList<>();
        try (Stream<Path> s = Files.list(inbox)) {
            for (Path p : s.toList()) {
                messages.add(Files.readString(p, StandardCharsets.US_ASCII));
            }
        }
        return messages;
    }

    private static void assertDelivered(SessionScript script, String clientHello, List<String> messages) {
        assertEquals(1, messages.size(), script.resource + ": " + messages);
        String stored = messages.get(0);
        assertTrue(stored.startsWith("Received: from " + clientHello), stored);
        assertTrue(stored.endsWith("\r\n" + script.message), "the stored message ends with the body sent: " + stored);
    }

    @Test
    void d1TypicalTransactionDeliversToTheTwoKnownUsers() throws Exception {
        SessionScript script = SessionScript.load("/rfc5321/appendix-d1.txt");
        replay(script, "foo.com", new LocalDelivery(domains("foo.com", "Jones", "Brown"), BlockingCalls.INLINE), new StringTransport());
        assertDelivered(script, "bar.com", stored("foo.com", "jones"));
        assertDelivered(script, "bar.com", stored("foo.com", "brown"));
        assertEquals(List.of(), stored("foo.com", "green"));
    }

    @Test
    void d2AbortedTransactionStoresNothing() throws Exception {
        SessionScript script = SessionScript.load("/rfc5321/appendix-d2.txt");
        replay(script, "foo.com", new LocalDelivery(domains("foo.com", "Jones"), BlockingCalls.INLINE), new StringTransport());
        assertEquals(List.of(), stored("foo.com", "jones"));
    }

    @Test
    void d3RelayHostQueuesTheMessageForTheDestination() throws Exception {
        SessionScript script = SessionScript.load("/rfc5321/appendix-d3-step1.txt");
        RelayQueue queue = new RelayQueue(dir.resolve("queue"), () -> 895_742_009.0);
        MailDomains local = domains("foo.com");
        // StringTransport's peer is 192.168.1.1: a network foo.com relays for.
        RelayPolicy policy = RelayPolicy.authenticatedOr(List.of("192.168.1.0/24"));
        replay(script, "foo.com", new RelayingDelivery(new LocalDelivery(local, BlockingCalls.INLINE), local::isLocal, queue,
                policy::mayRelay), new StringTransport());
        List<RelayEnvelope> queued = queue.load();
        assertEquals(1, queued.size(), queued.toString());
        assertEquals("JQP@bar.com", queued.get(0).from().toString());
        assertEquals("[Jones@XYZ.COM]", queued.get(0).recipients().toString());
        String body = Files.readString(queue.messagePath(queued.get(0).id()), StandardCharsets.US_ASCII);
        assertTrue(body.startsWith("Received: from bar.com"), body);
        assertTrue(body.endsWith("\r\n" + script.message), body);
    }

    @Test
    void d3RelayHostRefusesClientsOutsideItsRelayNetworks() throws Exception {
        SessionScript script = SessionScript.load("/rfc5321/appendix-d3-step1.txt");
        RelayQueue queue = new RelayQueue(dir.resolve("queue"), () -> 895_742_009.0);
        MailDomains local = domains("foo.com");
        StringTransport t = new StringTransport();
        SmtpServerProtocol p = new SmtpServerProtocol(SmtpServerOptions.builder("foo.com").build(),
                new RelayingDelivery(new LocalDelivery(local, BlockingCalls.INLINE), local::isLocal, queue,
                        RelayPolicy.authenticatedOr(List.of("10.99.0.0/16"))::mayRelay), new Clock());
        p.makeConnection(t);
        for (String line : List.of("EHLO bar.com", "MAIL FROM:<JQP@bar.com>", "RCPT TO:<Jones@XYZ.COM>")) {
            p.dataReceived(ByteBuffer.wrap((line + "\r\n").getBytes(StandardCharsets.US_ASCII)));
        }
        List<String> replies = t.takeString().lines().toList();
        assertTrue(replies.get(replies.size() - 1).startsWith("550 5.7.1"), replies.toString());
        assertEquals(List.of(), queue.load());
        assertTrue(script.message.contains("The next meeting"), "the scenario's message was read");
    }

    @Test
    void d3DestinationHostKeepsTheRelaysReceivedLine() throws Exception {
        SessionScript script = SessionScript.load("/rfc5321/appendix-d3-step2.txt");
        replay(script, "xyz.com", new LocalDelivery(domains("xyz.com", "Jones"), BlockingCalls.INLINE), new StringTransport());
        List<String> messages = stored("xyz.com", "jones");
        assertDelivered(script, "foo.com", messages);
        String ours = messages.get(0).substring(0, messages.get(0).length() - script.message.length());
        assertTrue(ours.startsWith("Received: from foo.com") && !ours.contains("\r\nReceived: "),
                "exactly one Received: header added, before the relay's: " + ours);
    }

    @Test
    void d4VerifyIsAnsweredSafelyAndTheMessageDelivered() throws Exception {
        SessionScript script = SessionScript.load("/rfc5321/appendix-d4.txt");
        replay(script, "foo.com", new LocalDelivery(domains("foo.com", "Admin.MRC"), BlockingCalls.INLINE), new StringTransport());
        assertDelivered(script, "bar.com", stored("foo.com", "admin.mrc"));
    }
}
