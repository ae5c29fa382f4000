package io.twisted.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twisted.application.UsageError;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code twist mail --aliases FILE} over real sockets: an alias delivers to a mailbox and a program. */
class AliasesIntegrationTest {

    @TempDir
    Path dir;

    @Test
    @Timeout(60)
    void anAliasDeliversToItsTargets() throws Exception {
        Path out = dir.resolve("piped.txt");
        Path aliases = dir.resolve("aliases");
        Files.writeString(aliases, "# example.com\npostmaster: alice, \"|cat > " + out + "\"\n");
        try (MailServerFixture server = new MailServerFixture(dir, "--aliases", aliases.toString());
                Socket s = new Socket("127.0.0.1", server.smtpPort)) {
            s.setSoTimeout(30_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream o = s.getOutputStream();
            assertTrue(in.readLine().startsWith("220"));
            o.write(("HELO client.test\r\nMAIL FROM:<carol@elsewhere.test>\r\nRCPT TO:<Postmaster@example.com>\r\nDATA\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; i < 4; i++) {
                String reply = in.readLine();
                assertTrue(reply.startsWith("250") || reply.startsWith("354"), reply);
            }
            o.write("Subject: to the postmaster\r\n\r\nhello\r\n.\r\nQUIT\r\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals("250 2.0.0 Message accepted for delivery", in.readLine());
            assertEquals(1, server.messages().size());
            assertTrue(Files.readString(out).endsWith("Subject: to the postmaster\r\n\r\nhello\r\n"), Files.readString(out));
        }
    }

    @Test
    void aBadAliasFileIsAUsageError() throws Exception {
        Path aliases = dir.resolve("aliases");
        Files.writeString(aliases, "no colon\n");
        MailServiceMaker maker = new MailServiceMaker();
        UsageError e = assertThrows(UsageError.class, () -> maker.makeService(io.twisted.internet.Reactor.create(),
                maker.options().parse(List.of("--aliases", aliases.toString(), "--maildirdbmdomain", "example.com=" + dir))));
        assertTrue(e.getMessage().contains("line 1"), e.getMessage());
    }
}
