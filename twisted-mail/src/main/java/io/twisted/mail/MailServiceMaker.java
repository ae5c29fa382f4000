package io.twisted.mail;

import io.twisted.application.MultiService;
import io.twisted.application.Options;
import io.twisted.application.ParsedOptions;
import io.twisted.application.Service;
import io.twisted.application.ServiceMaker;
import io.twisted.application.StreamServerEndpointService;
import io.twisted.application.UsageError;
import io.twisted.cred.CredentialsChecker;
import io.twisted.cred.Portal;
import io.twisted.cred.checkers.InMemoryUsernamePasswordDatabase;
import io.twisted.cred.checkers.PasswordFile;
import io.twisted.cred.checkers.PasswordFileChecker;
import io.twisted.cred.credentials.UsernamePassword;
import io.twisted.internet.Factory;
import io.twisted.internet.Reactor;
import io.twisted.internet.defer.Deferred;
import io.twisted.internet.endpoints.Endpoints;
import io.twisted.internet.threads.Threads;
import io.twisted.internet.tls.PrivateCertificate;
import io.twisted.internet.tls.ServerTlsOptions;
import io.twisted.internet.tls.TlsOptions;
import io.twisted.mail.maildir.MaildirNames;
import io.twisted.mail.maildir.MaildirStore;
import io.twisted.mail.imap4.ImapServerProtocol;
import io.twisted.mail.pop3.Pop3ServerProtocol;
import io.twisted.mail.smtp.SmtpServerOptions;
import io.twisted.mail.smtp.SmtpServerProtocol;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code twist mail}: an ESMTP server delivering into Maildirs, and POP3 and IMAP4 servers
 * reading them (after Twisted's {@code twistd mail}).
 *
 * <pre>
 * twist mail --smtp tcp:8025 --pop3 tcp:8110 --imap4 tcp:8143 --hostname mx.example.com \
 *     --maildirdbmdomain example.com=/var/mail/example.com --user alice=secret --certificate server.pem
 * </pre>
 *
 * <p>Safe by default: mail is accepted only for users of the configured domains, never relayed
 * (there is no outbound queue, so every other recipient gets {@code 550 5.7.1}); SMTP AUTH,
 * POP3 USER/PASS and IMAP LOGIN are offered only over TLS, which needs {@code --certificate}; APOP and CRAM-MD5
 * (no password on the wire) are offered when the users come from {@code --user}. Users given with
 * {@code --user NAME=PASS} or in the {@code --passwordfile} belong to every domain; a name
 * {@code NAME@DOMAIN} belongs to that domain only. A user logs in as {@code NAME} (first domain)
 * or {@code NAME@DOMAIN}. Implicit TLS (RFC 8314) works with {@code ssl:} endpoints, e.g.
 * {@code --smtp ssl:465:privateKey=server.pem --pop3 ssl:995:privateKey=server.pem}.
 */
public final class MailServiceMaker implements ServiceMaker {

    private static final System.Logger LOG = System.getLogger(MailServiceMaker.class.getName());

    @Override
    public String tapname() {
        return "mail";
    }

    @Override
    public String description() {
        return "An email service: ESMTP delivery into Maildirs, POP3 and IMAP4 access.";
    }

    @Override
    public Options options() {
        return new Options()
                .repeatable("smtp", 's', "ENDPOINT", List.of("tcp:8025"), "Endpoint for the ESMTP server.")
                .repeatable("pop3", 'p', "ENDPOINT", List.of("tcp:8110"), "Endpoint for the POP3 server.")
                .repeatable("imap4", "ENDPOINT", List.of("tcp:8143"), "Endpoint for the IMAP4rev1 server.")
                .flag("no-smtp", "Do not run an SMTP server.")
                .flag("no-imap4", "Do not run an IMAP4 server.")
                .flag("no-pop3", "Do not run a POP3 server.")
                .repeatable("maildirdbmdomain", 'd', "DOMAIN=PATH", List.of(),
                        "A domain delivered into Maildirs under PATH (PATH/USER/{cur,new,tmp}).")
                .repeatable("user", 'u', "USER=PASS", List.of(), "A user and password (USER for every domain, or USER@DOMAIN).")
                .parameter("passwordfile", "FILE", null,
                        "A file of users who may log in and receive mail: USER:HASH lines as 'twist passwd FILE USER' writes them"
                                + " (PBKDF2), or Twisted's plain USER:PASSWORD lines (accepted with a warning).")
                .parameter("hostname", 'H', "NAME", null, "The server's name in greetings and Received headers.")
                .parameter("certificate", "PEM", null,
                        "A PEM file with the private key and certificate chain: enables STARTTLS (SMTP, IMAP) and STLS (POP3), and with them logins.")
                .flag("bounce-to-postmaster", 'b', "Give mail for unknown users of a domain to its postmaster user instead of refusing it.")
                .flag("esmtp", 'E', "Accepted for Twisted compatibility: the SMTP server always speaks ESMTP (RFC 5321 extensions).")
                .parameter("aliases", 'A', "FILE", null,
                        "An aliases(5) file for the local domains: NAME: targets, where a target is a user, user@domain"
                                + " (sent out through --relay), /file (appended, mbox) or |command (the message on its input).")
                .flag("disable-anonymous", "Refuse SMTP mail from clients that have not logged in (AUTH).")
                .parameter("max-message-size", "BYTES", String.valueOf(SmtpServerOptions.DEFAULT_MAX_MESSAGE_SIZE),
                        "The largest message accepted over SMTP.")
                .parameter("relay", "QUEUEDIR", null,
                        "Relay mail for other domains through an on-disk queue in QUEUEDIR (MX lookup, retries, RFC 3464 bounces),"
                                + " for clients that logged in (AUTH) or come from a --relay-network only. Without it nothing is relayed.")
                .repeatable("relay-network", "CIDR", List.of(),
                        "A client network allowed to relay without logging in, e.g. 192.0.2.0/24 (with --relay).")
                .parameter("relay-resolv-conf", "FILE", "/etc/resolv.conf",
                        "Name servers for the MX lookups of --relay (resolv.conf format).")
                .repeatable("relay-dns", "ADDR:PORT", List.of(),
                        "A name server for the MX lookups of --relay, instead of those of --relay-resolv-conf.")
                .parameter("relay-port", "PORT", "25", "The port relayed mail is sent to on mail exchangers (with --relay).")
                .parameter("relay-tls", "MODE", "opportunistic",
                        "STARTTLS towards mail exchangers (with --relay). none: never. opportunistic (default, RFC 7435,"
                                + " Postfix's 'may'): encrypt when the exchanger offers STARTTLS, accepting any certificate"
                                + " (self-signed, other name: not verified, logged at debug); in clear when it is not offered"
                                + " or refused; when the TLS handshake fails, once more in clear on a new connection."
                                + " required: TLS with the certificate verified (trust store, or --relay-tls-ca) and naming"
                                + " the MX host; otherwise the message waits for a retry, never sent in clear.")
                .parameter("relay-tls-ca", "FILE", null,
                        "A PEM bundle of the certificate authorities trusted for --relay-tls required, instead of the"
                                + " JDK's trust store (a private CA).");
    }

    @Override
    public Service makeService(Reactor reactor, ParsedOptions options) {
        String hostname = options.get("hostname");
        if (hostname == null) {
            hostname = localHostName();
        }
        MaildirNames names = new MaildirNames(Clock.systemUTC(), hostname);
        MailDomains domains = new MailDomains();
        for (String spec : options.getAll("maildirdbmdomain")) {
            int eq = spec.indexOf('=');
            if (eq <= 0 || eq == spec.length() - 1) {
                throw new UsageError("--maildirdbmdomain wants DOMAIN=PATH, not " + spec);
            }
            domains.addDomain(spec.substring(0, eq), new MaildirStore(Path.of(spec.substring(eq + 1)), names));
        }

        List<CredentialsChecker> checkers = new ArrayList<>();
        InMemoryUsernamePasswordDatabase memory = new InMemoryUsernamePasswordDatabase();
        List<String[]> users = new ArrayList<>();
        for (String spec : options.getAll("user")) {
            int eq = spec.indexOf('=');
            if (eq <= 0) {
                throw new UsageError("--user wants USER=PASS, not " + spec);
            }
            users.add(new String[] {spec.substring(0, eq), spec.substring(eq + 1)});
        }
        String passwordFile = options.get("passwordfile");
        if (passwordFile != null) {
            users.addAll(plainTextUsers(Path.of(passwordFile)));
        }
        for (String[] user : users) {
            String name = user[0];
            String password = user[1];
            addUser(domains, name);
            memory.addUser(name, password);
            int at = name.lastIndexOf('@');
            if (at < 0) {
                for (String d : domains.domains()) {
                    memory.addUser(name + "@" + d, password);
                }
            }
        }
        if (!users.isEmpty()) {
            checkers.add(memory);
        }
        if (passwordFile != null) {
            if (!java.nio.file.Files.isRegularFile(Path.of(passwordFile))) {
                throw new UsageError("--passwordfile " + passwordFile + " is not a file");
            }
            try {
                for (String name : PasswordFile.load(Path.of(passwordFile)).entries().keySet()) {
                    addUser(domains, name);
                }
            } catch (IOException | RuntimeException e) {
                throw new UsageError("cannot read --passwordfile " + passwordFile + ": " + e.getMessage());
            }
            PasswordFileChecker fileChecker = PasswordFileChecker.builder(Path.of(passwordFile), reactor,
                    r -> reactor.getThreadPool().callInThread(r)).build();
            if (users.isEmpty()) {
                checkers.add(fileChecker);
            } else {
                // Both sources: try the file when the in-memory users refuse.
                checkers.set(0, new EitherChecker(memory, fileChecker));
            }
        }

        TlsOptions tls = null;
        String certificate = options.get("certificate");
        if (certificate != null) {
            try {
                tls = ServerTlsOptions.of(PrivateCertificate.fromPem(Path.of(certificate)));
            } catch (RuntimeException e) {
                throw new UsageError("cannot use --certificate " + certificate + ": " + e.getMessage());
            }
        }

        long maxSize;
        try {
            maxSize = Long.parseLong(options.get("max-message-size"));
        } catch (NumberFormatException e) {
            throw new UsageError("--max-message-size wants a number of bytes");
        }

        BlockingCalls blocking = new BlockingCalls() {
            @Override
            public <T> Deferred<T> run(Callable<? extends T> call) {
                return Threads.deferToThread(reactor, call);
            }
        };
        LocalDelivery delivery = new LocalDelivery(domains, blocking);
        if (options.isSet("bounce-to-postmaster")) {
            delivery = delivery.withPostmasterFallback();
        }
        Portal portal = new Portal(new MailRealm(domains, delivery), checkers);

        MultiService service = new MultiService();
        io.twisted.mail.smtp.MessageDelivery smtpDelivery = delivery;
        io.twisted.mail.relay.RelayQueue[] queue = new io.twisted.mail.relay.RelayQueue[1];
        String relayDir = options.get("relay");
        if (relayDir != null) {
            smtpDelivery = relay(reactor, options, hostname, domains, delivery, Path.of(relayDir), service, queue);
        } else if (!options.getAll("relay-network").isEmpty()) {
            throw new UsageError("--relay-network needs --relay QUEUEDIR");
        }
        String aliasFile = options.get("aliases");
        if (aliasFile != null) {
            Aliases aliases;
            Path spool;
            try {
                aliases = Aliases.load(Path.of(aliasFile));
                spool = java.nio.file.Files.createTempDirectory("twist-mail-aliases");
                spool.toFile().deleteOnExit();
            } catch (IOException | IllegalArgumentException e) {
                throw new UsageError("cannot use --aliases " + aliasFile + ": " + e.getMessage());
            }
            java.util.function.BiFunction<io.twisted.mail.smtp.MailAddress, io.twisted.mail.smtp.MailAddress,
                    io.twisted.mail.smtp.MessageReceiver> forward = queue[0] == null ? null : (from, to) -> {
                        try {
                            return queue[0].newMessage(from, List.of(to));
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    };
            smtpDelivery = new AliasingDelivery(smtpDelivery, domains, aliases, forward, spool, blocking);
        }
        io.twisted.mail.smtp.MessageDelivery smtpDeliveryFinal = smtpDelivery;
        if (!options.isSet("no-smtp")) {
            SmtpServerOptions.Builder smtp = SmtpServerOptions.builder(hostname).maxMessageSize(maxSize)
                    .requireAuthentication(options.isSet("disable-anonymous")).tls(tls);
            if (!checkers.isEmpty()) {
                smtp.portal(portal);
            }
            SmtpServerOptions smtpOptions = smtp.build();
            for (String ep : options.getAll("smtp")) {
                new StreamServerEndpointService(Endpoints.serverFromString(reactor, ep),
                        Factory.forProtocol(() -> new SmtpServerProtocol(smtpOptions, smtpDeliveryFinal, reactor)))
                        .setRaiseSynchronously(true).setServiceParent(service);
            }
        }
        if (!options.isSet("no-pop3")) {
            Pop3ServerProtocol.Options pop = new Pop3ServerProtocol.Options(hostname, portal, tls, false,
                    Pop3ServerProtocol.Options.DEFAULT_IDLE_TIMEOUT, new SecureRandom());
            for (String ep : options.getAll("pop3")) {
                new StreamServerEndpointService(Endpoints.serverFromString(reactor, ep),
                        Factory.forProtocol(() -> new Pop3ServerProtocol(pop, reactor)))
                        .setRaiseSynchronously(true).setServiceParent(service);
            }
        }
        if (!options.isSet("no-imap4")) {
            ImapServerProtocol.Options imap = new ImapServerProtocol.Options(hostname, portal, tls, false,
                    ImapServerProtocol.Options.DEFAULT_IDLE_TIMEOUT, ImapServerProtocol.Options.DEFAULT_IDLE_POLL);
            for (String ep : options.getAll("imap4")) {
                new StreamServerEndpointService(Endpoints.serverFromString(reactor, ep),
                        Factory.forProtocol(() -> new ImapServerProtocol(imap, reactor)))
                        .setRaiseSynchronously(true).setServiceParent(service);
            }
        }
        return service;
    }

    /**
     * Sets up relaying: a queue in {@code dir}, MX lookups through twisted-names, an SMTP sender,
     * bounces delivered locally (or queued back to remote senders), and a service that starts and
     * stops the relay manager with the others. Returns the SMTP server's delivery.
     */
    private static io.twisted.mail.smtp.MessageDelivery relay(Reactor reactor, ParsedOptions options, String hostname,
            MailDomains domains, LocalDelivery local, Path dir, MultiService parent, io.twisted.mail.relay.RelayQueue[] queueOut) {
        io.twisted.mail.relay.RelayQueue queue;
        io.twisted.names.client.Resolver resolver;
        RelayPolicy policy;
        int port;
        try {
            port = Integer.parseInt(options.get("relay-port"));
        } catch (NumberFormatException e) {
            throw new UsageError("--relay-port wants a port number, not " + options.get("relay-port"));
        }
        try {
            policy = RelayPolicy.authenticatedOr(options.getAll("relay-network"));
        } catch (IllegalArgumentException e) {
            throw new UsageError("--relay-network: " + e.getMessage());
        }
        io.twisted.mail.smtp.client.SmtpClientOptions.TlsMode tlsMode;
        try {
            tlsMode = io.twisted.mail.smtp.client.SmtpClientOptions.TlsMode.valueOf(
                    options.get("relay-tls").toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UsageError("--relay-tls wants none, opportunistic or required, not " + options.get("relay-tls"));
        }
        io.twisted.mail.smtp.client.SmtpClientOptions.Builder clientOptions = io.twisted.mail.smtp.client.SmtpClientOptions
                .builder().heloName(hostname).tls(tlsMode);
        String ca = options.get("relay-tls-ca");
        if (ca != null) {
            if (tlsMode != io.twisted.mail.smtp.client.SmtpClientOptions.TlsMode.REQUIRED) {
                throw new UsageError("--relay-tls-ca is for --relay-tls required");
            }
            try {
                clientOptions.trustRoots(io.twisted.internet.tls.Pem.readCertificates(Path.of(ca)));
            } catch (RuntimeException e) {
                throw new UsageError("cannot use --relay-tls-ca " + ca + ": " + e.getMessage());
            }
        }
        java.util.function.DoubleSupplier wall = () -> System.currentTimeMillis() / 1000.0;
        try {
            queue = new io.twisted.mail.relay.RelayQueue(dir, wall);
        } catch (IOException e) {
            throw new UsageError("cannot use --relay " + dir + ": " + e.getMessage());
        }
        try {
            List<String> dns = options.getAll("relay-dns");
            if (!dns.isEmpty()) {
                List<java.net.InetSocketAddress> servers = new ArrayList<>();
                for (String d : dns) {
                    int colon = d.lastIndexOf(':');
                    if (colon <= 0) {
                        throw new UsageError("--relay-dns wants ADDR:PORT, not " + d);
                    }
                    servers.add(new java.net.InetSocketAddress(InetAddress.getByName(d.substring(0, colon)),
                            Integer.parseInt(d.substring(colon + 1))));
                }
                resolver = new io.twisted.names.client.ClientResolver(reactor, servers);
            } else {
                resolver = io.twisted.names.client.ClientResolver.fromResolvConf(reactor, Path.of(options.get("relay-resolv-conf")));
            }
        } catch (UsageError e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new UsageError("cannot use --relay-resolv-conf " + options.get("relay-resolv-conf") + ": " + e.getMessage());
        }
        io.twisted.mail.relay.BounceDelivery bounces = (to, message) -> {
            if (domains.isLocal(to.domain())) {
                return local.validateTo(null, io.twisted.mail.smtp.MailAddress.NULL_SENDER, to).addCallbackDeferred(receiver -> {
                    io.twisted.mail.smtp.MessageReceiver r = receiver.get();
                    r.write(java.nio.ByteBuffer.wrap(message));
                    return r.eomReceived();
                });
            }
            return Deferred.maybeDeferred(() -> queue.enqueue(io.twisted.mail.smtp.MailAddress.NULL_SENDER, List.of(to), message));
        };
        io.twisted.mail.relay.RelayManager manager = new io.twisted.mail.relay.RelayManager(queue, reactor, wall,
                new io.twisted.mail.relay.MxResolver(resolver),
                io.twisted.mail.relay.MessageSender.smtp(reactor, port, clientOptions.build()),
                bounces, hostname);
        io.twisted.application.AbstractService relayService = new io.twisted.application.AbstractService() {
            @Override
            public void startService() {
                super.startService();
                try {
                    manager.start();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException("cannot read the relay queue " + dir, e);
                }
            }

            @Override
            public Deferred<Void> stopService() {
                manager.stop();
                return super.stopService();
            }
        };
        relayService.setName("relay");
        relayService.setServiceParent(parent);
        queueOut[0] = queue;
        return new io.twisted.mail.relay.RelayingDelivery(local, domains::isLocal, queue, policy::mayRelay);
    }

    /**
     * The users of a password file written in Twisted's plain {@code USER:PASSWORD} form (what
     * Twisted's {@code --passwordfile} reads); lines holding a PBKDF2 hash are left to
     * {@link PasswordFileChecker}. Each plain line is logged as a warning (by number, never its
     * content), since the file should be hashed with {@code twist passwd}.
     */
    static List<String[]> plainTextUsers(Path file) {
        List<String> lines;
        try {
            if (java.nio.file.Files.size(file) > PasswordFile.MAX_FILE_SIZE) {
                throw new UsageError("--passwordfile " + file + " is larger than " + PasswordFile.MAX_FILE_SIZE + " bytes");
            }
            lines = java.nio.file.Files.readAllLines(file, java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            if (e instanceof UsageError u) {
                throw u;
            }
            throw new UsageError("cannot read --passwordfile " + file + ": " + e.getMessage());
        }
        List<String[]> users = new ArrayList<>();
        List<Integer> plainLines = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            String trimmed = line.strip();
            int colon = line.indexOf(':');
            if (trimmed.isEmpty() || trimmed.startsWith("#") || colon <= 0) {
                continue;
            }
            String name = line.substring(0, colon).strip();
            String secret = line.substring(colon + 1).strip();
            if (name.isEmpty() || secret.isEmpty() || secret.startsWith("$pbkdf2-")) {
                continue;
            }
            users.add(new String[] {name, secret});
            plainLines.add(i + 1);
        }
        if (!plainLines.isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, "--passwordfile " + file + " holds plain-text passwords on line(s) " + plainLines
                    + "; they are accepted, but hash them with 'twist passwd " + file + " USER'");
        }
        return users;
    }

    private static void addUser(MailDomains domains, String name) {
        int at = name.lastIndexOf('@');
        try {
            if (at >= 0) {
                domains.addUser(name.substring(at + 1), name.substring(0, at));
            } else {
                for (String d : domains.domains()) {
                    domains.addUser(d, name);
                }
            }
        } catch (IllegalArgumentException e) {
            throw new UsageError("bad user " + name + ": " + e.getMessage());
        }
    }

    private static String localHostName() {
        try {
            return InetAddress.getLocalHost().getCanonicalHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }

    /** Tries one checker, then the other: users from {@code --user} and from the password file. */
    private static final class EitherChecker implements CredentialsChecker {
        private final CredentialsChecker first;
        private final CredentialsChecker second;

        EitherChecker(CredentialsChecker first, CredentialsChecker second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public Set<Class<? extends io.twisted.cred.credentials.Credentials>> credentialInterfaces() {
            return first.credentialInterfaces();
        }

        @Override
        public Deferred<Object> requestAvatarId(io.twisted.cred.credentials.Credentials credentials) {
            if (!(credentials instanceof UsernamePassword)) {
                return first.requestAvatarId(credentials);
            }
            return first.requestAvatarId(credentials).addErrback(f -> {
                f.trap(io.twisted.cred.error.LoginFailed.class);
                return second.requestAvatarId(credentials);
            });
        }
    }
}
