package io.twisted.mail;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twisted.cred.Portal;
import io.twisted.cred.checkers.InMemoryUsernamePasswordDatabase;
import io.twisted.internet.Factory;
import io.twisted.internet.ListeningPort;
import io.twisted.internet.defer.Deferred;
import io.twisted.mail.imap4.ImapServerProtocol;
import io.twisted.mail.maildir.MaildirNames;
import io.twisted.mail.maildir.MaildirStore;
import io.twisted.mail.pop3.Pop3ServerProtocol;
import io.twisted.mail.smtp.DotUnstuffer;
import io.twisted.mail.smtp.MailAddress;
import io.twisted.mail.smtp.MessageDelivery;
import io.twisted.mail.smtp.MessageReceiver;
import io.twisted.mail.smtp.SmtpServerOptions;
import io.twisted.mail.smtp.SmtpServerProtocol;
import io.twisted.mail.smtp.SmtpSession;
import io.twisted.testing.ReactorThread;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SMTP, POP3 and IMAP servers on a real reactor on 127.0.0.1 port 0, driven by blocking sockets
 * from the test thread: a 20 MiB message with long and dot-starting lines makes the whole trip
 * SMTP → Maildir → POP3 RETR and IMAP FETCH byte for byte; a client that goes away in the
 * middle of DATA leaves nothing behind.
 */
class MailServerIntegrationTest {

    @TempDir
    Path dir;

    private ReactorThread server;
    private MailDomains domains;
    private final CountDownLatch abandoned = new CountDownLatch(1);
    private int smtpPort;
    private int pop3Port;
    private int imapPort;

    /** Counts abandoned messages, so a test can wait for the server to notice a dropped client. */
    private final class WatchedDelivery implements MessageDelivery {
        private final MessageDelivery inner;

        WatchedDelivery(MessageDelivery inner) {
            this.inner = inner;
        }

        @Override
        public Deferred<MailAddress> validateFrom(SmtpSession session, MailAddress from) {
            return inner.validateFrom(session, from);
        }

        @Override
        public Deferred<Supplier<MessageReceiver>> validateTo(SmtpSession session, MailAddress from, MailAddress to) {
            return inner.validateTo(session, from, to).addCallback(factory -> () -> {
                MessageReceiver r = factory.get();
                return new MessageReceiver() {
                    @Override
                    public void write(ByteBuffer data) throws IOException {
                        r.write(data);
                    }

                    @Override
                    public Deferred<?> eomReceived() {
                        return r.eomReceived();
                    }

                    @Override
                    public void connectionLost() {
                        r.connectionLost();
                        abandoned.countDown();
                    }
                };
            });
        }
    }

    @BeforeEach
    void start() throws Exception {
        server = new ReactorThread("mail-integration");
        domains = new MailDomains().addDomain("example.com", new MaildirStore(dir.resolve("mail"), new MaildirNames(Clock.systemUTC(), "mx")))
                .addUser("example.com", "alice");
        LocalDelivery local = new LocalDelivery(domains, BlockingCalls.INLINE);
        Portal portal = new Portal(new MailRealm(domains, local), List.of(new InMemoryUsernamePasswordDatabase().addUser("alice", "secret")));
        SmtpServerOptions smtp = SmtpServerOptions.builder("mx.example.com").build();
        Pop3ServerProtocol.Options pop = new Pop3ServerProtocol.Options("mx.example.com", portal, null, true, 600, new Random());
        ImapServerProtocol.Options imap = new ImapServerProtocol.Options("mx.example.com", portal, null, true, 1800, 2);
        MessageDelivery delivery = new WatchedDelivery(local);
        smtpPort = listen(Factory.forProtocol(() -> new SmtpServerProtocol(smtp, delivery, server.reactor)));
        pop3Port = listen(Factory.forProtocol(() -> new Pop3ServerProtocol(pop, server.reactor)));
        imapPort = listen(Factory.forProtocol(() -> new ImapServerProtocol(imap, server.reactor)));
    }

