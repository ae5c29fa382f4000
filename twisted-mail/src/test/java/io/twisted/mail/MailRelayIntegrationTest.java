package io.twisted.mail;

import static org.junit.jupiter.api.Assertions.*;

import io.twisted.application.ParsedOptions;
import io.twisted.application.Service;
import io.twisted.application.StreamServerEndpointService;
import io.twisted.internet.tls.PrivateCertificate;
import io.twisted.internet.tls.SelfSigned;
import io.twisted.names.tap.DnsServiceMaker;
import io.twisted.testing.ReactorThread;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code twist mail --relay}, end to end over loopback: a client on a trusted network hands our
 * server a message for a remote domain; the relay looks up the domain's MX with our DNS server
 * (twisted-names), sends it with the SMTP client to the exchanger (a second mail server, with a
 * self-signed certificate), and it lands in the remote Maildir. Variants: opportunistic TLS to an
 * exchanger whose certificate names another host, required TLS with and without the right trust
 * root, and an exchanger reachable over IPv6 only (AAAA {@code ::1}).
 */
class MailRelayIntegrationTest {

    @TempDir
    Path root;

    static int freeUdpAndTcpPort() throws Exception {
        for (int i = 0; i < 50; i++) {
            try (DatagramSocket u = new DatagramSocket(0, InetAddress.getByName("127.0.0.1"))) {
                int p = u.getLocalPort();
                try (ServerSocket t = new ServerSocket(p, 1, InetAddress.getByName("127.0.0.1"))) {
                    return p;
                } catch (java.io.IOException taken) {
                    // try another
                }
            }
        }
        throw new IllegalStateException("no free port");
    }

    /** Serves example.com with {@code records} (zone-file lines) on 127.0.0.1; returns the port. */
    private int startDns(ReactorThread dns, String... records) throws Exception {
        List<String> lines = new ArrayList<>(List.of("$ORIGIN example.com.", "$TTL 300",
                "@ IN SOA ns hostmaster 1 3600 600 86400 300", "@ IN NS ns", "ns IN A 127.0.0.1"));
        lines.addAll(List.of(records));
        lines.add("");
        Path zone = Files.writeString(root.resolve("example.com.zone"), String.join("\n", lines));
        int dnsPort = freeUdpAndTcpPort();
        DnsServiceMaker dnsMaker = new DnsServiceMaker();
        ParsedOptions dnsOptions = dnsMaker.options().parse(List.of("--interface", "127.0.0.1", "--port",
                String.valueOf(dnsPort), "--bindzone", zone.toString()));
        dns.call(() -> {
            Service s = dnsMaker.makeService(dns.reactor, dnsOptions);
            s.privilegedStartService();
            s.startService();
            return s;
        });
        return dnsPort;
    }

    /** Our relaying server (local.test is local; other domains relay for 127.0.0.1); returns its SMTP port. */
    private int startRelay(ReactorThread local, int dnsPort, int remotePort, String... extra) throws Exception {
        MailServiceMaker maker = new MailServiceMaker();
        List<String> args = new ArrayList<>(List.of("--smtp", "tcp:0:interface=127.0.0.1", "--no-pop3",
                "--no-imap4", "--hostname", "relay.local.test",
                "--maildirdbmdomain", "local.test=" + root.resolve("local"), "--user", "bob=secret",
                "--relay", root.resolve("queue").toString(), "--relay-network", "127.0.0.1/32",
                "--relay-dns", "127.0.0.1:" + dnsPort, "--relay-port", String.valueOf(remotePort)));
        args.addAll(List.of(extra));
        ParsedOptions options = maker.options().parse(args);
        Service service = local.call(() -> {
            Service s = maker.makeService(local.reactor, options);
            s.privilegedStartService();
            s.startService();
            return s;
        });
        int smtpPort = -1;
        for (Service child : local.call(() -> {
            List<Service> l = new ArrayList<>();
            ((Iterable<Service>) service).forEach(l::add);
            return l;
        })) {
            if (child instanceof StreamServerEndpointService ep) {
                smtpPort = local.call(() -> ((InetSocketAddress) ep.port().getHost()).getPort());
            }
        }
        return smtpPort;
    }

