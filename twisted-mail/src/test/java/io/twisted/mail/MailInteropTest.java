package io.twisted.mail;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code twist mail} with real third-party clients: Python 3.11's smtplib, poplib and imaplib
 * (Debian's /usr/bin/python3), swaks 20201014.0 and curl 7.88.1. Each delivers with STARTTLS and
 * AUTH and reads back byte for byte. With {@code CI=true} a missing peer fails the test.
 */
class MailInteropTest {

    @TempDir
    Path dir;

    private static void requirePeer(String path) {
        if (!Files.isExecutable(Path.of(path))) {
            if ("true".equals(System.getenv("CI"))) {
                fail("interop peer " + path + " is missing (CI=true)");
            }
            Assumptions.assumeTrue(false, path + " is not installed");
        }
    }

    private record Result(int status, String output) { }

    private static Result run(Path workDir, List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true).start();
        p.getOutputStream().close();
        byte[] out;
        try (InputStream in = p.getInputStream()) {
            out = in.readAllBytes();
        }
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("timed out: " + command);
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    /** A message with a header, dot-starting lines, a 5000-octet line and trailing spaces. */
    static byte[] testMessage(int bodyLines) {
        StringBuilder sb = new StringBuilder("From: bob@elsewhere.test\r\nTo: alice@example.com\r\nSubject: interop\r\n"
                + "Message-ID: <interop-1@elsewhere.test>\r\n\r\n.leading dot\r\n..two dots\r\n.\r\n" + "y".repeat(5000)
                + "\r\nTabs\tand trailing spaces   \r\n\r\n");
        Random rnd = new Random(11);
        for (int i = 0; i < bodyLines; i++) {
            for (int j = 0; j < 70; j++) {
                sb.append((char) ('a' + rnd.nextInt(26)));
            }
            sb.append("\r\n");
        }
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
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
    void pythonSmtplibPoplibImaplibRoundTripWithStartTlsAndAuth() throws Exception {
        requirePeer("/usr/bin/python3");
        try (MailServerFixture server = new MailServerFixture(dir)) {
            byte[] msg = testMessage(3000);
            Path file = dir.resolve("msg.eml");
            Files.write(file, msg);
            Path script = dir.resolve("mail_interop.py");
            try (InputStream in = getClass().getResourceAsStream("mail_interop.py")) {
                Files.write(script, in.readAllBytes());
            }
            Result r = run(dir, List.of("/usr/bin/python3", script.toString(), String.valueOf(server.smtpPort),
                    String.valueOf(server.pop3Port), String.valueOf(server.imapPort), file.toString()));
            assertEquals("OK", r.output().trim(), r.output());
            assertEquals(0, r.status());
            assertTrue(server.messages().isEmpty(), "expunged over IMAP");
        }
    }

    @Test
    void pythonClientsOverImplicitTls() throws Exception {
        requirePeer("/usr/bin/python3");
        try (MailServerFixture server = new MailServerFixture(dir, true)) {
            String script = String.join("\n",
                    "import imaplib, poplib, smtplib, ssl, sys",
                    "ctx = ssl.create_default_context(); ctx.check_hostname = False; ctx.verify_mode = ssl.CERT_NONE",
                    "ps, pp, pi = map(int, sys.argv[1:4])",
                    "msg = b'Subject: implicit\\r\\n\\r\\n.dot\\r\\nbody\\r\\n'",
                    "s = smtplib.SMTP_SSL('127.0.0.1', ps, context=ctx, timeout=30); s.login('alice', 'secret')",
                    "assert not s.sendmail('b@x.test', ['alice@example.com'], msg); s.quit()",
                    "p = poplib.POP3_SSL('127.0.0.1', pp, context=ctx, timeout=30); p.user('alice'); p.pass_('secret')",
                    "got = b'\\r\\n'.join(p.retr(1)[1]) + b'\\r\\n'; p.quit()",
                    "assert got.endswith(msg), got",
                    "m = imaplib.IMAP4_SSL('127.0.0.1', pi, ssl_context=ctx, timeout=30); m.login('alice', 'secret'); m.select('INBOX')",
                    "typ, data = m.fetch('1', '(BODY.PEEK[])'); m.logout()",
                    "assert data[0][1] == got",
                    "print('OK')", "");
            Path file = dir.resolve("implicit.py");
            Files.writeString(file, script);
            Result r = run(dir, List.of("/usr/bin/python3", file.toString(), String.valueOf(server.smtpPort),
                    String.valueOf(server.pop3Port), String.valueOf(server.imapPort)));
            assertEquals("OK", r.output().trim(), r.output());
        }
    }

    @Test
    void swaksDeliversWithStartTlsAndAuthAndIsRefusedRelaying() throws Exception {
        requirePeer("/usr/bin/swaks");
        try (MailServerFixture server = new MailServerFixture(dir)) {
            byte[] msg = testMessage(50);
            Path file = dir.resolve("msg.eml");
            Files.write(file, msg);
            Result ok = run(dir, List.of("/usr/bin/swaks", "-s", "127.0.0.1", "-p", String.valueOf(server.smtpPort),
                    "--ehlo", "client.test", "-f", "bob@elsewhere.test", "-t", "alice@example.com", "--tls",
                    "--auth", "PLAIN", "--au", "alice", "--ap", "secret", "--data", file.toString()));
            assertEquals(0, ok.status(), ok.output());
            assertTrue(ok.output().contains("235 2.7.0 Authentication successful"), ok.output());
            List<Path> stored = server.messages();
            assertEquals(1, stored.size());
            byte[] got = Files.readAllBytes(stored.get(0));
            // swaks ends the data with one more CRLF of its own before the final dot.
            assertTrue(endsWith(got, (new String(msg, StandardCharsets.US_ASCII) + "\r\n").getBytes(StandardCharsets.US_ASCII)),
                    "stored message ends with what swaks sent");
            assertTrue(new String(got, StandardCharsets.US_ASCII).startsWith("Received: from client.test ([127.0.0.1])\r\n"
                    + "\tby mx.example.com with ESMTPSA\r\n"));

            for (String mechanism : List.of("LOGIN", "CRAM-MD5")) {
                Result other = run(dir, List.of("/usr/bin/swaks", "-s", "127.0.0.1", "-p", String.valueOf(server.smtpPort),
                        "--ehlo", "client.test", "-f", "bob@elsewhere.test", "-t", "alice@example.com", "--tls",
                        "--auth", mechanism, "--au", "alice", "--ap", "secret", "--data", file.toString()));
                assertEquals(0, other.status(), mechanism + ": " + other.output());
                assertTrue(other.output().contains("235 2.7.0 Authentication successful"), other.output());
            }
            assertEquals(3, server.messages().size());

            Result relay = run(dir, List.of("/usr/bin/swaks", "-s", "127.0.0.1", "-p", String.valueOf(server.smtpPort),
                    "-f", "bob@elsewhere.test", "-t", "victim@far-away.test"));
            assertNotEquals(0, relay.status());
            assertTrue(relay.output().contains("550 5.7.1 Relaying denied"), relay.output());

            Result noTlsAuth = run(dir, List.of("/usr/bin/swaks", "-s", "127.0.0.1", "-p", String.valueOf(server.smtpPort),
                    "-f", "bob@elsewhere.test", "-t", "alice@example.com", "--auth", "PLAIN", "--au", "alice", "--ap", "secret"));
            assertNotEquals(0, noTlsAuth.status(), "AUTH must not be offered without TLS");
            assertEquals(3, server.messages().size());
        }
    }

    @Test
    void curlSmtpDeliversAndCurlPop3AndImapReadBackByteExact() throws Exception {
        requirePeer("/usr/bin/curl");
        try (MailServerFixture server = new MailServerFixture(dir)) {
            byte[] msg = testMessage(200);
            Path file = dir.resolve("msg.eml");
            Files.write(file, msg);
            Result send = run(dir, List.of("/usr/bin/curl", "-sS", "--url", "smtp://127.0.0.1:" + server.smtpPort + "/client.test",
                    "--ssl-reqd", "-k", "--user", "alice:secret", "--mail-from", "bob@elsewhere.test",
                    "--mail-rcpt", "alice@example.com", "--upload-file", file.toString()));
            assertEquals(0, send.status(), send.output());
            byte[] stored = Files.readAllBytes(server.messages().get(0));
            assertTrue(endsWith(stored, msg));

            Path popOut = dir.resolve("pop.out");
            Result pop = run(dir, List.of("/usr/bin/curl", "-sS", "--ssl-reqd", "-k", "--user", "alice:secret",
                    "-o", popOut.toString(), "pop3://127.0.0.1:" + server.pop3Port + "/1"));
            assertEquals(0, pop.status(), pop.output());
            assertArrayEquals(stored, Files.readAllBytes(popOut));

            Path imapOut = dir.resolve("imap.out");
            Result imap = run(dir, List.of("/usr/bin/curl", "-sS", "--ssl-reqd", "-k", "--user", "alice:secret",
                    "-o", imapOut.toString(), "imap://127.0.0.1:" + server.imapPort + "/INBOX;UID=1"));
            assertEquals(0, imap.status(), imap.output());
            assertArrayEquals(stored, Files.readAllBytes(imapOut));

            Result relay = run(dir, List.of("/usr/bin/curl", "-sS", "--url", "smtp://127.0.0.1:" + server.smtpPort,
                    "--mail-from", "bob@elsewhere.test", "--mail-rcpt", "victim@far-away.test", "--upload-file", file.toString()));
            assertNotEquals(0, relay.status());
            assertEquals(1, server.messages().size());
        }
    }
}