    private int listen(Factory f) throws Exception {
        ListeningPort p = server.call(() -> server.reactor.listenTCP(0, f, "127.0.0.1"));
        return ((InetSocketAddress) p.getHost()).getPort();
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    private Path alice() {
        return dir.resolve("mail").resolve("alice");
    }

    private long count(String sub) throws IOException {
        Path d = alice().resolve(sub);
        if (!Files.isDirectory(d)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(d)) {
            return s.count();
        }
    }

    /** A blocking line-oriented client connection. */
    private static final class Client implements AutoCloseable {
        final Socket socket;
        final InputStream in;
        final OutputStream out;

        Client(int port) throws IOException {
            socket = new Socket("127.0.0.1", port);
            socket.setSoTimeout(60_000);
            in = new BufferedInputStream(socket.getInputStream(), 1 << 16);
            out = socket.getOutputStream();
        }

        String line() throws IOException {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            int c;
            while ((c = in.read()) >= 0) {
                if (c == '\n') {
                    break;
                }
                b.write(c);
            }
            String s = b.toString(StandardCharsets.ISO_8859_1);
            return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
        }

        /** Sends {@code cmd} and returns the last line of the (possibly multi-line) SMTP reply. */
        String smtp(String cmd) throws IOException {
            if (cmd != null) {
                send(cmd);
            }
            String l;
            do {
                l = line();
            } while (l.length() > 3 && l.charAt(3) == '-');
            return l;
        }

        void send(String cmd) throws IOException {
            out.write((cmd + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }

        byte[] read(int n) throws IOException {
            return in.readNBytes(n);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /** About 20 MiB: lines from empty to 200,000 octets, many starting with dots, all CRLF-ended. */
    private static byte[] bigMessage() {
        Random rnd = new Random(2026);
        ByteArrayOutputStream b = new ByteArrayOutputStream(21 << 20);
        b.writeBytes("From: bob@elsewhere.test\r\nTo: alice@example.com\r\nSubject: big\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        while (b.size() < 20 << 20) {
            int kind = rnd.nextInt(10);
            int len = kind == 0 ? 200_000 : kind < 3 ? 0 : rnd.nextInt(120);
            if (kind == 3 || kind == 4) {
                b.write('.');
                if (kind == 4) {
                    b.write('.');
                }
            }
            for (int i = 0; i < len; i++) {
                b.write('a' + rnd.nextInt(26));
            }
            b.write('\r');
            b.write('\n');
        }
        return b.toByteArray();
    }

    @Test
    void twentyMebibytesRoundTripThroughSmtpMaildirPop3AndImap() throws Exception {
        byte[] msg = bigMessage();
        try (Client c = new Client(smtpPort)) {
            assertTrue(c.smtp(null).startsWith("220 "));
            assertTrue(c.smtp("EHLO client.test").startsWith("250 "));
            assertEquals("250 2.1.0 Sender <bob@elsewhere.test> OK", c.smtp("MAIL FROM:<bob@elsewhere.test> SIZE=" + msg.length));
            assertEquals("250 2.1.5 Recipient <alice@example.com> OK", c.smtp("RCPT TO:<alice@example.com>"));
            assertTrue(c.smtp("DATA").startsWith("354 "));
            c.out.write(DotUnstuffer.stuff(msg));
            c.out.flush();
            assertEquals("250 2.0.0 Message accepted for delivery", c.smtp(null));
            assertEquals("221 2.0.0 mx.example.com Bye", c.smtp("QUIT"));
        }
        assertEquals(1, count("new"));
        byte[] stored;
        try (Stream<Path> s = Files.list(alice().resolve("new"))) {
            stored = Files.readAllBytes(s.findFirst().orElseThrow());
        }
        String received = new String(stored, 0, stored.length - msg.length, StandardCharsets.US_ASCII);
        assertTrue(received.startsWith("Received: from client.test ([127.0.0.1])\r\n"), received);
        assertArrayEquals(msg, java.util.Arrays.copyOfRange(stored, stored.length - msg.length, stored.length));

        try (Client p = new Client(pop3Port)) {
            assertTrue(p.line().startsWith("+OK "));
            p.send("USER alice");
            p.line();
            p.send("PASS secret");
            assertEquals("+OK Maildrop ready, 1 messages", p.line());
            p.send("RETR 1");
            assertEquals("+OK " + stored.length + " octets", p.line());
            ByteArrayOutputStream got = new ByteArrayOutputStream(stored.length);
            String line;
            while (!(line = p.line()).equals(".")) {
                got.writeBytes((line.startsWith(".") ? line.substring(1) : line).getBytes(StandardCharsets.ISO_8859_1));
                got.writeBytes(new byte[] {'\r', '\n'});
            }
            assertArrayEquals(stored, got.toByteArray());
            p.send("QUIT");
            assertEquals("+OK Bye", p.line());
        }

        try (Client m = new Client(imapPort)) {
            assertTrue(m.line().startsWith("* OK "));
            m.send("a LOGIN alice secret");
            assertTrue(m.line().startsWith("a OK "));
            m.send("b SELECT INBOX");
            String l;
            while (!(l = m.line()).startsWith("b ")) {
                assertTrue(l.startsWith("* "), l);
            }
            m.send("c FETCH 1 (BODY.PEEK[])");
            String head = m.line();
            assertEquals("* 1 FETCH (BODY[] {" + stored.length + "}", head);
            assertArrayEquals(stored, m.read(stored.length));
            assertEquals(")", m.line());
            assertEquals("c OK FETCH completed", m.line());
        }
    }

    @Test
    void clientGoneInTheMiddleOfDataLeavesNothingInNewOrTmp() throws Exception {
        try (Client c = new Client(smtpPort)) {
            c.smtp(null);
            c.smtp("EHLO client.test");
            c.smtp("MAIL FROM:<bob@elsewhere.test>");
            c.smtp("RCPT TO:<alice@example.com>");
            assertTrue(c.smtp("DATA").startsWith("354 "));
            byte[] part = new byte[300_000];
            java.util.Arrays.fill(part, (byte) 'x');
            c.out.write("Subject: cut\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            c.out.write(part);
            c.out.flush();
        }
        assertTrue(abandoned.await(30, TimeUnit.SECONDS), "the server noticed the client went away");
        assertEquals(0, count("new"));
        assertEquals(0, count("tmp"));
    }

    @Test
    void acknowledgedMessageIsInNewAndSurvivesARestart() throws Exception {
        try (Client c = new Client(smtpPort)) {
            c.smtp(null);
            c.smtp("HELO client.test");
            c.smtp("MAIL FROM:<>");
            c.smtp("RCPT TO:<ALICE@Example.COM>");
            c.smtp("DATA");
            c.out.write("Subject: kept\r\n\r\nbody\r\n.\r\n".getBytes(StandardCharsets.US_ASCII));
            c.out.flush();
            assertEquals("250 2.0.0 Message accepted for delivery", c.smtp(null));
            // Acknowledged: it is already in new/ before QUIT, whatever happens to the server now.
            assertEquals(1, count("new"));
        }
        server.close();
        start();
        try (Client p = new Client(pop3Port)) {
            p.line();
            p.send("USER alice");
            p.line();
            p.send("PASS secret");
            assertEquals("+OK Maildrop ready, 1 messages", p.line());
        }
    }
}