    private static void submit(int smtpPort, String body) throws Exception {
        try (Socket s = new Socket("127.0.0.1", smtpPort)) {
            s.setSoTimeout(30_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream out = s.getOutputStream();
            assertTrue(reply(in).startsWith("220"));
            assertTrue(command(out, in, "EHLO client.test").startsWith("250"));
            assertTrue(command(out, in, "MAIL FROM:<bob@local.test>").startsWith("250"));
            String rcpt = command(out, in, "RCPT TO:<alice@example.com>");
            assertTrue(rcpt.startsWith("250"), "relay accepted for a trusted network: " + rcpt);
            assertTrue(command(out, in, "DATA").startsWith("354"));
            out.write((body + ".\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String queued = reply(in);
            assertTrue(queued.startsWith("250"), queued);
            command(out, in, "QUIT");
        }
    }

    /** The remote messages once there is one (or none after 30 s). */
    private static List<Path> awaitDelivery(MailServerFixture remote) throws Exception {
        long deadline = System.nanoTime() + 30_000_000_000L;
        List<Path> delivered = remote.messages();
        while (delivered.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
            delivered = remote.messages();
        }
        return delivered;
    }

    private String queueState() throws Exception {
        StringBuilder queueState = new StringBuilder();
        try (var files = Files.walk(root.resolve("queue"))) {
            for (Path f : (Iterable<Path>) files::iterator) {
                queueState.append(f.getFileName()).append(f.toString().endsWith(".env") ? ": " + Files.readString(f) : "")
                        .append('\n');
            }
        }
        return queueState.toString();
    }

    /** The first envelope in the queue once it records an attempt (or null after 30 s). */
    private String awaitFirstAttempt() throws Exception {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            try (var files = Files.list(root.resolve("queue/queue"))) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    if (f.toString().endsWith(".env")) {
                        String env = Files.readString(f);
                        if (env.contains("\nattempts 1\n")) {
                            return env;
                        }
                    }
                }
            }
            Thread.sleep(50);
        }
        return null;
    }

    @Test
    void relaysToTheMailExchangerFoundThroughDnsOverOpportunisticTls() throws Exception {
        Path remoteRoot = Files.createDirectories(root.resolve("remote"));
        try (MailServerFixture remote = new MailServerFixture(remoteRoot);
             ReactorThread local = new ReactorThread("relay-local");
             ReactorThread dns = new ReactorThread("relay-dns")) {
            int dnsPort = startDns(dns, "@ IN MX 10 mx", "mx IN A 127.0.0.1");
            // The exchanger's certificate is self-signed for "localhost", not mx.example.com:
            // opportunistic TLS (the default) encrypts anyway.
            int smtpPort = startRelay(local, dnsPort, remote.smtpPort);
            String body = "From: bob@local.test\r\nTo: alice@example.com\r\nSubject: relayed\r\n\r\nrelayed through MX\r\n";
            submit(smtpPort, body);
            List<Path> delivered = awaitDelivery(remote);
            assertEquals(1, delivered.size(), "the relayed message reached the exchanger's Maildir; queue:\n" + queueState());
            String got = Files.readString(delivered.get(0), StandardCharsets.US_ASCII);
            assertTrue(got.contains("relayed through MX"), got);
            assertTrue(got.contains("Subject: relayed"), got);
            assertTrue(got.contains("with ESMTPS"), "the exchanger received it over TLS: " + got);
        }
    }

    @Test
    void requiredTlsVerifiesTheExchangerAgainstTheGivenAuthority() throws Exception {
        PrivateCertificate mxCert = SelfSigned.create("mx.example.com");
        Path pem = root.resolve("mx.pem");
        mxCert.writePem(pem, pem);
        Path ca = root.resolve("ca.pem");
        mxCert.writePem(root.resolve("unused-key.pem"), ca);
        Path remoteRoot = Files.createDirectories(root.resolve("remote"));
        try (MailServerFixture remote = new MailServerFixture(remoteRoot, "--certificate", pem.toString());
             ReactorThread local = new ReactorThread("relay-local");
             ReactorThread dns = new ReactorThread("relay-dns")) {
            int dnsPort = startDns(dns, "@ IN MX 10 mx", "mx IN A 127.0.0.1");
            int smtpPort = startRelay(local, dnsPort, remote.smtpPort, "--relay-tls", "required", "--relay-tls-ca", ca.toString());
            submit(smtpPort, "Subject: verified\r\n\r\nover verified TLS\r\n");
            List<Path> delivered = awaitDelivery(remote);
            assertEquals(1, delivered.size(), "queue:\n" + queueState());
            assertTrue(Files.readString(delivered.get(0), StandardCharsets.US_ASCII).contains("with ESMTPS"));
        }
    }

    @Test
    void requiredTlsKeepsTheMessageWhenTheCertificateDoesNotNameTheMxHost() throws Exception {
        Path remoteRoot = Files.createDirectories(root.resolve("remote"));
        try (MailServerFixture remote = new MailServerFixture(remoteRoot);
             ReactorThread local = new ReactorThread("relay-local");
             ReactorThread dns = new ReactorThread("relay-dns")) {
            int dnsPort = startDns(dns, "@ IN MX 10 mx", "mx IN A 127.0.0.1");
            // The exchanger's certificate is trusted (given as the CA) but names "localhost", not the
            // MX host mx.example.com: refused.
            int smtpPort = startRelay(local, dnsPort, remote.smtpPort, "--relay-tls", "required",
                    "--relay-tls-ca", remote.certificate.toString());
            submit(smtpPort, "Subject: kept\r\n\r\nnever in clear\r\n");
            String envelope = awaitFirstAttempt();
            assertNotNull(envelope, "an attempt was made and recorded; queue:\n" + queueState());
            assertTrue(envelope.contains("\nto alice@example.com\n"), "kept for a retry: " + envelope);
            assertEquals(List.of(), remote.messages(), "never sent in clear");
            assertFalse(Files.isDirectory(root.resolve("local/bob/new")) && Files.list(root.resolve("local/bob/new")).findAny()
                    .isPresent(), "no bounce: a TLS failure is temporary");
        }
    }

