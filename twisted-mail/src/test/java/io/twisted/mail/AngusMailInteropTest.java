package io.twisted.mail;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.eclipse.angus.mail.imap.IMAPMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code twist mail} with Jakarta Mail's reference implementation, Angus Mail 2.0.5, as the client
 * (issue 7): SMTP with STARTTLS and AUTH delivers a message; POP3 and IMAP, both after STARTTLS,
 * read it back, byte for byte equal to the file in alice's Maildir.
 */
class AngusMailInteropTest {

    private static final String SUBJECT = "Grüße aus Zürich — ☃";
    private static final String BODY = "Hello Alice,\r\n.leading dot\r\n..two dots\r\n.\r\nTabs\tand trailing spaces   \r\nbye\r\n";

    @TempDir
    Path dir;

    /** STARTTLS required on all three protocols; the test's self-signed certificate is trusted. */
    private static Session session() {
        Properties p = new Properties();
        for (String proto : List.of("smtp", "pop3", "imap")) {
            p.setProperty("mail." + proto + ".host", "127.0.0.1");
            p.setProperty("mail." + proto + ".starttls.enable", "true");
            p.setProperty("mail." + proto + ".starttls.required", "true");
            p.setProperty("mail." + proto + ".ssl.trust", "*");
            p.setProperty("mail." + proto + ".ssl.checkserveridentity", "false");
            p.setProperty("mail." + proto + ".connectiontimeout", "5000");
            p.setProperty("mail." + proto + ".timeout", "5000");
        }
        p.setProperty("mail.smtp.auth", "true");
        p.setProperty("mail.smtp.localhost", "client.test");
        return Session.getInstance(p);
    }

