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
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The POP3 maildrop lock of {@code twist mail} (RFC 1939 section 8) seen by Python 3.11's poplib
 * (Debian's /usr/bin/python3) over real connections with STLS: a second login while the first
 * session is in TRANSACTION gets {@code -ERR [IN-USE]}, and succeeds on the same connection once
 * the first session has quit. With {@code CI=true} a missing peer fails the test.
 */
class Pop3LockInteropTest {

    @TempDir
    Path dir;

    private static final String SCRIPT = String.join("\n",
            "import poplib, ssl, sys",
            "ctx = ssl.create_default_context(); ctx.check_hostname = False; ctx.verify_mode = ssl.CERT_NONE",
            "port = int(sys.argv[1])",
            "def connect():",
            "    p = poplib.POP3('127.0.0.1', port, timeout=30); p.stls(context=ctx); return p",
            "a = connect()",
            "assert 'RESP-CODES' in a.capa() and 'AUTH-RESP-CODE' in a.capa(), a.capa()",
            "a.user('alice'); a.pass_('secret')",
            "b = connect(); b.user('alice')",
            "try:",
            "    b.pass_('secret'); print('second login accepted'); sys.exit(1)",
            "except poplib.error_proto as e:",
            "    assert e.args[0].startswith(b'-ERR [IN-USE]'), e",
            "try:",
            "    b.user('alice'); b.pass_('wrong'); sys.exit(1)",
            "except poplib.error_proto as e:",
            "    assert e.args[0].startswith(b'-ERR [AUTH]'), e",
            "a.quit()",
            "b.user('alice'); b.pass_('secret'); b.stat(); b.quit()",
            "print('OK')", "");

    @Test
    @Timeout(120)
    void secondSessionIsInUseUntilTheFirstQuits() throws Exception {
        if (!Files.isExecutable(Path.of("/usr/bin/python3"))) {
            if ("true".equals(System.getenv("CI"))) {
                fail("interop peer /usr/bin/python3 is missing (CI=true)");
            }
            Assumptions.assumeTrue(false, "/usr/bin/python3 is not installed");
        }
        try (MailServerFixture server = new MailServerFixture(dir)) {
            Path file = dir.resolve("pop3_lock.py");
            Files.writeString(file, SCRIPT);
            Process p = new ProcessBuilder(List.of("/usr/bin/python3", file.toString(), String.valueOf(server.pop3Port)))
                    .directory(dir.toFile()).redirectErrorStream(true).start();
            p.getOutputStream().close();
            byte[] out;
            try (InputStream in = p.getInputStream()) {
                out = in.readAllBytes();
            }
            if (!p.waitFor(90, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail("python timed out");
            }
            String output = new String(out, StandardCharsets.UTF_8);
            assertEquals("OK", output.trim(), output);
            assertEquals(0, p.exitValue());
        }
    }
}