    @Test
    void relayTlsOptionsAreChecked() throws Exception {
        MailServiceMaker maker = new MailServiceMaker();
        Path ca = root.resolve("ca.pem");
        SelfSigned.create("mx.example.com").writePem(root.resolve("key.pem"), ca);
        Path resolv = Files.writeString(root.resolve("resolv.conf"), "nameserver 127.0.0.1\n");
        try (ReactorThread local = new ReactorThread("relay-options")) {
            for (List<String> bad : List.of(List.of("--relay-tls", "sometimes"),
                    List.of("--relay-tls-ca", ca.toString()),
                    List.of("--relay-tls", "required", "--relay-tls-ca", root.resolve("missing.pem").toString()))) {
                List<String> args = new ArrayList<>(List.of("--smtp", "tcp:0:interface=127.0.0.1", "--no-pop3", "--no-imap4",
                        "--maildirdbmdomain", "local.test=" + root.resolve("local"), "--relay", root.resolve("queue").toString(),
                        "--relay-resolv-conf", resolv.toString()));
                args.addAll(bad);
                ParsedOptions options = maker.options().parse(args);
                Exception e = assertThrows(Exception.class, () -> local.call(() -> maker.makeService(local.reactor, options)));
                Throwable cause = e;
                while (cause != null && !(cause instanceof io.twisted.application.UsageError)) {
                    cause = cause.getCause();
                }
                assertNotNull(cause, bad + ": " + e);
                assertTrue(cause.getMessage().contains("--relay-tls"), cause.getMessage());
            }
        }
    }

    /** Whether this machine can listen on the IPv6 loopback. */
    private static boolean ipv6Loopback() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("::1"))) {
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /** The port of the exchanger's listener on ::1 (--smtp is repeatable: the fixture also listens on 127.0.0.1). */
    private static int ipv6SmtpPort(MailServerFixture remote) throws Exception {
        for (Service child : remote.reactor.call(() -> {
            List<Service> l = new ArrayList<>();
            ((Iterable<Service>) remote.service).forEach(l::add);
            return l;
        })) {
            if (child instanceof StreamServerEndpointService ep) {
                InetSocketAddress a = remote.reactor.call(() -> (InetSocketAddress) ep.port().getHost());
                if (a.getAddress() instanceof java.net.Inet6Address) {
                    return a.getPort();
                }
            }
        }
        throw new AssertionError("the exchanger does not listen on ::1");
    }

    @Test
    void relaysToAnExchangerThatHasOnlyAnIpv6Address() throws Exception {
        if (!ipv6Loopback()) {
            // Under CI the test must run: no IPv6 loopback there is an environment error, not a skip.
            assertNotEquals("true", System.getenv("CI"), "CI=true but this machine cannot bind ::1");
            Assumptions.abort("no IPv6 loopback (::1) on this machine");
        }
        Path remoteRoot = Files.createDirectories(root.resolve("remote"));
        try (MailServerFixture remote = new MailServerFixture(remoteRoot, "--smtp", "tcp6:0:interface=\\:\\:1");
             ReactorThread local = new ReactorThread("relay-local");
             ReactorThread dns = new ReactorThread("relay-dns")) {
            // mx6 has an AAAA record only; the exchanger listens on ::1 only.
            int dnsPort = startDns(dns, "@ IN MX 10 mx6", "mx6 IN AAAA ::1");
            int smtpPort = startRelay(local, dnsPort, ipv6SmtpPort(remote));
            submit(smtpPort, "Subject: six\r\n\r\nover IPv6\r\n");
            List<Path> delivered = awaitDelivery(remote);
            assertEquals(1, delivered.size(), "queue:\n" + queueState());
            String got = Files.readString(delivered.get(0), StandardCharsets.US_ASCII);
            assertTrue(got.contains("over IPv6"), got);
            assertTrue(got.contains("::1") || got.contains("0:0:0:0:0:0:0:1"), "the trace header names the IPv6 client: " + got);
        }
    }

    private static String command(OutputStream out, BufferedReader in, String line) throws Exception {
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return reply(in);
    }

    private static String reply(BufferedReader in) throws Exception {
        String l;
        do {
            l = in.readLine();
        } while (l != null && l.length() > 3 && l.charAt(3) == '-');
        return String.valueOf(l);
    }
}
