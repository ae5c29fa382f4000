package io.twisted.mail.imap4.client;

import static org.junit.jupiter.api.Assertions.fail;

import io.twisted.internet.ClientFactory;
import io.twisted.internet.Protocol;
import io.twisted.internet.defer.Deferred;
import io.twisted.internet.tls.PrivateCertificate;
import io.twisted.internet.tls.SelfSigned;
import io.twisted.internet.tls.TlsOptions;
import io.twisted.testing.ReactorThread;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A private Dovecot (Debian's dovecot-imapd/dovecot-pop3d 2.3, {@code /usr/sbin/dovecot}) for the
 * client interop tests: its own config, base dir, users file, certificate and Maildir under a
 * temporary folder, IMAP (STARTTLS) and POP3 (STLS) on loopback ports picked here. User
 * {@code alice}, password {@code secret}. With {@code CI=true} a missing Dovecot fails the test
 * instead of skipping it. Needs root (Dovecot drops to {@code nobody} for the mail processes).
 */
public final class DovecotPeer implements AutoCloseable {

    /** The Dovecot binary. */
    public static final Path DOVECOT = Path.of("/usr/sbin/dovecot");

    /** The CN and SAN of the peer's certificate. */
    public static final String SERVER_NAME = "imap.example.test";

    public final Path dir;
    public final Path maildir;
    public final int imapPort;
    public final int pop3Port;
    public final PrivateCertificate cert;
    private final Process process;

    private DovecotPeer(Path dir, Path maildir, int imapPort, int pop3Port, PrivateCertificate cert, Process process) {
        this.dir = dir;
        this.maildir = maildir;
        this.imapPort = imapPort;
        this.pop3Port = pop3Port;
        this.cert = cert;
        this.process = process;
    }

    /** Skips (or, with CI=true, fails) when Dovecot is not installed. */
    public static void assumeInstalled() {
        if (!Files.isExecutable(DOVECOT)) {
            if ("true".equals(System.getenv("CI"))) {
                fail("interop peer missing (CI=true): " + DOVECOT);
            }
            Assumptions.assumeTrue(false, DOVECOT + " is not installed");
        }
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")) || "true".equals(System.getenv("CI")),
                "the private Dovecot needs root to drop privileges to nobody");
    }

    /**
     * Starts Dovecot with {@code messages} in alice's INBOX ({@code new/}, oldest first) and waits
     * (at most 30 s) until both ports accept connections.
     */
    public static DovecotPeer start(Path tempDir, List<byte[]> messages) throws Exception {
        assumeInstalled();
        Path dir = tempDir.resolve("dovecot");
        Files.createDirectories(dir.resolve("run"));
        Files.createDirectories(dir.resolve("state"));
        Path maildir = dir.resolve("mail/alice");
        for (String sub : List.of("cur", "new", "tmp")) {
            Files.createDirectories(maildir.resolve(sub));
        }
        for (int i = 0; i < messages.size(); i++) {
            Files.write(maildir.resolve("new/" + (1_700_000_000 + i) + ".seed" + i + ".localhost"), messages.get(i));
        }
        PrivateCertificate cert = SelfSigned.create(SERVER_NAME);
        cert.writePem(dir.resolve("key.pem"), dir.resolve("cert.pem"));
        Files.writeString(dir.resolve("users"), "alice:{PLAIN}secret\n");
        int imap = freePort();
        int pop3 = freePort();
        String conf = """
                base_dir = %1$s/run
                state_dir = %1$s/state
                log_path = %1$s/dovecot.log
                protocols = imap pop3
                listen = 127.0.0.1
                ssl = yes
                ssl_cert = <%1$s/cert.pem
                ssl_key = <%1$s/key.pem
                disable_plaintext_auth = no
                auth_mechanisms = plain login
                mail_location = maildir:%1$s/mail/%%u
                first_valid_uid = 1
                mail_privileged_group =
                pop3_uidl_format = %%08Xu%%08Xv
                passdb {
                  driver = passwd-file
                  args = scheme=PLAIN username_format=%%u %1$s/users
                }
                userdb {
                  driver = static
                  args = uid=nobody gid=nogroup home=%1$s/mail/%%u
                }
                service imap-login {
                  inet_listener imap {
                    address = 127.0.0.1
                    port = %2$d
                  }
                  inet_listener imaps {
                    port = 0
                  }
                }
                service pop3-login {
                  inet_listener pop3 {
                    address = 127.0.0.1
                    port = %3$d
                  }
                  inet_listener pop3s {
                    port = 0
                  }
                }
                service anvil {
                  chroot =
                }
                """.formatted(dir, imap, pop3);
        Files.writeString(dir.resolve("dovecot.conf"), conf);
        // the mail processes run as nobody: they must reach and own the Maildir
        for (Path p = dir; p != null && p.startsWith(tempDir); p = p.getParent()) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        chownNobody(dir.resolve("mail"));
        Process process = new ProcessBuilder(DOVECOT.toString(), "-F", "-c", dir.resolve("dovecot.conf").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("dovecot.out").toFile()).start();
        DovecotPeer peer = new DovecotPeer(dir, maildir, imap, pop3, cert, process);
        try {
            peer.awaitPort(imap);
            peer.awaitPort(pop3);
        } catch (Exception | AssertionError e) {
            peer.close();
            throw e;
        }
        return peer;
    }

    /** Client TLS settings that trust this peer's certificate. */
    public TlsOptions clientTls() {
        return TlsOptions.forClient(SERVER_NAME).withTrustRoots(cert.certificateChain());
    }

    private static void chownNobody(Path root) throws Exception {
        Process p = new ProcessBuilder("chown", "-R", "nobody:nogroup", root.toString()).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            fail("chown nobody failed");
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Connection attempts until the port answers; bounded by 30 s (Dovecot has no readiness signal). */
    private void awaitPort(int port) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                fail("dovecot exited: " + log());
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                return;
            } catch (IOException notYet) {
                process.waitFor(100, TimeUnit.MILLISECONDS);
            }
        }
        fail("dovecot did not listen on " + port + ": " + log());
    }

    /** Dovecot's output and log, for failure messages. */
    public String log() {
        StringBuilder sb = new StringBuilder();
        for (String f : List.of("dovecot.out", "dovecot.log")) {
            try {
                sb.append(Files.readString(dir.resolve(f), StandardCharsets.UTF_8));
            } catch (IOException ignored) {
                // not written yet
            }
        }
        return sb.toString();
    }

    /** The files in alice's {@code new/} and {@code cur/}. */
    public long messageFiles() throws IOException {
        long n = 0;
        for (String sub : List.of("new", "cur")) {
            try (Stream<Path> s = Files.list(maildir.resolve(sub))) {
                n += s.count();
            }
        }
        return n;
    }

    /** Connects {@code protocol} to {@code port} on the reactor thread. */
    public static void connect(ReactorThread rt, int port, Protocol protocol) throws Exception {
        rt.run(() -> rt.reactor.connectTCP("127.0.0.1", port, new ClientFactory(() -> protocol)));
    }

    /** Runs {@code start} on the reactor thread and waits (at most 30 s) for its Deferred: the result or the failure's exception. */
    public static Object await(ReactorThread rt, Callable<? extends Deferred<?>> start) throws Exception {
        CompletableFuture<Object> done = new CompletableFuture<>();
        rt.run(() -> {
            try {
                start.call().addCallbacks(r -> done.complete(r), f -> done.complete(f.value()));
            } catch (Exception e) {
                done.complete(e);
            }
        });
        return done.get(30, TimeUnit.SECONDS);
    }

    /** As {@link #await}, failing the test on a failure. */
    @SuppressWarnings("unchecked")
    public static <T> T ok(ReactorThread rt, Callable<Deferred<T>> start) throws Exception {
        Object o = await(rt, start);
        if (o instanceof Throwable t) {
            throw new AssertionError("command failed", t);
        }
        return (T) o;
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
