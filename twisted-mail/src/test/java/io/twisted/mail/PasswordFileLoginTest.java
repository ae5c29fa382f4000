package io.twisted.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twisted.cred.checkers.PasswordFile;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code twist mail --passwordfile}: users from a PBKDF2 password file (and plain Twisted-style lines) log in (over STLS with the
 * JDK's TLS client), users from {@code --user} too, and plain-text login is refused before TLS.
 */
class PasswordFileLoginTest {

    @TempDir
    Path dir;

    private static SSLSocket startTls(Socket plain) throws Exception {
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, new TrustManager[] {new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }}, null);
        SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket(plain, "localhost", plain.getPort(), true);
        s.startHandshake();
        return s;
    }

    private static String login(int port, String user, String password) throws Exception {
        try (Socket plain = new Socket("127.0.0.1", port)) {
            plain.setSoTimeout(30_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(plain.getInputStream(), StandardCharsets.US_ASCII));
            PrintWriter out = new PrintWriter(plain.getOutputStream(), true, StandardCharsets.US_ASCII);
            assertTrue(in.readLine().startsWith("+OK"));
            out.print("USER " + user + "\r\n");
            out.flush();
            assertEquals("-ERR [AUTH] Plain-text login requires TLS: use STLS first", in.readLine());
            out.print("STLS\r\n");
            out.flush();
            assertEquals("+OK Begin TLS negotiation", in.readLine());
            try (SSLSocket tls = startTls(plain)) {
                BufferedReader tin = new BufferedReader(new InputStreamReader(tls.getInputStream(), StandardCharsets.US_ASCII));
                PrintWriter tout = new PrintWriter(tls.getOutputStream(), true, StandardCharsets.US_ASCII);
                tout.print("USER " + user + "\r\nPASS " + password + "\r\n");
                tout.flush();
                tin.readLine();
                return tin.readLine();
            }
        }
    }

    @Test
    void passwordFileAndCommandLineUsersLogInOverStls() throws Exception {
        Path passwords = dir.resolve("passwords");
        PasswordFile file = PasswordFile.load(passwords);
        file.setPassword("carol", "hunter2".toCharArray(), 1000);
        file.save();
        // A line in Twisted's plain USER:PASSWORD form is accepted too (with a warning).
        java.nio.file.Files.writeString(passwords, "dave:plain pass\n", java.nio.file.StandardOpenOption.APPEND);
        try (MailServerFixture server = new MailServerFixture(dir, "--passwordfile", passwords.toString())) {
            assertEquals("+OK Maildrop ready, 0 messages", login(server.pop3Port, "carol", "hunter2"));
            assertEquals("+OK Maildrop ready, 0 messages", login(server.pop3Port, "alice@example.com", "secret"));
            assertEquals("+OK Maildrop ready, 0 messages", login(server.pop3Port, "dave", "plain pass"));
            assertEquals("-ERR [AUTH] Authentication failed", login(server.pop3Port, "dave", "plain"));
            assertEquals("-ERR [AUTH] Authentication failed", login(server.pop3Port, "carol", "wrong"));
            assertEquals("-ERR [AUTH] Authentication failed", login(server.pop3Port, "mallory", "hunter2"));
        }
    }
}
