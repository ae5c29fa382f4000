package io.twisted.web.tap;

import io.twisted.application.AbstractService;
import io.twisted.application.MultiService;
import io.twisted.application.Options;
import io.twisted.application.ParsedOptions;
import io.twisted.application.Service;
import io.twisted.application.ServiceMaker;
import io.twisted.application.StreamServerEndpointService;
import io.twisted.application.UsageError;
import io.twisted.internet.ListeningPort;
import io.twisted.internet.Reactor;
import io.twisted.internet.defer.Deferred;
import io.twisted.internet.endpoints.Endpoints;
import io.twisted.internet.tls.ServerTlsOptions;
import io.twisted.web.files.File;
import io.twisted.web.files.StaticOptions;
import io.twisted.web.proxy.ForwardProxyResource;
import io.twisted.web.resource.Resource;
import io.twisted.web.server.Site;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code twist web [--listen ENDPOINT]... [--path DIR | --class NAME] [--https PORT]}: serves a
 * directory of static files (the current one by default) or a {@link Resource} class on every
 * endpoint given (default {@code tcp:8080}) and, with {@code --https}, over TLS with the PEM key and
 * certificate of {@code --privkey}/{@code --certificate} (default {@code server.pem}, as Twisted),
 * logging each request in the combined log format.
 */
public final class WebServiceMaker implements ServiceMaker {

    private static final System.Logger ACCESS = System.getLogger("io.twisted.web.access");

    @Override
    public String tapname() {
        return "web";
    }

    @Override
    public String description() {
        return "A web server: static files from a directory, or a Resource class.";
    }

    @Override
    public Options options() {
        return new Options()
                .repeatable("listen", "ENDPOINT", List.of("tcp:8080"), "Endpoint to listen on.")
                .parameter("path", "DIR", null, "Directory of static files to serve [default: the current directory].")
                .parameter("class", "NAME", null, "A Resource class (public, no-argument constructor) to serve instead.")
                .repeatable("index", "NAME", List.of("index.html"), "Index file name for directories, tried in order.")
                .repeatable("mime-type", "EXT=TYPE", List.of(), "Serve files ending in .EXT as TYPE.")
                .repeatable("add-header", "NAME:VALUE", List.of(), "Add a header to every response.")
                .flag("proxy", "Run an HTTP forward proxy instead of serving files (listen on a trusted interface only).")
                .parameter("https", "PORT", null, "Also serve HTTPS on this TCP port (see --certificate, --privkey).")
                .parameter("certificate", "PEM", "server.pem", "Certificate chain (PEM) for --https.")
                .parameter("privkey", "PEM", "server.pem", "Private key (PEM) for --https.")
                .flag("no-listing", "Answer 403 for directories without an index file instead of listing them.")
                .flag("display-tracebacks", "Show stack traces on 500 error pages.")
                .flag("no-tracebacks", 'n', "Never show stack traces on error pages (the default).")
                .alias("notracebacks", "no-tracebacks")
                .flag("no-access-log", "Do not log requests.")
                .longDescription("Endpoints use Twisted's syntax: " + String.join(", ", Endpoints.serverTypes()) + ".");
    }

    @Override
    public Service makeService(Reactor reactor, ParsedOptions options) {
        Resource root = options.isSet("proxy") ? new ForwardProxyResource(reactor)
                : options.get("class") != null ? loadResource(options.get("class")) : staticRoot(options);
        Site site = new Site(root, reactor).setDisplayTracebacks(options.isSet("display-tracebacks")
                && !options.isSet("no-tracebacks"));
        for (String header : options.getAll("add-header")) {
            int colon = header.indexOf(':');
            if (colon <= 0) {
                throw new UsageError("--add-header wants NAME:VALUE, not '" + header + "'");
            }
            site.addHeader(header.substring(0, colon).trim(), header.substring(colon + 1).trim());
        }
        if (!options.isSet("no-access-log")) {
            site.setAccessLog(line -> ACCESS.log(System.Logger.Level.INFO, line));
        }
        MultiService all = new MultiService();
        for (String description : options.getAll("listen")) {
            new StreamServerEndpointService(Endpoints.serverFromString(reactor, description), site)
                    .setRaiseSynchronously(true).setServiceParent(all);
        }
        if (options.get("https") != null) {
            int port = options.getInt("https", 0, 65535);
            ServerTlsOptions tls;
            try {
                tls = ServerTlsOptions.fromPem(Path.of(options.get("privkey")), Path.of(options.get("certificate")));
            } catch (RuntimeException e) {
                throw new UsageError("--https: cannot load --privkey " + options.get("privkey") + " / --certificate "
                        + options.get("certificate") + ": " + e.getMessage());
            }
            new TlsListenService(reactor, port, site, tls).setServiceParent(all);
        }
        return all;
    }

    /** Listens with TLS on a TCP port while running. */
    static final class TlsListenService extends AbstractService {
        private final Reactor reactor;
        private final int port;
        private final Site site;
        private final ServerTlsOptions tls;
        private ListeningPort listening;

        TlsListenService(Reactor reactor, int port, Site site, ServerTlsOptions tls) {
            this.reactor = reactor;
            this.port = port;
            this.site = site;
            this.tls = tls;
        }

        /** The listening port while running. */
        ListeningPort port() {
            return listening;
        }

        @Override
        public void startService() {
            super.startService();
            listening = reactor.listenSSL(port, site, tls);
        }

        @Override
        public Deferred<Void> stopService() {
            super.stopService();
            ListeningPort p = listening;
            listening = null;
            return p == null ? Deferred.succeed(null) : p.stopListening();
        }
    }

    private static Resource staticRoot(ParsedOptions options) {
        String dir = options.get("path") != null ? options.get("path") : ".";
        Path path = Path.of(dir);
        if (!Files.isDirectory(path)) {
            throw new UsageError("--path " + dir + " is not a directory");
        }
        StaticOptions so = new StaticOptions().setIndexNames(options.getAll("index"))
                .setDirectoryListing(!options.isSet("no-listing"));
        for (String mapping : options.getAll("mime-type")) {
            int eq = mapping.indexOf('=');
            if (eq <= 0) {
                throw new UsageError("--mime-type wants EXT=TYPE, not '" + mapping + "'");
            }
            so.mimeTypes().put(mapping.substring(0, eq), mapping.substring(eq + 1));
        }
        return new File(path, so);
    }

    private static Resource loadResource(String name) {
        try {
            Object o = Class.forName(name).getDeclaredConstructor().newInstance();
            if (!(o instanceof Resource)) {
                throw new UsageError("--class " + name + " is not an io.twisted.web.resource.Resource");
            }
            return (Resource) o;
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new UsageError("--class " + name + ": cannot instantiate (" + e + ")");
        }
    }
}
