package io.twisted.twist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code twist echo} over the {@code ssl:} and {@code unix:} endpoints, as a real process, against
 * real peers nobody here wrote: OpenSSL's {@code s_client} (Debian package openssl, 3.x) and
 * {@code socat} (Debian package socat, 1.7). Each test sends 64 KiB of random bytes through the peer
 * and checks they come back byte for byte. Without a peer binary the test is skipped, except with
 * {@code CI=true}, where it fails.
 */
@Timeout(120)
class EchoEndpointsInteropTest {

    private static final String OPENSSL = "/usr/bin/openssl";
    private static final String SOCAT = "/usr/bin/socat";
    private static final Pattern LISTENING = Pattern.compile("listening on (\\S+)");
    private static final Pattern SELF_SIGNED = Pattern.compile("certificate (\\S+\\.pem) \\(trust");

    @TempDir
    Path dir;

    private final List<Process> processes = new ArrayList<>();
    private final StringBuffer twistLog = new StringBuffer();
    private final CompletableFuture<String> selfSignedCertificate = new CompletableFuture<>();

    @AfterEach
    void stopProcesses() {
        for (Process p : processes) {
            p.destroyForcibly();
        }
    }

    private static void requirePeer(String binary) {
        boolean present = Files.isExecutable(Path.of(binary));
        if ("true".equals(System.getenv("CI"))) {
            assertTrue(present, binary + " is required with CI=true");
        }
        assumeTrue(present, binary + " not installed");
    }

    /** Starts {@code twist echo ARGS} and returns the address it logs as listening on. */
    private String startEcho(String... args) throws Exception {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(javaBin, "-cp", System.getProperty("java.class.path"), Twist.class.getName(), "echo"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        processes.add(p);
        CompletableFuture<String> address = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    twistLog.append(line).append('\n');
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) {
                        address.complete(m.group(1));
                    }
                    Matcher c = SELF_SIGNED.matcher(line);
                    if (c.find()) {
                        selfSignedCertificate.complete(c.group(1));
                    }
                }
            } catch (IOException e) {
                address.completeExceptionally(e);
            }
            address.completeExceptionally(new AssertionError("twist ended before listening:\n" + twistLog));
        }, "twist-output");
        reader.setDaemon(true);
        reader.start();
        return address.get(60, TimeUnit.SECONDS);
    }

    /** Runs {@code peer}, writes {@code data} to its input, and returns as many bytes read from its output. */
    private byte[] exchange(List<String> peer, byte[] data) throws Exception {
        Process p = new ProcessBuilder(peer).redirectError(dir.resolve("peer-stderr.txt").toFile()).start();
        processes.add(p);
        CompletableFuture<byte[]> received = CompletableFuture.supplyAsync(() -> {
            try {
                InputStream in = p.getInputStream();
                return in.readNBytes(data.length);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        OutputStream out = p.getOutputStream();
        out.write(data);
        out.flush();
        byte[] back;
        try {
            back = received.get(60, TimeUnit.SECONDS);
        } finally {
            out.close();
        }
        p.destroy();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "peer did not exit");
        return back;
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        new Random(862).nextBytes(b);
        return b;
    }

    private String peerErrors() throws IOException {
        Path f = dir.resolve("peer-stderr.txt");
        return Files.exists(f) ? Files.readString(f) : "";
    }

    private static int port(String address) {
        return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
    }

    private List<String> sClient(int port, String caFile) {
        return List.of(OPENSSL, "s_client", "-connect", "127.0.0.1:" + port, "-quiet", "-nocommands",
                "-CAfile", caFile, "-verify_return_error", "-verify_hostname", "localhost");
    }

    @Test
    void sslEchoAnswersOpenSslSClientByteExact() throws Exception {
        requirePeer(OPENSSL);
        Path key = dir.resolve("key.pem");
        Path cert = dir.resolve("cert.pem");
        Process req = new ProcessBuilder(OPENSSL, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key.toString(),
                "-out", cert.toString(), "-days", "2", "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost")
                .redirectErrorStream(true).start();
        req.getInputStream().readAllBytes();
        assertTrue(req.waitFor(60, TimeUnit.SECONDS) && req.exitValue() == 0, "openssl req failed");
        String address = startEcho("--listen", "ssl:0:interface=127.0.0.1:privateKey=" + key + ":certKey=" + cert);
        byte[] data = randomBytes(65536);
        byte[] back = exchange(sClient(port(address), cert.toString()), data);
        assertArrayEquals(data, back, () -> "twist:\n" + twistLog + "\ns_client:\n" + errors());
    }

    @Test
    void selfSignedCertificateFlagServesSslListensWithoutKeys() throws Exception {
        requirePeer(OPENSSL);
        String address = startEcho("--make-self-signed-certificate", "localhost", "--listen", "ssl:0:interface=127.0.0.1");
        String cert = selfSignedCertificate.get(10, TimeUnit.SECONDS);
        assertTrue(Files.isReadable(Path.of(cert)), cert);
        byte[] data = randomBytes(65536);
        try {
            byte[] back = exchange(sClient(port(address), cert), data);
            assertArrayEquals(data, back, () -> "twist:\n" + twistLog + "\ns_client:\n" + errors());
        } finally {
            Path made = Path.of(cert).getParent();
            Files.deleteIfExists(made.resolve("key.pem"));
            Files.deleteIfExists(made.resolve("cert.pem"));
            Files.deleteIfExists(made);
        }
    }

    @Test
    void unixEchoAnswersSocatByteExact() throws Exception {
        requirePeer(SOCAT);
        Path socket = dir.resolve("echo.sock");
        startEcho("--listen", "unix:" + socket);
        assertTrue(Files.exists(socket), "socket file made");
        byte[] data = randomBytes(65536);
        byte[] back = exchange(List.of(SOCAT, "-", "UNIX-CONNECT:" + socket), data);
        assertArrayEquals(data, back, () -> "twist:\n" + twistLog + "\nsocat:\n" + errors());
    }

    private String errors() {
        try {
            return peerErrors();
        } catch (IOException e) {
            return e.toString();
        }
    }
}
