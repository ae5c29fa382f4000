package io.twisted.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code twist mail}'s IMAP server with Python 3.11's imaplib (Debian's /usr/bin/python3):
 * \Recent, keywords, LIST/LSUB attributes, IDLE woken by an SMTP delivery, EXISTS with APPEND
 * and the UID forms ({@code imap_interop.py}). With {@code CI=true} a missing python3 fails.
 */
class ImapInteropTest {

    @TempDir
    Path dir;

    @Test
    void pythonImaplibSeesRecentKeywordsHierarchyAndIdleWakeUps() throws Exception {
        Path python = Path.of("/usr/bin/python3");
        if (!Files.isExecutable(python)) {
            if ("true".equals(System.getenv("CI"))) {
                fail("interop peer /usr/bin/python3 is missing (CI=true)");
            }
            Assumptions.assumeTrue(false, "/usr/bin/python3 is not installed");
        }
        try (MailServerFixture server = new MailServerFixture(dir)) {
            Path script = dir.resolve("imap_interop.py");
            try (InputStream in = getClass().getResourceAsStream("imap_interop.py")) {
                Files.write(script, in.readAllBytes());
            }
            Process p = new ProcessBuilder(List.of(python.toString(), script.toString(), String.valueOf(server.smtpPort),
                    String.valueOf(server.imapPort))).directory(dir.toFile()).redirectErrorStream(true).start();
            p.getOutputStream().close();
            byte[] out;
            try (InputStream in = p.getInputStream()) {
                out = in.readAllBytes();
            }
            if (!p.waitFor(90, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail("imap_interop.py timed out");
            }
            String output = new String(out, StandardCharsets.UTF_8);
            assertEquals("OK", output.trim(), output);
            assertEquals(0, p.exitValue());
        }
    }
}
