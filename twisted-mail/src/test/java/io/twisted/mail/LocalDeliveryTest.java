package io.twisted.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twisted.internet.defer.Deferred;
import io.twisted.mail.maildir.MaildirNames;
import io.twisted.mail.maildir.MaildirStore;
import io.twisted.mail.smtp.MailAddress;
import io.twisted.mail.smtp.MessageReceiver;
import io.twisted.mail.smtp.SmtpRejection;
import io.twisted.mail.smtp.SmtpSession;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalDeliveryTest {

    @TempDir
    Path dir;

    private static SmtpSession session(String ip, Object user) {
        return new SmtpSession("c", new InetSocketAddress(ip, 2525), false, user);
    }

    private static Object outcome(Deferred<?> d) {
        Object[] r = new Object[1];
        d.addCallbacks(v -> r[0] = v, f -> r[0] = f.value());
        return r[0];
    }

    private static String rejection(Deferred<?> d) {
        Object o = outcome(d);
        return o instanceof SmtpRejection ? ((SmtpRejection) o).reply().toString() : "accepted";
    }

    private LocalDelivery delivery() {
        MailDomains domains = new MailDomains().addDomain("example.com", new MaildirStore(dir, new MaildirNames(Clock.systemUTC(), "h")))
                .addUser("example.com", "alice");
        return new LocalDelivery(domains, BlockingCalls.INLINE);
    }

    @Test
    void localUsersOnlyAndNoRelayWithoutARelay() throws Exception {
        LocalDelivery d = delivery();
        MailAddress from = MailAddress.parse("b@x.test");
        assertEquals("accepted", rejection(d.validateTo(session("192.0.2.9", null), from, MailAddress.parse("Alice@EXAMPLE.com"))));
        assertEquals("550 5.1.1 No such user here", rejection(d.validateTo(session("192.0.2.9", null), from, MailAddress.parse("bob@example.com"))));
        assertEquals("550 5.7.1 Relaying denied", rejection(d.validateTo(session("127.0.0.1", "alice"), from, MailAddress.parse("v@far.test"))));
    }

    @Test
    void relaysForAuthenticatedClientsAndTrustedNetworksOnly() {
        List<MailAddress> relayed = new ArrayList<>();
        MessageReceiver sink = new MessageReceiver() {
            @Override
            public void write(ByteBuffer data) {
            }

            @Override
            public Deferred<?> eomReceived() {
                return Deferred.succeed(null);
            }

            @Override
            public void connectionLost() {
            }
        };
        LocalDelivery d = delivery().withRelay(RelayPolicy.authenticatedOr(List.of("10.0.0.0/8", "2001:db8::/32")), to -> {
            relayed.add(to);
            return sink;
        });
        MailAddress from = MailAddress.parse("b@x.test");
        MailAddress far = MailAddress.parse("v@far.test");
        assertEquals("550 5.7.1 Relaying denied", rejection(d.validateTo(session("192.0.2.9", null), from, far)));
        assertEquals("550 5.7.1 Relaying denied", rejection(d.validateTo(session("11.0.0.1", null), from, far)));
        assertEquals("accepted", rejection(d.validateTo(session("192.0.2.9", "alice"), from, far)));
        assertEquals("accepted", rejection(d.validateTo(session("10.20.30.40", null), from, far)));
        assertEquals("accepted", rejection(d.validateTo(session("2001:db8::1", null), from, far)));
        assertEquals("550 5.7.1 Relaying denied", rejection(d.validateTo(session("2001:db9::1", null), from, far)));
    }

    @Test
    void bounceToPostmasterGivesUnknownUsersMailToThePostmaster() throws Exception {
        MailDomains domains = new MailDomains().addDomain("example.com", new MaildirStore(dir, new MaildirNames(Clock.systemUTC(), "h")))
                .addUser("example.com", "alice").addUser("example.com", "postmaster")
                .addDomain("other.test", new MaildirStore(dir.resolve("other"), new MaildirNames(Clock.systemUTC(), "h")))
                .addUser("other.test", "carol");
        LocalDelivery d = new LocalDelivery(domains, BlockingCalls.INLINE).withPostmasterFallback();
        MailAddress from = MailAddress.parse("b@x.test");
        Object receiver = outcome(d.validateTo(session("192.0.2.9", null), from, MailAddress.parse("nobody@example.com")));
        MessageReceiver r = ((java.util.function.Supplier<MessageReceiver>) receiver).get();
        r.write(ByteBuffer.wrap("Subject: lost\r\n\r\nx\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
        outcome(r.eomReceived());
        try (java.util.stream.Stream<Path> s = java.nio.file.Files.list(dir.resolve("postmaster").resolve("new"))) {
            assertEquals(1, s.count(), "the postmaster got it");
        }
        assertEquals("550 5.1.1 No such user here",
                rejection(d.validateTo(session("192.0.2.9", null), from, MailAddress.parse("nobody@other.test"))), "no postmaster there");
    }

    @Test
    void relayPolicyParsesOnlyAddressLiterals() {
        assertFalse(RelayPolicy.nobody().mayRelay(session("127.0.0.1", "alice")));
        assertTrue(RelayPolicy.authenticatedOr(List.of("127.0.0.1")).mayRelay(session("127.0.0.1", null)));
        for (String bad : List.of("example.com", "10.0.0.0/33", "10.0.0.0/x", "", "::/129")) {
            assertThrows(IllegalArgumentException.class, () -> RelayPolicy.authenticatedOr(List.of(bad)), bad);
        }
    }
}
