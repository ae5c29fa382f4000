package io.twisted.mail;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.twisted.internet.tls.PrivateCertificate;
import io.twisted.internet.tls.SelfSigned;
import io.twisted.internet.tls.TlsOptions;
import io.twisted.mail.smtp.MailAddress;
import io.twisted.mail.smtp.SmtpClient;
import io.twisted.mail.smtp.SmtpClientException;
import io.twisted.mail.smtp.SmtpClientOptions;
import io.twisted.mail.smtp.SmtpSendResult;
import io.twisted.testing.ReactorThread;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our SMTP client over real sockets: against {@code twist mail} (STARTTLS required, AUTH PLAIN)
 * and against aiosmtpd 1.4.3 (Debian python3-aiosmtpd, run by /usr/bin/python3) with STARTTLS
 * and AUTH, byte-exact. With {@code CI=true} a missing peer fails the test.
 */
class SmtpClientInteropTest {

    @TempDir
    Path dir;

    private static final byte[] MESSAGE = ("From: alice@example.com\r\nTo: bob@example.org\r\nSubject: client\r\n\r\n"
            + ".dot\r\n..dots\r\n" + "x".repeat(990) + "\r\nend\r\n").getBytes(StandardCharsets.US_ASCII);

    private static <T> T await(ReactorThread r, java.util.concurrent.Callable<io.twisted.internet.defer.Deferred<T>> send) throws Exception {
        CompletableFuture<T> f = new CompletableFuture<>();
        r.call(() -> send.call().addCallbacks(v -> {
            f.complete(v);
            return null;
        }, e -> {
            f.completeExceptionally(e.value());
            return null;
        }));
        try {
            return f.get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw (Exception) e.getCause();
        }
    }

    private static TlsOptions trusting(PrivateCertificate cert) {
        return TlsOptions.forClient("localhost").withTrustRoots(cert.certificateChain());
    }

    @Test
    void toTwistMailWithRequiredStartTlsAndAuth() throws Exception {
        try (MailServerFixture server = new MailServerFixture(dir, "--disable-anonymous");
             ReactorThread client = new ReactorThread("smtp-client")) {
            PrivateCertificate cert = PrivateCertificate.fromPem(server.certificate);
            SmtpClientOptions o = SmtpClientOptions.plain("client.test").withTls(trusting(cert), SmtpClientOptions.TlsMode.REQUIRED)
                    .withAuth("alice", "secret");
            SmtpSendResult r = await(client, () -> SmtpClient.sendmail(client.reactor, "127.0.0.1", server.smtpPort, o,
                    MailAddress.parse("alice@example.com"), List.of(MailAddress.parse("alice@example.com"),
                    MailAddress.parse("nobody@example.com")), MESSAGE));
            assertEquals(1, r.acceptedCount());
            assertEquals(550, r.recipients().get(1).reply().code());
            byte[] stored = Files.readAllBytes(server.messages().get(0));
            String text = new String(stored, StandardCharsets.US_ASCII);
            assertTrue(text.contains("with ESMTPSA"), text);
            assertTrue(text.endsWith(new String(MESSAGE, StandardCharsets.US_ASCII)));

            SmtpClientOptions anonymous = SmtpClientOptions.plain("client.test").withTls(trusting(cert), SmtpClientOptions.TlsMode.REQUIRED);
            try {
                await(client, () -> SmtpClient.sendmail(client.reactor, "127.0.0.1", server.smtpPort, anonymous,
                        MailAddress.parse("x@example.org"), List.of(MailAddress.parse("alice@example.com")), MESSAGE));
                fail("anonymous mail accepted with --disable-anonymous");
            } catch (SmtpClientException e) {
                assertEquals(530, e.reply().code());
            }
        }
    }

    @Test
    void toAiosmtpdWithStartTlsAndAuth() throws Exception {
        if (!Files.isExecutable(Path.of("/usr/bin/python3")) || new ProcessBuilder("/usr/bin/python3", "-c", "import aiosmtpd")
                .start().waitFor() != 0) {
            if ("true".equals(System.getenv("CI"))) {
                fail("aiosmtpd (python3-aiosmtpd) is missing (CI=true)");
            }
            Assumptions.assumeTrue(false, "aiosmtpd is not installed");
        }
        PrivateCertificate cert = SelfSigned.create("localhost");
        Path certFile = dir.resolve("cert.pem");
        Path keyFile = dir.resolve("key.pem");
        cert.writePem(keyFile, certFile);
        Path out = Files.createDirectory(dir.resolve("out"));
        Path script = dir.resolve("aiosmtpd_server.py");
        try (InputStream in = getClass().getResourceAsStream("aiosmtpd_server.py")) {
            Files.write(script, in.readAllBytes());
        }
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Process peer = new ProcessBuilder("/usr/bin/python3", script.toString(), String.valueOf(port), certFile.toString(),
                keyFile.toString(), out.toString()).redirectErrorStream(true).start();
        try (ReactorThread client = new ReactorThread("smtp-client")) {
            BufferedReader r = new BufferedReader(new InputStreamReader(peer.getInputStream(), StandardCharsets.UTF_8));
            String line = r.readLine();
            assertEquals("READY", line, "aiosmtpd did not start");
            SmtpClientOptions o = SmtpClientOptions.plain("client.test").withTls(trusting(cert), SmtpClientOptions.TlsMode.REQUIRED)
                    .withAuth("alice", "secret");
            SmtpSendResult result = await(client, () -> SmtpClient.sendmail(client.reactor, "127.0.0.1", port, o,
                    MailAddress.parse("alice@example.com"), List.of(MailAddress.parse("bob@example.org"),
                    MailAddress.parse("carol@reject.test")), MESSAGE));
            assertEquals(1, result.acceptedCount());
            assertEquals(550, result.recipients().get(1).reply().code());
            assertArrayEquals(MESSAGE, Files.readAllBytes(out.resolve("1.eml")));
            assertEquals("alice@example.com bob@example.org True", Files.readString(out.resolve("1.env")).trim());
        } finally {
            peer.getOutputStream().close();
            if (!peer.waitFor(20, TimeUnit.SECONDS)) {
                peer.destroyForcibly();
            }
        }
    }
}
