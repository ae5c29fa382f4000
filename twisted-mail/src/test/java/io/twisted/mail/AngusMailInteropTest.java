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
