package io.twisted.mail;

import static org.junit.jupiter.api.Assertions.*;

import io.twisted.application.ParsedOptions;
import io.twisted.application.Service;
import io.twisted.application.StreamServerEndpointService;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code twist mail --relay}, end to end over loopback: a client on a trusted network hands our
 * server a message for a remote domain; the relay looks up the domain's MX with our DNS server
 * (twisted-names), sends it with the SMTP client to the exchanger (a second mail server), and it
 * lands in the remote Maildir.
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

    @Test
    void relaysToTheMailExchangerFoundThroughDns() throws Exception {
        Path remoteRoot = Files.createDirectories(root.resolve("remote"));
        try (MailServerFixture remote = new MailServerFixture(remoteRoot);
             ReactorThread local = new ReactorThread("relay-local");
             ReactorThread dns = new ReactorThread("relay-dns")) {
            // DNS: example.com's mail exchanger is 127.0.0.1.
            Path zone = Files.writeString(root.resolve("example.com.zone"), String.join("\n",
                    "$ORIGIN example.com.", "$TTL 300",
                    "@ IN SOA ns hostmaster 1 3600 600 86400 300",
                    "@ IN NS ns", "ns IN A 127.0.0.1",
                    "@ IN MX 10 mx", "mx IN A 127.0.0.1", ""));
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
            // Our server: local.test is local; other domains relay for 127.0.0.1.
            MailServiceMaker maker = new MailServiceMaker();
            ParsedOptions options = maker.options().parse(List.of("--smtp", "tcp:0:interface=127.0.0.1", "--no-pop3",
                    "--no-imap4", "--hostname", "relay.local.test",
                    "--maildirdbmdomain", "local.test=" + root.resolve("local"), "--user", "bob=secret",
                    "--relay", root.resolve("queue").toString(), "--relay-network", "127.0.0.1/32",
                    "--relay-dns", "127.0.0.1:" + dnsPort, "--relay-port", String.valueOf(remote.smtpPort),
                    // The exchanger's certificate names localhost, not mx.example.com: relay in clear here.
                    "--relay-tls", "none"));
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
                if (child instanceof StreamServerEndpointService) {
                    StreamServerEndpointService ep = (StreamServerEndpointService) child;
                    smtpPort = local.call(() -> ((InetSocketAddress) ep.port().getHost()).getPort());
                }
            }
            String body = "From: bob@local.test\r\nTo: alice@example.com\r\nSubject: relayed\r\n\r\nrelayed through MX\r\n";
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
            long deadline = System.nanoTime() + 30_000_000_000L;
            List<Path> delivered = remote.messages();
            while (delivered.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(50);
                delivered = remote.messages();
            }
            StringBuilder queueState = new StringBuilder();
            try (var files = Files.walk(root.resolve("queue"))) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    queueState.append(f).append(f.toString().endsWith(".env") ? ": " + Files.readString(f) : "").append('\n');
                }
            }
            assertEquals(1, delivered.size(), "the relayed message reached the exchanger's Maildir; queue:\n" + queueState);
            String got = Files.readString(delivered.get(0), StandardCharsets.US_ASCII);
            assertTrue(got.contains("relayed through MX"), got);
            assertTrue(got.contains("Subject: relayed"), got);
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
