package io.twisted.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills the server process (SIGKILL) in the middle of DATA: nothing partial may appear in
 * {@code new/}, and a message acknowledged with 250 before the kill is still there for the next
 * server process.
 */
class MailServerProcessKillTest {

    @TempDir
    Path dir;

    private Process startServer(List<Integer> ports) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), MailServerMain.class.getName(),
                "--smtp", "tcp:0:interface=127.0.0.1", "--pop3", "tcp:0:interface=127.0.0.1", "--no-imap4",
                "--hostname", "mx.example.com", "--maildirdbmdomain", "example.com=" + dir.resolve("mail"),
                "--user", "alice=secret").redirectError(ProcessBuilder.Redirect.DISCARD).start();
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.US_ASCII));
        while (ports.size() < 2) {
            String line = r.readLine();
            if (line == null) {
                throw new IllegalStateException("server process ended before listening");
            }
            if (line.startsWith("PORT ")) {
                ports.add(Integer.parseInt(line.substring(5)));
            }
        }
        return p;
    }

    private long count(String sub) throws Exception {
        Path d = dir.resolve("mail").resolve("alice").resolve(sub);
        try (Stream<Path> s = Files.list(d)) {
            return s.count();
        }
    }

    private static String reply(BufferedReader in) throws Exception {
        String l;
        do {
            l = in.readLine();
        } while (l != null && l.length() > 3 && l.charAt(3) == '-');
        return l;
    }

    @Test
    void killDuringDataLeavesNoPartialMessageAndKeepsAcknowledgedOnes() throws Exception {
        List<Integer> ports = new ArrayList<>();
        Process server = startServer(ports);
        try (Socket s = new Socket("127.0.0.1", ports.get(0))) {
            s.setSoTimeout(30_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream raw = s.getOutputStream();
            PrintWriter out = new PrintWriter(raw, true, StandardCharsets.US_ASCII);
            reply(in);
            out.print("EHLO c\r\nMAIL FROM:<b@x.test>\r\nRCPT TO:<alice@example.com>\r\nDATA\r\n");
            out.flush();
            reply(in);
            reply(in);
            reply(in);
            assertTrue(reply(in).startsWith("354"));
            out.print("Subject: kept\r\n\r\nacknowledged\r\n.\r\n");
            out.flush();
            assertEquals("250 2.0.0 Message accepted for delivery", reply(in));
            out.print("MAIL FROM:<b@x.test>\r\nRCPT TO:<alice@example.com>\r\nDATA\r\n");
            out.flush();
            reply(in);
            reply(in);
            assertTrue(reply(in).startsWith("354"));
            byte[] part = new byte[1 << 20];
            java.util.Arrays.fill(part, (byte) 'z');
            raw.write("Subject: cut\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            raw.write(part);
            raw.flush();
            // The server says nothing during DATA, and it is another process: watch tmp/ (bounded)
            // for the partial message before killing.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (count("tmp") == 0 && System.nanoTime() < deadline) {
                java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
            }
            assertEquals(1, count("tmp"), "the cut message was being written");
            server.destroyForcibly();
            assertTrue(server.waitFor(30, TimeUnit.SECONDS));
        } finally {
            server.destroyForcibly();
        }
        assertEquals(1, count("new"), "only the acknowledged message");
        try (Stream<Path> s = Files.list(dir.resolve("mail/alice/new"))) {
            String kept = Files.readString(s.findFirst().orElseThrow(), StandardCharsets.US_ASCII);
            assertTrue(kept.endsWith("Subject: kept\r\n\r\nacknowledged\r\n"), kept);
        }

        List<Integer> ports2 = new ArrayList<>();
        Process again = startServer(ports2);
        try (Socket s = new Socket("127.0.0.1", ports2.get(1))) {
            s.setSoTimeout(30_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
            assertTrue(in.readLine().startsWith("+OK"));
        } finally {
            again.destroyForcibly();
            again.waitFor(30, TimeUnit.SECONDS);
        }
    }
}
