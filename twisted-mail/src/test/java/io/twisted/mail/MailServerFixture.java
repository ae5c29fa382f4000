package io.twisted.mail;

import io.twisted.application.ParsedOptions;
import io.twisted.application.Service;
import io.twisted.application.StreamServerEndpointService;
import io.twisted.internet.tls.PrivateCertificate;
import io.twisted.internet.tls.SelfSigned;
import io.twisted.testing.ReactorThread;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code twist mail} as the plugin builds it, on a real reactor on 127.0.0.1 port 0, with a
 * self-signed certificate, domain {@code example.com} in a temporary folder and user
 * {@code alice}/{@code secret}.
 */
final class MailServerFixture implements AutoCloseable {

    final ReactorThread reactor = new ReactorThread("mail-server");
    final Path root;
    final Path certificate;
    final Service service;
    final int smtpPort;
    final int pop3Port;
    final int imapPort;

    MailServerFixture(Path root, String... extra) throws Exception {
        this(root, false, extra);
    }

    /** With {@code implicitTls} the three servers listen on {@code ssl:} endpoints (RFC 8314). */
    MailServerFixture(Path root, boolean implicitTls, String... extra) throws Exception {
        this.root = root;
        this.certificate = root.resolve("server.pem");
        PrivateCertificate cert = SelfSigned.create("localhost");
        cert.writePem(certificate, certificate);
        String endpoint = implicitTls ? "ssl:0:privateKey=" + certificate + ":interface=127.0.0.1" : "tcp:0:interface=127.0.0.1";
        List<String> args = new ArrayList<>(List.of("--smtp", endpoint, "--pop3", endpoint,
                "--imap4", endpoint, "--hostname", "mx.example.com",
                "--maildirdbmdomain", "example.com=" + root.resolve("mail"), "--user", "alice=secret",
                "--certificate", certificate.toString()));
        args.addAll(List.of(extra));
        MailServiceMaker maker = new MailServiceMaker();
        ParsedOptions options = maker.options().parse(args);
        service = reactor.call(() -> {
            Service s = maker.makeService(reactor.reactor, options);
            s.privilegedStartService();
            s.startService();
            return s;
        });
        List<Integer> ports = new ArrayList<>();
        for (Service child : reactor.call(() -> {
            List<Service> l = new ArrayList<>();
            ((Iterable<Service>) service).forEach(l::add);
            return l;
        })) {
            if (!(child instanceof StreamServerEndpointService)) {
                continue; // the relay manager's service
            }
            StreamServerEndpointService ep = (StreamServerEndpointService) child;
            ports.add(reactor.call(() -> ((InetSocketAddress) ep.port().getHost()).getPort()));
        }
        smtpPort = ports.get(0);
        pop3Port = ports.get(1);
        imapPort = ports.get(2);
    }

    /** alice's Maildir. */
    Path maildir() {
        return root.resolve("mail").resolve("alice");
    }

    /** The files in alice's {@code new/} and {@code cur/}. */
    List<Path> messages() throws Exception {
        List<Path> out = new ArrayList<>();
        for (String sub : List.of("new", "cur")) {
            Path d = maildir().resolve(sub);
            if (Files.isDirectory(d)) {
                try (Stream<Path> s = Files.list(d)) {
                    s.forEach(out::add);
                }
            }
        }
        return out;
    }

    @Override
    public void close() throws Exception {
        try {
            reactor.call(() -> service.stopService());
        } finally {
            reactor.close();
        }
    }
}