    private static byte[] bytesOf(Message m) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        m.writeTo(out);
        return out.toByteArray();
    }

    private static boolean endsWith(byte[] whole, byte[] tail) {
        if (whole.length < tail.length) {
            return false;
        }
        for (int i = 0; i < tail.length; i++) {
            if (whole[whole.length - tail.length + i] != tail[i]) {
                return false;
            }
        }
        return true;
    }

    @Test
    @Timeout(30)
    void angusSmtpDeliversAndAngusPop3AndImapReadBackByteExact() throws Exception {
        try (MailServerFixture server = new MailServerFixture(dir)) {
            Session session = session();

            MimeMessage sent = new MimeMessage(session);
            sent.setFrom(new InternetAddress("bob@elsewhere.test"));
            sent.setRecipient(Message.RecipientType.TO, new InternetAddress("alice@example.com"));
            sent.setSubject(SUBJECT, "UTF-8");
            sent.setText(BODY, "UTF-8");
            sent.saveChanges();
            byte[] sentBytes = bytesOf(sent);
            String subjectHeader = sent.getHeader("Subject")[0];
            assertTrue(subjectHeader.startsWith("=?UTF-8?"), "the subject goes out RFC 2047-encoded: " + subjectHeader);

            try (Transport smtp = session.getTransport("smtp")) {
                smtp.connect("127.0.0.1", server.smtpPort, "alice", "secret");
                smtp.sendMessage(sent, sent.getAllRecipients());
            }

            List<Path> stored = server.messages();
            assertEquals(1, stored.size());
            byte[] file = Files.readAllBytes(stored.get(0));
            // The server prepends its Received: header; the rest is what Angus wrote, un-dot-stuffed.
            assertTrue(endsWith(file, sentBytes),
                    "Maildir file ends with the message Angus sent:\n" + new String(file, StandardCharsets.UTF_8));

            // Dot-leading lines reach the Maildir un-stuffed (Angus sends them as "..leading dot").
            String text = new String(file, StandardCharsets.US_ASCII);
            assertTrue(text.contains("\r\n.leading dot\r\n..two dots\r\n.\r\n"), text);

            Store pop3 = session.getStore("pop3");
            pop3.connect("127.0.0.1", server.pop3Port, "alice", "secret");
            try {
                Folder inbox = pop3.getFolder("INBOX");
                inbox.open(Folder.READ_ONLY);
                try {
                    assertEquals(1, inbox.getMessageCount());
                    Message m = inbox.getMessage(1);
                    assertArrayEquals(file, bytesOf(m), "POP3 RETR as Angus wrote it out");
                    // Angus reports LIST's octet count minus the header section's length as the size.
                    assertEquals(file.length - headerSectionLength(file), m.getSize(), "POP3 LIST size");
                    assertDecoded(m);
                } finally {
                    inbox.close(false);
                }
            } finally {
                pop3.close();
            }

            Store imap = session.getStore("imap");
            imap.connect("127.0.0.1", server.imapPort, "alice", "secret");
            try {
                Folder inbox = imap.getFolder("INBOX");
                inbox.open(Folder.READ_ONLY);
                try {
                    assertEquals(1, inbox.getMessageCount());
                    Message m = inbox.getMessage(1);
                    assertArrayEquals(file, bytesOf(m), "IMAP BODY.PEEK[] as Angus wrote it out");
                    assertEquals(file.length, ((IMAPMessage) m).getSizeLong(), "IMAP RFC822.SIZE");
                    assertDecoded(m);
                } finally {
                    inbox.close(false);
                }
            } finally {
                imap.close();
            }
        }
    }

    /**
     * What a desktop client does over IMAP, through Angus: a multipart message with an attachment
     * (decoded from BODYSTRUCTURE and section fetches), folders, COPY, flags, a server-side
     * SEARCH, EXPUNGE, and IDLE woken by an SMTP delivery; then POP3 deletes at QUIT.
     */
    @Test
    @Timeout(60)
    void angusImapFoldersFlagsSearchIdleAndMultipart() throws Exception {
        try (MailServerFixture server = new MailServerFixture(dir)) {
            Session session = session();
            byte[] attachment = new byte[70_000];
            new java.util.Random(7).nextBytes(attachment);
            MimeMessage sent = new MimeMessage(session);
            sent.setFrom(new InternetAddress("bob@elsewhere.test", "Bob Ünderwood", "UTF-8"));
            sent.setRecipient(Message.RecipientType.TO, new InternetAddress("alice@example.com"));
            sent.setSubject("report with attachment", "UTF-8");
            jakarta.mail.internet.MimeBodyPart text = new jakarta.mail.internet.MimeBodyPart();
            text.setText("see the attached café report\r\n", "UTF-8");
            jakarta.mail.internet.MimeBodyPart file = new jakarta.mail.internet.MimeBodyPart();
            file.setDataHandler(new jakarta.activation.DataHandler(
                    new jakarta.mail.util.ByteArrayDataSource(attachment, "application/octet-stream")));
            file.setFileName("résumé.bin");
            sent.setContent(new jakarta.mail.internet.MimeMultipart(text, file));
            sent.saveChanges();
            try (Transport smtp = session.getTransport("smtp")) {
                smtp.connect("127.0.0.1", server.smtpPort, "alice", "secret");
                smtp.sendMessage(sent, sent.getAllRecipients());
            }

            Store imap = session.getStore("imap");
            imap.connect("127.0.0.1", server.imapPort, "alice", "secret");
            try {
                Folder inbox = imap.getFolder("INBOX");
                inbox.open(Folder.READ_WRITE);
                assertEquals(1, inbox.getMessageCount());
                Message m = inbox.getMessage(1);
                assertEquals("report with attachment", m.getSubject());
                assertEquals("Bob Ünderwood", ((InternetAddress) m.getFrom()[0]).getPersonal());
                jakarta.mail.Multipart mp = (jakarta.mail.Multipart) m.getContent();
                assertEquals(2, mp.getCount());
                assertEquals("see the attached café report\r\n", mp.getBodyPart(0).getContent());
                assertEquals("résumé.bin", mp.getBodyPart(1).getFileName());
                assertArrayEquals(attachment, mp.getBodyPart(1).getInputStream().readAllBytes());

                Folder archive = imap.getFolder("Archive");
                assertTrue(archive.create(Folder.HOLDS_MESSAGES));
                inbox.copyMessages(new Message[] {m}, archive);
                m.setFlag(jakarta.mail.Flags.Flag.FLAGGED, true);
                assertEquals(1, inbox.search(new jakarta.mail.search.FlagTerm(new jakarta.mail.Flags(jakarta.mail.Flags.Flag.FLAGGED), true)).length);
                assertEquals(1, inbox.search(new jakarta.mail.search.SubjectTerm("attachment")).length);
                assertEquals(0, inbox.search(new jakarta.mail.search.SubjectTerm("no such words")).length);

                // IDLE in one thread; an SMTP delivery wakes it.
                org.eclipse.angus.mail.imap.IMAPFolder idler = (org.eclipse.angus.mail.imap.IMAPFolder) inbox;
                java.util.concurrent.CountDownLatch woke = new java.util.concurrent.CountDownLatch(1);
                idler.addMessageCountListener(new jakarta.mail.event.MessageCountAdapter() {
                    @Override
                    public void messagesAdded(jakarta.mail.event.MessageCountEvent e) {
                        woke.countDown();
                    }
                });
                Thread idle = new Thread(() -> {
                    try {
                        while (woke.getCount() > 0) {
                            idler.idle(true);
                        }
                    } catch (jakarta.mail.MessagingException e) {
                        // the folder was closed
                    }
                }, "angus-idle");
                idle.start();
                MimeMessage second = new MimeMessage(session);
                second.setFrom(new InternetAddress("carol@elsewhere.test"));
                second.setRecipient(Message.RecipientType.TO, new InternetAddress("alice@example.com"));
                second.setSubject("wake up");
                second.setText("ping");
                second.saveChanges();
                Thread.sleep(200); // let IDLE start; it is woken either way
                try (Transport smtp = session.getTransport("smtp")) {
                    smtp.connect("127.0.0.1", server.smtpPort, "alice", "secret");
                    smtp.sendMessage(second, second.getAllRecipients());
                }
                assertTrue(woke.await(20, java.util.concurrent.TimeUnit.SECONDS), "IDLE heard the new message");
                idle.join(20_000);
                assertEquals(2, inbox.getMessageCount());

                m.setFlag(jakarta.mail.Flags.Flag.DELETED, true);
                inbox.expunge();
                assertEquals(1, inbox.getMessageCount());
                assertEquals("wake up", inbox.getMessage(1).getSubject());
                inbox.close(false);
                archive.open(Folder.READ_ONLY);
                assertEquals(1, archive.getMessageCount());
                assertEquals("report with attachment", archive.getMessage(1).getSubject());
                archive.close(false);
            } finally {
                imap.close();
            }

            Store pop3 = session.getStore("pop3");
            pop3.connect("127.0.0.1", server.pop3Port, "alice", "secret");
            Folder pinbox = pop3.getFolder("INBOX");
            pinbox.open(Folder.READ_WRITE);
            assertEquals(1, pinbox.getMessageCount());
            pinbox.getMessage(1).setFlag(jakarta.mail.Flags.Flag.DELETED, true);
            pinbox.close(true);
            pop3.close();
            assertEquals(List.of(), server.messages(), "POP3 deleted the message at QUIT");
        }
    }

    /** Octets up to and including the blank line that ends the header section. */
    private static int headerSectionLength(byte[] file) {
        String s = new String(file, StandardCharsets.ISO_8859_1);
        int i = s.indexOf("\r\n\r\n");
        assertTrue(i >= 0, "the stored message has a header section");
        return i + 4;
    }

    private static void assertDecoded(Message m) throws Exception {
        assertEquals(SUBJECT, m.getSubject());
        assertEquals("bob@elsewhere.test", ((InternetAddress) m.getFrom()[0]).getAddress());
        Object content = m.getContent();
        assertTrue(content instanceof String, String.valueOf(content));
        assertEquals(BODY, content);
    }
}
