package io.twisted.twist;

import io.twisted.application.Options;
import io.twisted.application.ParsedOptions;
import io.twisted.internet.Reactor;
import io.twisted.internet.endpoints.EndpointDescription;
import io.twisted.internet.endpoints.Endpoints;
import io.twisted.internet.endpoints.ServerEndpoint;
import io.twisted.internet.tls.PrivateCertificate;
import io.twisted.internet.tls.SelfSigned;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The TLS options a {@code twist} plugin offers for its {@code ssl:} listens, reusable by every
 * plugin: {@link #addTo(Options)} declares them, {@link #from(ParsedOptions)} reads them, and
 * {@link #serverFromString} makes endpoints, supplying the key and certificate to {@code ssl:}
 * descriptions that name none.
 *
 * <pre>
 *   --privkey KEY.pem        PEM private key for ssl: listens without privateKey= (Twisted's twist web name)
 *   --certificate CERT.pem   PEM certificate (chain) for them; each of the two defaults to the other
 *                            (one file holding both)
 *   --make-self-signed-certificate HOSTNAME
 *                            make a throwaway self-signed certificate for HOSTNAME (subjectAltName
 *                            HOSTNAME; for localhost also 127.0.0.1 and ::1), write its two PEM files
 *                            to a fresh temporary directory (logged), and use them
 * </pre>
 * Plugins run on several reactors keep a {@link PerRun} so the options are read once per run.
 * A description that names its own {@code privateKey} keeps it. An {@code ssl:} listen with no key
 * from either place is an error saying which options would supply one.
 */
public final class TlsListenOptions {

    private static final System.Logger LOG = System.getLogger("twist");

    static final String PRIVKEY = "privkey";
    static final String CERTIFICATE = "certificate";
    static final String MAKE_SELF_SIGNED = "make-self-signed-certificate";

    private final Path privateKey;
    private final Path certificate;

    private TlsListenOptions(Path privateKey, Path certificate) {
        this.privateKey = privateKey;
        this.certificate = certificate;
    }

    /** Declares {@code --privkey}, {@code --certificate} and {@code --make-self-signed-certificate} on {@code options}. */
    public static Options addTo(Options options) {
        return options
                .parameter(PRIVKEY, "KEY.pem", null,
                        "PEM private key for ssl: listens that give no privateKey= (default: the --certificate file).")
                .parameter(CERTIFICATE, "CERT.pem", null,
                        "PEM certificate (chain) for those listens (default: the --privkey file, holding both).")
                .parameter(MAKE_SELF_SIGNED, "HOSTNAME", null,
                        "Make a throwaway self-signed certificate for HOSTNAME, write its PEM files to a new temporary"
                                + " directory (logged) and use it for ssl: listens that give no privateKey=.");
    }

    /**
     * Reads the options; with {@code --make-self-signed-certificate} makes the certificate now and
     * logs where its files are.
     *
     * @throws IllegalArgumentException if both a self-signed certificate and PEM files are asked
     *     for, or a file given does not exist
     */
    public static TlsListenOptions from(ParsedOptions options) {
        String key = options.isSet(PRIVKEY) ? options.get(PRIVKEY) : null;
        String cert = options.isSet(CERTIFICATE) ? options.get(CERTIFICATE) : null;
        String selfSigned = options.isSet(MAKE_SELF_SIGNED) ? options.get(MAKE_SELF_SIGNED) : null;
        if (selfSigned != null) {
            if (key != null || cert != null) {
                throw new IllegalArgumentException("give --" + MAKE_SELF_SIGNED + " or --" + PRIVKEY + "/--" + CERTIFICATE + ", not both");
            }
            return makeSelfSigned(selfSigned);
        }
        if (key == null && cert == null) {
            return new TlsListenOptions(null, null);
        }
        Path keyPath = existing(PRIVKEY, key != null ? key : cert);
        Path certPath = existing(CERTIFICATE, cert != null ? cert : key);
        return new TlsListenOptions(keyPath, certPath);
    }

    /**
     * Remembers the {@link TlsListenOptions} made for one {@link ParsedOptions}, so that a plugin
     * whose {@code makeService} runs once per reactor ({@code twist --reactors N}) makes one
     * self-signed certificate, not one per reactor. Keep one in the plugin (a field).
     */
    public static final class PerRun {
        private ParsedOptions madeFor;
        private TlsListenOptions made;

        /** The options for {@code options}, made on the first call for that instance. */
        public synchronized TlsListenOptions get(ParsedOptions options) {
            if (madeFor != options) {
                made = from(options);
                madeFor = options;
            }
            return made;
        }
    }

    /** No default key: {@code ssl:} listens must name theirs. */
    public static TlsListenOptions none() {
        return new TlsListenOptions(null, null);
    }

    private static Path existing(String option, String file) {
        Path p = Path.of(file);
        if (!Files.isReadable(p)) {
            throw new IllegalArgumentException("--" + option + " '" + file + "' does not exist or is not readable");
        }
        return p;
    }

    private static TlsListenOptions makeSelfSigned(String hostname) {
        if (hostname.isEmpty()) {
            throw new IllegalArgumentException("--" + MAKE_SELF_SIGNED + " needs a host name");
        }
        PrivateCertificate cert = SelfSigned.create(hostname);
        try {
            Path dir = Files.createTempDirectory("twist-tls-");
            Path key = dir.resolve("key.pem");
            Path crt = dir.resolve("cert.pem");
            cert.writePem(key, crt);
            LOG.log(System.Logger.Level.INFO, "made a self-signed certificate for " + hostname + ": private key " + key
                    + ", certificate " + crt + " (trust the certificate in clients, e.g. openssl s_client -CAfile " + crt + ")");
            return new TlsListenOptions(key, crt);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the self-signed certificate: " + e.getMessage(), e);
        }
    }

    /** The default private key file, or {@code null}. */
    public Path privateKey() {
        return privateKey;
    }

    /** The default certificate file, or {@code null}. */
    public Path certificate() {
        return certificate;
    }

    /**
     * {@code description} with this key and certificate added when it is an {@code ssl:} server
     * description naming no private key (by keyword or position); otherwise unchanged.
     *
     * @throws IllegalArgumentException for such a description when there is no default key
     */
    public String complete(String description) {
        EndpointDescription d = EndpointDescription.parse(description);
        if (!d.type().toLowerCase(Locale.ROOT).equals("ssl") || d.kwargs().containsKey("privateKey") || d.args().size() >= 2) {
            return description;
        }
        if (privateKey == null) {
            throw new IllegalArgumentException("ssl: missing privateKey in \"" + description + "\": add :privateKey=KEY.pem"
                    + "[:certKey=CERT.pem], or give --" + PRIVKEY + "/--" + CERTIFICATE + " or --" + MAKE_SELF_SIGNED + " HOSTNAME");
        }
        StringBuilder sb = new StringBuilder(description).append(":privateKey=").append(Endpoints.quoteStringArgument(privateKey.toString()));
        if (!d.kwargs().containsKey("certKey")) {
            sb.append(":certKey=").append(Endpoints.quoteStringArgument(certificate.toString()));
        }
        return sb.toString();
    }

    /** {@link Endpoints#serverFromString} of {@link #complete(String) the completed description}. */
    public ServerEndpoint serverFromString(Reactor reactor, String description) {
        return Endpoints.serverFromString(reactor, complete(description));
    }
}
